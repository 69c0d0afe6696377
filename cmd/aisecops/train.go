package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aisecops/aisecops/internal/inject/train"
)

// loadTraining reads every *.jsonl file of dir into training documents,
// keyed by file name, with the same strict reader as eval. eval --lofo
// trains on these; train reads only the files of its manifest.
func loadTraining(dir string) (map[string][]train.Doc, []string, error) {
	files, err := corpusFiles(dir)
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
		err := readCorpus(f, func(_ int, r record) error {
			d := train.Doc{Text: *r.Text, Injection: r.Label == "injection"}
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

// notForShipped reads the corpus's groups.json and returns the files it
// lists in not_for_shipped_model: their licences forbid training the model
// that ships. A corpus without the list cannot be checked, so it is an
// error, not an empty list.
func notForShipped(dir string) (map[string]bool, error) {
	path := filepath.Join(dir, "groups.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (it must list the files that may not train the shipped model in not_for_shipped_model, [] for none)", path, err)
	}
	var g struct {
		NotForShipped *[]string `json:"not_for_shipped_model"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if g.NotForShipped == nil {
		return nil, fmt.Errorf("%s: field not_for_shipped_model: missing (list the files that may not train the shipped model, [] for none)", path)
	}
	out := map[string]bool{}
	for _, n := range *g.NotForShipped {
		out[n] = true
	}
	return out, nil
}

// shippedSources checks a manifest against a corpus and returns the paths
// of its files in name order, the order training reads them in, so the
// model does not depend on the order of the manifest's lines. Every file
// that is missing or that groups.json forbids is reported.
func shippedSources(corpus, manifest string) ([]string, error) {
	files, err := corpusFiles(corpus)
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
	forbidden, err := notForShipped(corpus)
	if err != nil {
		return nil, err
	}
	var out []string
	var errs []error
	for _, s := range srcs {
		switch {
		case forbidden[s.name]:
			errs = append(errs, fmt.Errorf("%s:%d: %q is listed in %s not_for_shipped_model: its licence forbids training the shipped model", manifest, s.line, s.name, filepath.Join(corpus, "groups.json")))
		case !present[s.name]:
			errs = append(errs, fmt.Errorf("%s:%d: %q is not in --corpus %s", manifest, s.line, s.name, corpus))
		default:
			out = append(out, filepath.Join(corpus, s.name))
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
	var docs []train.Doc
	for _, n := range names {
		docs = append(docs, byFile[n]...)
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
