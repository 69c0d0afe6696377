package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aisecops/aisecops/internal/wire"
	"github.com/aisecops/aisecops/rules"
)

// parseDirection reads a --direction flag value.
func parseDirection(s string) (rules.Direction, error) {
	switch s {
	case "request":
		return rules.Request, nil
	case "response":
		return rules.Response, nil
	}
	return rules.Request, fmt.Errorf("--direction: invalid value %q (want request|response)", s)
}

// loadPolicy reads and compiles a policy file, or the default policy.
func loadPolicy(path string) (*rules.Policy, error) {
	if path == "" {
		return rules.DefaultPolicy()
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p, err := rules.Load(data)
	if err != nil {
		return nil, fmt.Errorf("policy %s:\n%w", path, err)
	}
	return p, nil
}

func policyValidate(path string, stdout, stderr io.Writer) int {
	p, err := loadPolicy(path)
	if err != nil {
		fmt.Fprintf(stderr, "invalid: %v\n", err)
		return exitRefused
	}
	// The filter checks this at start, not the policy reader: say it
	// here, before the policy is deployed and the filter refuses to start.
	if h := p.FaultInjectionHeader(); h != "" {
		fmt.Fprintf(stderr, "invalid: filter.fault_injection_header %q: the production filter (aisecops.wasm) refuses to start with it "+
			"(a caller could use the hook to force the on_error path); only the test build made with -tags aisecops_fault loads it\n", h)
		return exitRefused
	}
	if p.Config().Capture == "full" {
		fmt.Fprint(stderr, "warning: capture: full puts whole flagged texts and tool arguments into every proxy log line; "+
			"for forensic replay use evidence (docs/replay.md)\n")
	}
	fmt.Fprintf(stdout, "valid: %s policy_version=%s hash=%s mode=%s\n", path, p.Version(), p.Hash(), p.Config().Mode)
	return exitOK
}

func scan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	policyPath := fs.String("policy", "", "policy file (default: the built-in default policy)")
	formatName := fs.String("format", "", "payload format: openai_chat|openai_responses|anthropic_messages|mcp|a2a (default: detect)")
	dirName := fs.String("direction", "request", "request or response")
	summary := fs.Bool("summary", false, "print one line per payload instead of JSON verdicts")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprint(stderr, "usage: aisecops scan [--policy FILE] [--format F] [--direction request|response] [--summary] PAYLOAD.json...\n")
		return exitUsage
	}
	dir, err := parseDirection(*dirName)
	if err != nil {
		fmt.Fprintf(stderr, "scan: %v\n", err)
		return exitUsage
	}
	var format rules.Format
	if *formatName != "" {
		f, err := rules.ParseFormat(*formatName)
		if err != nil {
			fmt.Fprintf(stderr, "scan: --format: %v\n", err)
			return exitUsage
		}
		format = f
	}
	p, err := loadPolicy(*policyPath)
	if err != nil {
		fmt.Fprintf(stderr, "scan: %v\n", err)
		return exitUsage
	}
	code := exitOK
	for _, path := range fs.Args() {
		body, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "scan: %v\n", err)
			return exitUsage
		}
		if dir == rules.Response && format == rules.FormatUnknown && framedAsEvents(body) {
			fmt.Fprintf(stderr, "scan: %s: an event-stream response needs --format (its API cannot be told from its events)\n", path)
			return exitUsage
		}
		for i, v := range scanExchange(p, format, dir, body) {
			name := path
			if i > 0 {
				name = fmt.Sprintf("%s#%d", path, i+1)
			}
			if v.Action.Refuses() {
				code = exitRefused
			}
			if *summary {
				printSummary(stdout, name, v)
				continue
			}
			out, err := json.MarshalIndent(report{File: name, Verdict: v, Extracted: segmentReport(v)}, "", "  ")
			if err != nil {
				fmt.Fprintf(stderr, "scan: %v\n", err)
				return exitUsage
			}
			fmt.Fprintf(stdout, "%s\n", out)
		}
	}
	return code
}

// scanExchange decides on one body through the filter's decision path
// (rules.Exchange), as the filter would with no earlier exchange: a
// request body, or a response body typed as an event stream when it is
// framed as one (an MCP or A2A stream gives a verdict per event).
func scanExchange(p *rules.Policy, format rules.Format, dir rules.Direction, body []byte) []*rules.Verdict {
	x := p.NewExchange(rules.ExchangeInfo{Format: format, Method: "POST"}, &rules.MemoryStore{})
	if dir == rules.Request {
		return []*rules.Verdict{x.Request(body)}
	}
	ct := "application/json"
	if framedAsEvents(body) {
		ct = "text/event-stream"
	}
	failed := func(f *rules.Failure) []*rules.Verdict {
		return []*rules.Verdict{p.FailureVerdict(rules.Response, format, f.Reason, f.Detail, p.FailureAction(f))}
	}
	mode, f := x.ResponseHeaders("200", []string{ct})
	if f != nil {
		return failed(f)
	}
	if mode == rules.ResponseEvents {
		_, results, f := x.StreamChunk(nil, body, true)
		var out []*rules.Verdict
		for _, r := range results {
			out = append(out, r.Verdict)
		}
		if f != nil {
			out = append(out, failed(f)...)
		}
		return out
	}
	v, f := x.ResponseBody(body)
	if f != nil {
		return failed(f)
	}
	return []*rules.Verdict{v}
}

type report struct {
	File string `json:"file"`
	*rules.Verdict
	Extracted []segmentLine `json:"extracted,omitempty"`
}

type segmentLine struct {
	wire.Segment
	Text string `json:"excerpt"`
}

// segmentReport lists the extracted segments with a bounded excerpt.
func segmentReport(v *rules.Verdict) []segmentLine {
	if v.Payload == nil {
		return nil
	}
	out := make([]segmentLine, 0, len(v.Payload.Segments))
	for _, s := range v.Payload.Segments {
		out = append(out, segmentLine{Segment: s, Text: excerpt(s.Text, 80)})
	}
	return out
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + "..."
}

func printSummary(w io.Writer, path string, v *rules.Verdict) {
	var calls []string
	for _, c := range v.Calls {
		calls = append(calls, c.Name+"="+c.Action.String())
	}
	for _, t := range v.Tools {
		if !t.Visible {
			calls = append(calls, t.Name+"=hidden")
		}
	}
	for _, sv := range v.Segments {
		if sv.Action != rules.ActionAllow {
			rule := ""
			if len(sv.Findings) > 0 {
				rule = "/" + sv.Findings[0].Rule
			}
			calls = append(calls, sv.Path+"="+sv.Action.String()+rule)
		}
	}
	reason := v.Reason
	if reason == "" {
		reason = "-"
	}
	fmt.Fprintf(w, "%-48s %-18s %-8s %-16s %s\n", path, v.Format, v.Action, reason, strings.Join(calls, " "))
}

// framedAsEvents reports whether a body starts like an event stream.
func framedAsEvents(body []byte) bool {
	t := bytes.TrimLeft(body, " \t\r\n")
	for _, p := range []string{"data:", "event:", "id:", "retry:", ":"} {
		if bytes.HasPrefix(t, []byte(p)) {
			return true
		}
	}
	return false
}
