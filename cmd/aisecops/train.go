package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/aisecops/aisecops/internal/corpus"
	"github.com/aisecops/aisecops/internal/inject/train"
)

// loadTraining reads every *.jsonl file of dir into training documents,
// keyed by file name, with the same strict reader as eval. eval --lofo
// trains on these; train reads only the files of its manifest.
func loadTraining(dir string) (map[string][]train.Doc, []string, error) {
	files, err := corpus.Files(dir)
	if err != nil {
		return nil, nil, err
	}
	return loadTrainingFiles(files)
}

// loadTrainingFiles reads the given corpus files, in the order given.
func loadTrainingFiles(files []string) (map[string][]train.Doc, []string, error) {
	out := map[string][]train.Doc{}
	var names []string
	for _, f := range files {
		name := filepath.Base(f)
		names = append(names, name)
		err := corpus.Read(f, func(_ int, r corpus.Record) error {
			d := train.Doc{Text: *r.Text, Injection: r.Label == "injection", User: r.Meta.Channel == "user"}
			if a := r.Meta.AttackText; d.Injection && a != "" {
				i := strings.Index(d.Text, a)
				if i < 0 {
					// The attack is present only in encoded form: the
					// detector decodes it at run time; its plain windows
					// carry no clean label.
					return nil
				}
				d.Spans = [][2]int{{i, i + len(a)}}
			}
			out[name] = append(out[name], d)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return out, names, nil
}

// sourceLine is one file name of a training manifest and the line it is on.
type sourceLine struct {
	name string
	line int
}

// readSources parses a training manifest: one corpus file name a line;
// blank lines and lines starting with '#' are ignored. Names are bare
// *.jsonl file names (never paths, so a manifest cannot reach outside the
// corpus) and appear once.
func readSources(path string) ([]sourceLine, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--sources %s: %w", path, err)
	}
	var out []sourceLine
	var errs []error
	seen := map[string]int{}
	for i, l := range strings.Split(string(b), "\n") {
		n := i + 1
		name := strings.TrimSpace(l)
		switch {
		case name == "" || strings.HasPrefix(name, "#"):
			continue
		case strings.ContainsAny(name, `/\`) || name != filepath.Base(name):
			errs = append(errs, fmt.Errorf("%s:%d: %q: want a file name of --corpus, not a path", path, n, name))
		case !strings.HasSuffix(name, ".jsonl") || name == ".jsonl":
			errs = append(errs, fmt.Errorf("%s:%d: %q: want a *.jsonl file name", path, n, name))
		case seen[name] != 0:
			errs = append(errs, fmt.Errorf("%s:%d: %q is listed twice (first on line %d)", path, n, name, seen[name]))
		default:
			seen[name] = n
			out = append(out, sourceLine{name: name, line: n})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: names no files", path)
	}
	return out, nil
}

// corpusGroups is what a corpus's groups.json says: which files share an
// upstream source (left out together when a model is scored on data it
// has not seen), and which files' licences forbid training the model
// that ships.
type corpusGroups struct {
	path       string
	groupOf    map[string]string // file -> group; nil when groups.json has no groups
	notShipped map[string]bool
}

// readGroups reads a corpus's groups.json. not_for_shipped_model is
// required: a corpus without the list cannot be checked, so it is an
// error, not an empty list. groups is optional here; lofo asks for it.
func readGroups(dir string) (*corpusGroups, error) {
	path := filepath.Join(dir, "groups.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (it must list the files that may not train the shipped model in not_for_shipped_model, [] for none)", path, err)
	}
	var g struct {
		Groups        map[string][]string `json:"groups"`
		NotForShipped *[]string           `json:"not_for_shipped_model"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if g.NotForShipped == nil {
		return nil, fmt.Errorf("%s: field not_for_shipped_model: missing (list the files that may not train the shipped model, [] for none)", path)
	}
	cg := &corpusGroups{path: path, notShipped: map[string]bool{}}
	for _, n := range *g.NotForShipped {
		cg.notShipped[n] = true
	}
	if g.Groups != nil {
		cg.groupOf = map[string]string{}
		names := make([]string, 0, len(g.Groups))
		for name := range g.Groups {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			for _, f := range g.Groups[name] {
				if prev, dup := cg.groupOf[f]; dup {
					return nil, fmt.Errorf("%s: groups.%s: %q is also in group %s: a file belongs to one group", path, name, f, prev)
				}
				cg.groupOf[f] = name
			}
		}
	}
	return cg, nil
}

// grouped returns docs of file with their group set (none when
// groups.json has no groups: calibration then deals texts one by one).
func (g *corpusGroups) grouped(file string, docs []train.Doc) []train.Doc {
	out := slices.Clone(docs)
	for i := range out {
		out[i].Group = g.groupOf[file]
	}
	return out
}

// notForShipped returns the files groups.json lists in
// not_for_shipped_model.
func notForShipped(dir string) (map[string]bool, error) {
	g, err := readGroups(dir)
	if err != nil {
		return nil, err
	}
	return g.notShipped, nil
}

// lofoTraining returns, for each group, the files a model scored on that
// group is trained on: every file of the other groups that may train the
// shipped model. Every corpus file must be in a group, and every file a
// group names must be in the corpus: a stale groups.json would otherwise
// leak a left-out source into training or skip one.
func (g *corpusGroups) lofoTraining(files []string) (map[string][]string, error) {
	if g.groupOf == nil {
		return nil, fmt.Errorf("%s: field groups: missing (--lofo leaves one group of files out at a time)", g.path)
	}
	in := map[string]bool{}
	var errs []error
	for _, f := range files {
		in[f] = true
		if _, ok := g.groupOf[f]; !ok {
			errs = append(errs, fmt.Errorf("%s: %s is in no group (add it to the group of its upstream source, or a group of its own)", g.path, f))
		}
	}
	for f, name := range g.groupOf {
		if !in[f] {
			errs = append(errs, fmt.Errorf("%s: groups.%s names %s, which is not in the corpus", g.path, name, f))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, f := range files {
		name := g.groupOf[f]
		if _, ok := out[name]; ok {
			continue
		}
		out[name] = []string{}
		for _, t := range files {
			if g.groupOf[t] != name && !g.notShipped[t] {
				out[name] = append(out[name], t)
			}
		}
	}
	return out, nil
}

// shippedSources checks a manifest against a corpus and returns the paths
// of its files in name order, the order training reads them in, so the
// model does not depend on the order of the manifest's lines. Every file
// that is missing or that groups.json forbids is reported.
func shippedSources(dir, manifest string) ([]string, error) {
	files, err := corpus.Files(dir)
	if err != nil {
		return nil, err
	}
	present := map[string]bool{}
	for _, f := range files {
		present[filepath.Base(f)] = true
	}
	srcs, err := readSources(manifest)
	if err != nil {
		return nil, err
	}
	forbidden, err := notForShipped(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	var errs []error
	for _, s := range srcs {
		switch {
		case forbidden[s.name]:
			errs = append(errs, fmt.Errorf("%s:%d: %q is listed in %s not_for_shipped_model: its licence forbids training the shipped model", manifest, s.line, s.name, filepath.Join(dir, "groups.json")))
		case !present[s.name]:
			errs = append(errs, fmt.Errorf("%s:%d: %q is not in --corpus %s", manifest, s.line, s.name, dir))
		default:
			out = append(out, filepath.Join(dir, s.name))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Strings(out)
	return out, nil
}

func trainCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	corpus := fs.String("corpus", "", "directory of *.jsonl records, with groups.json")
	sources := fs.String("sources", "", "manifest of the corpus files to train on (default: --out with the extension .sources, e.g. internal/inject/model.sources)")
	out := fs.String("out", "", "where to write the model (e.g. internal/inject/model.bin)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *corpus == "" || *out == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, "usage: aisecops train --corpus DIR [--sources FILE] --out FILE\n")
		return exitUsage
	}
	if *sources == "" {
		*sources = strings.TrimSuffix(*out, filepath.Ext(*out)) + ".sources"
	}
	files, err := shippedSources(*corpus, *sources)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return exitUsage
	}
	byFile, names, err := loadTrainingFiles(files)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return exitUsage
	}
	g, err := readGroups(*corpus)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return exitUsage
	}
	var docs []train.Doc
	for _, n := range names {
		docs = append(docs, g.grouped(n, byFile[n])...)
	}
	m, err := train.Model(docs, train.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return exitUsage
	}
	b, _ := m.MarshalBinary()
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "trained on %d texts from %d files (%s); wrote %s (%d bytes)\n", len(docs), len(names), *sources, *out, len(b))
	return exitOK
}
