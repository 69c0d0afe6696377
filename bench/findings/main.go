// Command findings prints one line per corpus text: the default policy's
// verdict (action, reason) and its segments (findings, offsets, scores)
// for the text as a tool result in an OpenAI chat request. Two runs, before
// and after a change, compared with cmp show whether the change kept every
// finding and verdict:
//
//	go run ./bench/findings ../shared/corpus > after.txt
//
// A corpus line that is not JSON with a text is an error, not a skip.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/aisecops/aisecops/rules"
)

func main() {
	p, err := rules.DefaultPolicy()
	if err != nil {
		fmt.Fprintln(os.Stderr, "findings:", err)
		os.Exit(1)
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: findings CORPUS_DIR")
		os.Exit(2)
	}
	files, err := filepath.Glob(filepath.Join(os.Args[1], "*.jsonl"))
	if err != nil || len(files) == 0 {
		fmt.Fprintf(os.Stderr, "findings: no *.jsonl files in %s\n", os.Args[1])
		os.Exit(2)
	}
	sort.Strings(files)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, "findings:", err)
			os.Exit(2)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		n := 0
		for sc.Scan() {
			n++
			if len(sc.Bytes()) == 0 {
				continue
			}
			var r struct{ Text *string }
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.Text == nil {
				fmt.Fprintf(os.Stderr, "findings: %s:%d: want a JSON object with a string text (%v)\n", f, n, err)
				os.Exit(2)
			}
			body, _ := json.Marshal(map[string]any{"model": "m", "messages": []any{
				map[string]any{"role": "user", "content": "summarise"},
				map[string]any{"role": "assistant", "tool_calls": []any{map[string]any{"id": "c1", "type": "function", "function": map[string]any{"name": "fetch", "arguments": "{}"}}}},
				map[string]any{"role": "tool", "tool_call_id": "c1", "content": *r.Text},
			}})
			v := p.Evaluate(rules.Input{Body: body, Format: rules.FormatOpenAIChat})
			seg, _ := json.Marshal(v.Segments)
			fmt.Fprintf(out, "%s:%d %s %s %s\n", filepath.Base(f), n, v.Action, v.Reason, seg)
		}
		if err := sc.Err(); err != nil {
			fmt.Fprintf(os.Stderr, "findings: %s: %v\n", f, err)
			os.Exit(2)
		}
		fh.Close()
	}
}
