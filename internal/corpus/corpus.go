// Package corpus reads the labelled corpora (../shared/corpus): one JSON
// record per line, strictly. The CLI's eval and train and the findings
// dump read them through it.
package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Record is one corpus line. Only Text is given to the detector; Label and
// Kind are the ground truth used for scoring, and Meta.AttackText (BIPIA)
// is read by training alone, to label which span is the attack.
type Record struct {
	// ID names the record in reports (optional: the line number then).
	ID    string  `json:"id"`
	Text  *string `json:"text"`
	Label string  `json:"label"`
	Kind  string  `json:"kind"`
	Meta  struct {
		AttackText string `json:"attack_text"`
		// Channel is where the text reaches the model: "untrusted" (a
		// document, e-mail, tool output) or "user" (typed by the user).
		Channel string `json:"channel"`
	} `json:"meta"`
}

// Files lists a corpus directory's *.jsonl files in name order. Its
// errors name the directory as the --corpus flag.
func Files(dir string) ([]string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("--corpus %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("--corpus %s: not a directory", dir)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("--corpus %s: no *.jsonl files", dir)
	}
	sort.Strings(files)
	return files, nil
}

// Read calls fn for each record of a JSONL file, with strict checks:
// every line must be an object with a string text and a known label; an
// error names the file, the line and the field.
func Read(path string, fn func(line int, r Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	n := 0
	for sc.Scan() {
		n++
		if len(sc.Bytes()) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return fmt.Errorf("%s:%d: invalid JSON record: %w", path, n, err)
		}
		if r.Text == nil {
			return fmt.Errorf("%s:%d: field text: missing or not a string", path, n)
		}
		if r.Label != "injection" && r.Label != "benign" {
			return fmt.Errorf("%s:%d: field label: invalid value %q (want injection|benign)", path, n, r.Label)
		}
		if err := fn(n, r); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", path, n+1, err)
	}
	return nil
}
