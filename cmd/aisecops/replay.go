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
// versions (exit 1 when any does, unless --expect lists exactly those): a
// gate for policy changes. Evidence captures (--captures) carry their own
// baseline, the policy that decided them; Envoy tap traces (--tap) are
// read into exchanges.
func replayCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	policyPath := fs.String("policy", "", "policy to replay under (default: the built-in default policy; with --captures: none, only re-decide under the recorded ones)")
	baseline := fs.String("baseline", "", "earlier policy to compare with (not with --captures: each capture names its own)")
	dirName := fs.String("direction", "request", "direction of plain payload files: request or response")
	events := fs.Bool("events", false, "exchange recordings: print every security event as a JSON line")
	captures := fs.String("captures", "", "evidence captures: a runner URL (GET /v1/captures) or a file saved from it")
	token := fs.String("token", os.Getenv("AISECOPS_APPROVER_TOKEN"), "approver token for --captures URL (default $AISECOPS_APPROVER_TOKEN)")
	tap := fs.Bool("tap", false, "the files are Envoy HTTP tap traces (client_* and upstream_* files, see docs/replay.md)")
	asJSON := fs.Bool("json", false, "with --captures: print the result as one JSON document")
	expect := fs.String("expect", "", "file of the change lines expected (as printed); exit 0 when the changes are exactly these")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	usage := func(msg string) int {
		fmt.Fprintf(stderr, "replay: %s\nusage: aisecops replay [--policy FILE] [--baseline FILE] [--expect FILE] [--direction request|response] PAYLOAD.json|RECORDING.jsonl...\n"+
			"       aisecops replay --captures URL|FILE [--policy FILE] [--json] [--expect FILE] [--token T]\n"+
			"       aisecops replay --tap [--policy FILE] [--baseline FILE] [--expect FILE] TRACE.json...\n", msg)
		return exitUsage
	}
	switch {
	case *captures != "" && (fs.NArg() > 0 || *baseline != "" || *tap):
		return usage("--captures takes no files, no --baseline (each capture names its policy) and no --tap")
	case *captures == "" && fs.NArg() == 0:
		return usage("no input")
	case *asJSON && *captures == "":
		return usage("--json is for --captures")
	}
	var next, base *rules.Policy
	if *policyPath != "" || *captures == "" {
		var err error
		if next, err = loadPolicy(*policyPath); err != nil {
			fmt.Fprintf(stderr, "replay: %v\n", err)
			return exitUsage
		}
	}
	if *baseline != "" {
		var err error
		if base, err = loadPolicy(*baseline); err != nil {
			fmt.Fprintf(stderr, "replay: baseline: %v\n", err)
			return exitUsage
		}
	}
	var changes []string
	failed := false
	switch {
	case *captures != "":
		caps, policies, err := readExport(*captures, *token)
		if err != nil {
			fmt.Fprintf(stderr, "replay: %v\n", err)
			return exitUsage
		}
		res, sum, err := replayCaptures(caps, policies, next)
		if err != nil {
			fmt.Fprintf(stderr, "replay: %v\n", err)
			return exitUsage
		}
		if *asJSON {
			for _, r := range res {
				if r.Changed {
					changes = append(changes, fmt.Sprintf("%s %s %s CHANGED %s  ->  %s", r.ID, r.Method, r.Path, orAllow(r.UnderOld), orAllow(r.UnderNew)))
				}
			}
			b, _ := json.MarshalIndent(struct {
				Captures []captureResult `json:"captures"`
				Summary  replaySummary   `json:"summary"`
			}{res, sum}, "", "  ")
			fmt.Fprintln(stdout, string(b))
		} else {
			changes = printCaptureReplay(stdout, res, sum, next)
		}
		if sum.Differs > 0 {
			fmt.Fprintf(stderr, "replay: %d captures do not re-decide as recorded under their own policy\n", sum.Differs)
			failed = true
		}
		if sum.Undecided > 0 {
			fmt.Fprintf(stderr, "replay: %d captures cannot be decided under %s (their bodies were refused unread): what it would change is unknown\n", sum.Undecided, next.Version())
			failed = true
		}
	case *tap:
		sets, err := readTapFiles(fs.Args())
		if err != nil {
			fmt.Fprintf(stderr, "replay: %v\n", err)
			return exitUsage
		}
		if changes, err = replayExchanges(sets, next, base, *events, stdout); err != nil {
			fmt.Fprintf(stderr, "replay: %v\n", err)
			return exitUsage
		}
	default:
		exchanges := isExchangeRecording(fs.Arg(0))
		for _, path := range fs.Args()[1:] {
			if isExchangeRecording(path) != exchanges {
				return usage(fs.Arg(0) + " and " + path + ": exchange recordings and body files cannot be replayed together")
			}
		}
		var err error
		if exchanges {
			var sets []exchangeSet
			if sets, err = readExchangeFiles(fs.Args()); err == nil {
				changes, err = replayExchanges(sets, next, base, *events, stdout)
			}
		} else {
			dir, derr := parseDirection(*dirName)
			if derr != nil {
				return usage(derr.Error())
			}
			changes, err = replayBodies(fs.Args(), dir, next, base, stdout)
		}
		if err != nil {
			fmt.Fprintf(stderr, "replay: %v\n", err)
			return exitUsage
		}
	}
	if *expect != "" {
		unexpected, missing, err := checkExpected(*expect, changes)
		if err != nil {
			fmt.Fprintf(stderr, "replay: --expect: %v\n", err)
			return exitUsage
		}
		for _, u := range unexpected {
			fmt.Fprintf(stderr, "replay: unexpected change: %s\n", u)
		}
		for _, m := range missing {
			fmt.Fprintf(stderr, "replay: expected change did not happen: %s\n", m)
		}
		if len(unexpected)+len(missing) > 0 || failed {
			return exitRefused
		}
		fmt.Fprintf(stdout, "changes are exactly the %d expected\n", len(changes))
		return exitOK
	}
	if len(changes) > 0 || failed {
		return exitRefused
	}
	return exitOK
}

// replayBodies replays payload files and body recordings (JSON lines of
// {"direction", "format", "body"}) through Evaluate.
func replayBodies(paths []string, dir rules.Direction, next, base *rules.Policy, stdout io.Writer) ([]string, error) {
	var inputs []replayInput
	for _, path := range paths {
		in, err := readReplay(path, dir)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, in...)
	}
	var changes []string
	for _, in := range inputs {
		v := next.Evaluate(rules.Input{Body: in.body, Direction: in.direction, Format: in.format})
		line := decisionLine(v)
		if base == nil {
			fmt.Fprintf(stdout, "%-48s %s\n", in.name, line)
			continue
		}
		old := decisionLine(base.Evaluate(rules.Input{Body: in.body, Direction: in.direction, Format: in.format}))
		if old != line {
			c := fmt.Sprintf("%s CHANGED %s  ->  %s", in.name, old, line)
			changes = append(changes, c)
			fmt.Fprintln(stdout, c)
		}
	}
	if base != nil {
		fmt.Fprintf(stdout, "%d of %d recorded bodies decided differently (%s -> %s)\n", len(changes), len(inputs), base.Version(), next.Version())
	}
	return changes, nil
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
