// Command findings prints one line per corpus text: the default policy's
// verdict (action, reason) and its segments (findings, offsets, scores)
// for the text as a tool result in an OpenAI chat request. Two runs, before
// and after a change, compared with cmp show whether the change kept every
// finding and verdict:
//
//	go run ./bench/findings ../shared/corpus > after.txt
//
// The corpus is read as the CLI's eval reads it (internal/corpus): a bad
// record is an error naming its file and line, not a skip.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aisecops/aisecops/internal/corpus"
	"github.com/aisecops/aisecops/rules"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: findings CORPUS_DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "findings:", err)
		os.Exit(2)
	}
}

func run(dir string) error {
	p, err := rules.DefaultPolicy()
	if err != nil {
		return err
	}
	files, err := corpus.Files(dir)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, f := range files {
		err := corpus.Read(f, func(line int, r corpus.Record) error {
			body, err := json.Marshal(map[string]any{"model": "m", "messages": []any{
				map[string]any{"role": "user", "content": "summarise"},
				map[string]any{"role": "assistant", "tool_calls": []any{map[string]any{"id": "c1", "type": "function", "function": map[string]any{"name": "fetch", "arguments": "{}"}}}},
				map[string]any{"role": "tool", "tool_call_id": "c1", "content": *r.Text},
			}})
			if err != nil {
				return err
			}
			v := p.Evaluate(rules.Input{Body: body, Format: rules.FormatOpenAIChat})
			seg, err := json.Marshal(v.Segments)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(out, "%s:%d %s %s %s\n", filepath.Base(f), line, v.Action, v.Reason, seg)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
