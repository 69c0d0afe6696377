package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aisecops/aisecops/internal/recording"
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

// replayExchanges re-decides recorded exchanges through the filter's
// decision path (recording.Decide over rules.Exchange), in recorded
// order, with a fresh store per file: what the filter would have logged.
// With a baseline it reports every exchange whose events differ.
func replayExchanges(paths []string, next, base *rules.Policy, printEvents bool, stdout, stderr io.Writer) int {
	changed, total := 0, 0
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(stderr, "replay: %v\n", err)
			return exitUsage
		}
		exs, err := recording.Read(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "replay: %s: %v\n", path, err)
			return exitUsage
		}
		nextStore, baseStore := &rules.MemoryStore{}, &rules.MemoryStore{}
		for i := range exs {
			total++
			name := fmt.Sprintf("%s:%d %s %s", path, i+1, exs[i].Method, exs[i].Path)
			evs, err := recording.Decide(next, nextStore, &exs[i])
			if err != nil {
				fmt.Fprintf(stderr, "replay: %s: %v\n", name, err)
				return exitUsage
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
			old, err := recording.Decide(base, baseStore, &exs[i])
			if err != nil {
				fmt.Fprintf(stderr, "replay: %s: %v\n", name, err)
				return exitUsage
			}
			if o := eventsLine(old); o != line {
				changed++
				fmt.Fprintf(stdout, "%-60s CHANGED %s  ->  %s\n", name, o, line)
			}
		}
	}
	if base != nil {
		fmt.Fprintf(stdout, "%d of %d recorded exchanges decided differently (%s -> %s)\n", changed, total, base.Version(), next.Version())
		if changed > 0 {
			return exitRefused
		}
	}
	return exitOK
}

// eventsLine summarises an exchange's events: direction, layer, action,
// reason and where, for each ("allow" when there is none).
func eventsLine(evs []rules.Event) string {
	if len(evs) == 0 {
		return "allow"
	}
	parts := make([]string, 0, len(evs))
	for _, e := range evs {
		p := e.Direction.String() + ":" + e.Layer + ":" + e.Action
		if e.Reason != "" {
			p += ":" + string(e.Reason)
		}
		if e.Tool != "" {
			p += ":" + e.Tool
		}
		if e.Path != "" {
			p += "@" + e.Path
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}
