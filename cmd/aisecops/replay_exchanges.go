package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aisecops/aisecops/internal/recording"
	"github.com/aisecops/aisecops/internal/recording/decide"
	"github.com/aisecops/aisecops/rules"
)

// isExchangeRecording reports whether a JSONL file holds whole exchanges
// (the recording format) rather than bodies: by its first line.
func isExchangeRecording(path string) bool {
	if !strings.HasSuffix(path, ".jsonl") {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 128<<20)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			return recording.IsRecording(line)
		}
	}
	return false
}

// exchangeSet is the exchanges of one file, in recorded order.
type exchangeSet struct {
	name string
	exs  []recording.Exchange
}

func readExchangeFiles(paths []string) ([]exchangeSet, error) {
	var sets []exchangeSet
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		exs, err := recording.Read(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		sets = append(sets, exchangeSet{path, exs})
	}
	return sets, nil
}

// replayExchanges re-decides recorded exchanges through the filter's
// decision path (decide.Decide over rules.Exchange), in recorded order,
// with a fresh store per set: what the filter would have logged. With a
// baseline it reports every exchange whose events differ, and returns
// those lines (what --expect compares).
func replayExchanges(sets []exchangeSet, next, base *rules.Policy, printEvents bool, stdout io.Writer) (changes []string, err error) {
	total := 0
	for _, set := range sets {
		nextStore, baseStore := &rules.MemoryStore{}, &rules.MemoryStore{}
		for i := range set.exs {
			total++
			ex := &set.exs[i]
			name := fmt.Sprintf("%s:%d %s %s", set.name, i+1, ex.Method, ex.Path)
			evs, err := decide.Decide(next, nextStore, ex)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			line := eventsLine(evs)
			if base == nil {
				if printEvents {
					for _, e := range evs {
						fmt.Fprintf(stdout, "{\"exchange\":%d,%s\n", i+1, e.AppendJSON(nil)[1:])
					}
					continue
				}
				fmt.Fprintf(stdout, "%-60s %s\n", name, line)
				continue
			}
			old, err := decide.Decide(base, baseStore, ex)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if o := eventsLine(old); o != line {
				c := fmt.Sprintf("%s CHANGED %s  ->  %s", name, o, line)
				changes = append(changes, c)
				fmt.Fprintln(stdout, c)
			}
		}
	}
	if base != nil {
		fmt.Fprintf(stdout, "%d of %d recorded exchanges decided differently (%s -> %s)\n", len(changes), total, base.Version(), next.Version())
	}
	return changes, nil
}

// eventsLine summarises an exchange's events: direction, layer, action,
// reason, tool and where, for each ("allow" when there is none).
func eventsLine(evs []rules.Event) string { return orAllow(eventKeys(evs)) }
