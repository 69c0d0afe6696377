package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aisecops/aisecops/rules"
)

// replayInput is one recorded body: a payload file, or one line of a JSONL
// recording {"direction": "request|response", "format": "...", "body": {...}}.
type replayInput struct {
	name      string
	direction rules.Direction
	format    rules.Format
	body      []byte
}

// replayCmd re-evaluates recorded traffic under a policy and, with a
// baseline, reports every decision that differs between the two policy
// versions (exit 1 when any does): a gate for policy changes.
func replayCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	policyPath := fs.String("policy", "", "policy to replay under (default: the built-in default policy)")
	baseline := fs.String("baseline", "", "earlier policy to compare with")
	dirName := fs.String("direction", "request", "direction of plain payload files: request or response")
	events := fs.Bool("events", false, "exchange recordings: print every security event as a JSON line")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprint(stderr, "usage: aisecops replay [--policy FILE] [--baseline FILE] [--direction request|response] PAYLOAD.json|RECORDING.jsonl...\n")
		return exitUsage
	}
	dir, err := parseDirection(*dirName)
	if err != nil {
		fmt.Fprintf(stderr, "replay: %v\n", err)
		return exitUsage
	}
	next, err := loadPolicy(*policyPath)
	if err != nil {
		fmt.Fprintf(stderr, "replay: %v\n", err)
		return exitUsage
	}
	var base *rules.Policy
	if *baseline != "" {
		if base, err = loadPolicy(*baseline); err != nil {
			fmt.Fprintf(stderr, "replay: baseline: %v\n", err)
			return exitUsage
		}
	}
	exchanges := isExchangeRecording(fs.Arg(0))
	for _, path := range fs.Args()[1:] {
		if isExchangeRecording(path) != exchanges {
			fmt.Fprintf(stderr, "replay: %s and %s: exchange recordings and body files cannot be replayed together\n", fs.Arg(0), path)
			return exitUsage
		}
	}
	if exchanges {
		return replayExchanges(fs.Args(), next, base, *events, stdout, stderr)
	}
	var inputs []replayInput
	for _, path := range fs.Args() {
		in, err := readReplay(path, dir)
		if err != nil {
			fmt.Fprintf(stderr, "replay: %v\n", err)
			return exitUsage
		}
		inputs = append(inputs, in...)
	}
	changed := 0
	for _, in := range inputs {
		v := next.Evaluate(rules.Input{Body: in.body, Direction: in.direction, Format: in.format})
		line := decisionLine(v)
		if base == nil {
			fmt.Fprintf(stdout, "%-48s %s\n", in.name, line)
			continue
		}
		old := decisionLine(base.Evaluate(rules.Input{Body: in.body, Direction: in.direction, Format: in.format}))
		if old != line {
			changed++
			fmt.Fprintf(stdout, "%-48s CHANGED %s  ->  %s\n", in.name, old, line)
		}
	}
	if base != nil {
		fmt.Fprintf(stdout, "%d of %d recorded bodies decided differently (%s -> %s)\n", changed, len(inputs), base.Version(), next.Version())
		if changed > 0 {
			return exitRefused
		}
	}
	return exitOK
}

// decisionLine summarises a verdict: action, reason, and each call's and
// segment's decision (the parts a policy change can move).
func decisionLine(v *rules.Verdict) string {
	parts := []string{v.Action.String()}
	if v.Reason != "" {
		parts = append(parts, string(v.Reason))
	}
	for _, c := range v.Calls {
		parts = append(parts, c.Name+"="+c.Action.String())
	}
	for _, s := range v.Segments {
		if s.Action != rules.ActionAllow {
			parts = append(parts, s.Path+"="+s.Action.String())
		}
	}
	for _, t := range v.Tools {
		if !t.Visible {
			parts = append(parts, t.Name+"=hidden")
		}
	}
	return strings.Join(parts, " ")
}

func readReplay(path string, dir rules.Direction) ([]replayInput, error) {
	if !strings.HasSuffix(path, ".jsonl") {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return []replayInput{{name: path, direction: dir, body: b}}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []replayInput
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		var rec struct {
			Direction string          `json:"direction"`
			Format    string          `json:"format"`
			Body      json.RawMessage `json:"body"`
		}
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		in := replayInput{name: fmt.Sprintf("%s:%d", path, n), direction: dir, body: rec.Body}
		switch rec.Direction {
		case "", "request":
			in.direction = rules.Request
		case "response":
			in.direction = rules.Response
		default:
			return nil, fmt.Errorf("%s:%d: direction: invalid value %q (want request|response)", path, n, rec.Direction)
		}
		if rec.Format != "" {
			if in.format, err = rules.ParseFormat(rec.Format); err != nil {
				return nil, fmt.Errorf("%s:%d: format: %w", path, n, err)
			}
		}
		if len(rec.Body) == 0 {
			return nil, fmt.Errorf("%s:%d: body: required", path, n)
		}
		out = append(out, in)
	}
	return out, sc.Err()
}
