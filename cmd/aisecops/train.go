package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/aisecops/aisecops/rules"
)

// loadTraining reads every *.jsonl file of dir into training documents,
// keyed by file name, with the same strict reader as eval.
func loadTraining(dir string) (map[string][]rules.TrainDoc, []string, error) {
	files, err := corpusFiles(dir)
	if err != nil {
		return nil, nil, err
	}
	out := map[string][]rules.TrainDoc{}
	var names []string
	for _, f := range files {
		name := filepath.Base(f)
		names = append(names, name)
		err := readCorpus(f, func(_ int, r record) error {
			d := rules.TrainDoc{Text: *r.Text, Injection: r.Label == "injection"}
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

func trainCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	corpus := fs.String("corpus", "", "directory of *.jsonl records")
	out := fs.String("out", "", "where to write the model (e.g. rules/model.bin)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *corpus == "" || *out == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, "usage: aisecops train --corpus DIR --out FILE\n")
		return exitUsage
	}
	byFile, names, err := loadTraining(*corpus)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return exitUsage
	}
	var docs []rules.TrainDoc
	for _, n := range names {
		docs = append(docs, byFile[n]...)
	}
	m, err := rules.TrainModel(docs, rules.TrainOptions{})
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return exitUsage
	}
	b, _ := m.MarshalBinary()
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "trained on %d texts from %d files; wrote %s (%d bytes)\n", len(docs), len(names), *out, len(b))
	return exitOK
}
