package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aisecops/aisecops/internal/corpus"
	"github.com/aisecops/aisecops/internal/inject"
	"github.com/aisecops/aisecops/internal/inject/train"
	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/rules"
)

type tally struct {
	Name       string  `json:"name"`
	Injections int     `json:"injections"`
	Detected   int     `json:"detected"`
	Benign     int     `json:"benign"`
	FalsePos   int     `json:"false_positives"`
	Recall     float64 `json:"recall"`
	FPR        float64 `json:"fpr"`
}

func (t *tally) add(injection, flagged bool) {
	if injection {
		t.Injections++
		if flagged {
			t.Detected++
		}
		return
	}
	t.Benign++
	if flagged {
		t.FalsePos++
	}
}

func (t *tally) finish() {
	if t.Injections > 0 {
		t.Recall = float64(t.Detected) / float64(t.Injections)
	}
	if t.Benign > 0 {
		t.FPR = float64(t.FalsePos) / float64(t.Benign)
	}
}

type evalResult struct {
	// Channel is the channel of records without meta.channel.
	Channel string `json:"channel"`
	// Channels has the figures per channel (untrusted, user).
	Channels []*tally `json:"channels"`
	Files    []*tally `json:"files"`
	Kinds    []*tally `json:"kinds"`
	Total    *tally   `json:"total"`
	// Listed has the records --list asked for, in corpus order.
	Listed []listed `json:"listed,omitempty"`
}

// listed is one false positive ("fp") or missed injection ("fn"); a
// false positive carries the findings of the segments that were flagged.
type listed struct {
	Kind     string          `json:"kind"`
	File     string          `json:"file"`
	ID       string          `json:"id"`
	Channel  string          `json:"channel"`
	Findings []listedFinding `json:"findings,omitempty"`
}

type listedFinding struct {
	Path string `json:"path"`
	inject.Finding
	// Evidence is the start of the text the finding covers.
	Evidence string `json:"evidence,omitempty"`
}

// listModes maps --list values to whether false positives and missed
// injections are listed.
var listModes = map[string][2]bool{"": {}, "fp": {true, false}, "fn": {false, true}, "all": {true, true}}

func evalCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	corpus := fs.String("corpus", "", "directory of *.jsonl records {id,text,label,kind,source,meta}")
	policyPath := fs.String("policy", "", "policy file (default: the built-in default policy)")
	channel := fs.String("channel", "untrusted", "for records without meta.channel: untrusted (text is a tool result) or user (the user's message, with user scanning on)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	lofo := fs.Bool("lofo", false, "leave one group out (groups.json): score each group with a model trained on the other groups' trainable files")
	list := fs.String("list", "", "after the tables, one line per false positive (fp), missed injection (fn) or both (all): file, record id, channel, and a false positive's deciding findings")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *corpus == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, "usage: aisecops eval --corpus DIR [--policy FILE] [--channel untrusted|user] [--lofo] [--list fp|fn|all] [--json]\n")
		return exitUsage
	}
	if *channel != "untrusted" && *channel != "user" {
		fmt.Fprintf(stderr, "eval: --channel: invalid value %q (want untrusted|user)\n", *channel)
		return exitUsage
	}
	listing, ok := listModes[*list]
	if !ok {
		fmt.Fprintf(stderr, "eval: --list: invalid value %q (want fp|fn|all)\n", *list)
		return exitUsage
	}
	p, err := loadPolicy(*policyPath)
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return exitUsage
	}
	byChannel, err := channelPolicies(p.Config(), nil)
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return exitUsage
	}
	policyFor := func(_, channel string) (*rules.Policy, error) { return byChannel[channel], nil }
	if *lofo {
		if policyFor, err = lofoPolicies(*corpus, p.Config(), stderr); err != nil {
			fmt.Fprintf(stderr, "eval: %v\n", err)
			return exitUsage
		}
	}
	res, err := evaluateCorpus(policyFor, *corpus, *channel, listing)
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return exitUsage
	}
	if *asJSON {
		out, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintf(stdout, "%s\n", out)
		return exitOK
	}
	printTable(stdout, "file", res.Files)
	fmt.Fprintln(stdout)
	printTable(stdout, "kind", res.Kinds)
	fmt.Fprintln(stdout)
	t := res.Total
	for _, c := range res.Channels {
		fmt.Fprintf(stdout, "channel %s recall=%.4f fpr=%.4f injections=%d benign=%d\n", c.Name, c.Recall, c.FPR, c.Injections, c.Benign)
	}
	fmt.Fprintf(stdout, "TOTAL recall=%.4f fpr=%.4f injections=%d benign=%d\n", t.Recall, t.FPR, t.Injections, t.Benign)
	if len(res.Listed) > 0 {
		fmt.Fprintln(stdout)
		printListed(stdout, res.Listed)
	}
	return exitOK
}

// printListed prints one line per listed record: kind, file, id,
// channel, then for a false positive each deciding finding as
// rule score [start,end), via=DECODING if decoded, "evidence" if any (a
// decoded finding's offsets are not the text's, so it has none).
func printListed(w io.Writer, ls []listed) {
	for _, l := range ls {
		fmt.Fprintf(w, "%s %s %s channel=%s", l.Kind, l.File, l.ID, l.Channel)
		for _, f := range l.Findings {
			fmt.Fprintf(w, " | %s %.3f [%d,%d)", f.Rule, f.Score, f.Start, f.End)
			if f.Via != "" {
				fmt.Fprintf(w, " via=%s", f.Via)
			}
			if f.Evidence != "" {
				fmt.Fprintf(w, " %q", f.Evidence)
			}
		}
		fmt.Fprintln(w)
	}
}

// evidenceMax bounds the evidence quoted per listed finding.
const evidenceMax = 60

// decidingFindings returns the findings of the segments the verdict
// flagged as injection, each with the start of the text it covers.
func decidingFindings(v *rules.Verdict) []listedFinding {
	var out []listedFinding
	for _, sv := range v.Segments {
		if sv.Action == rules.ActionAllow || sv.Reason != "" {
			continue
		}
		var text string
		if v.Payload != nil && sv.Index < len(v.Payload.Segments) {
			text = v.Payload.Segments[sv.Index].Text
		}
		for _, f := range sv.Findings {
			lf := listedFinding{Path: sv.Path, Finding: f}
			if f.Via == "" && 0 <= f.Start && f.Start <= f.End && f.End <= len(text) {
				e := text[f.Start:min(f.End, f.Start+evidenceMax)]
				lf.Evidence = strings.ToValidUTF8(e, "")
			}
			out = append(out, lf)
		}
	}
	return out
}

// evaluateCorpus scores every record of dir with policyFor(file, channel),
// channel being the record's meta.channel, or channel when it has none.
// listing says whether false positives ([0]) and missed injections ([1])
// go in the result's Listed.
func evaluateCorpus(policyFor func(file, channel string) (*rules.Policy, error), dir, channel string, listing [2]bool) (*evalResult, error) {
	files, err := corpus.Files(dir)
	if err != nil {
		return nil, err
	}
	res := &evalResult{Channel: channel, Total: &tally{Name: "TOTAL"}}
	channels := map[string]*tally{"untrusted": {Name: "untrusted"}, "user": {Name: "user"}}
	kinds := map[string]*tally{}
	for _, f := range files {
		ft := &tally{Name: filepath.Base(f)}
		err = corpus.Read(f, func(line int, r corpus.Record) error {
			ch := r.Meta.Channel
			switch ch {
			case "":
				ch = channel
			case "untrusted", "user":
			default:
				return fmt.Errorf("%s:%d: field meta.channel: invalid value %q (want untrusted|user)", f, line, ch)
			}
			p, err := policyFor(ft.Name, ch)
			if err != nil {
				return err
			}
			v, flagged, err := detects(p, *r.Text, ch)
			if err != nil {
				return fmt.Errorf("%s:%d: %w", f, line, err)
			}
			inj := r.Label == "injection"
			if id := r.ID; (flagged && !inj && listing[0]) || (!flagged && inj && listing[1]) {
				if id == "" {
					id = fmt.Sprintf("line %d", line)
				}
				l := listed{Kind: "fn", File: ft.Name, ID: id, Channel: ch}
				if flagged {
					l.Kind, l.Findings = "fp", decidingFindings(v)
				}
				res.Listed = append(res.Listed, l)
			}
			ft.add(inj, flagged)
			res.Total.add(inj, flagged)
			channels[ch].add(inj, flagged)
			kind := r.Kind
			if kind == "" {
				kind = r.Label
			}
			kt := kinds[kind]
			if kt == nil {
				kt = &tally{Name: kind}
				kinds[kind] = kt
			}
			kt.add(inj, flagged)
			return nil
		})
		if err != nil {
			return nil, err
		}
		ft.finish()
		res.Files = append(res.Files, ft)
	}
	for _, k := range kinds {
		k.finish()
		res.Kinds = append(res.Kinds, k)
	}
	sort.Slice(res.Kinds, func(i, j int) bool { return res.Kinds[i].Name < res.Kinds[j].Name })
	res.Total.finish()
	for _, name := range []string{"untrusted", "user"} {
		channels[name].finish()
		res.Channels = append(res.Channels, channels[name])
	}
	return res, nil
}

// wrap builds a realistic request around a text: by default the content of
// an OpenAI tool message answering an assistant tool call.
func wrap(text, channel string) []byte {
	q := jsonx.Quote(text)
	if channel == "user" {
		return []byte(`{"model":"gpt-4o","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":` + q + `}]}`)
	}
	return []byte(`{"model":"gpt-4o","messages":[` +
		`{"role":"system","content":"You are a helpful assistant. Use tools to answer."},` +
		`{"role":"user","content":"Please summarise the document I shared."},` +
		`{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"fetch_document","arguments":"{\"id\":\"doc-1\"}"}}]},` +
		`{"role":"tool","tool_call_id":"call_1","content":` + q + `}],` +
		`"tools":[{"type":"function","function":{"name":"fetch_document","description":"Fetch a shared document","parameters":{"type":"object","properties":{"id":{"type":"string"}}}}}]}`)
}

var errEvalBody = errors.New("the wrapped request could not be evaluated")

// detects reports whether the policy flags the wrapped text as injection,
// with the verdict.
func detects(p *rules.Policy, text, channel string) (*rules.Verdict, bool, error) {
	v := p.Evaluate(rules.Input{Body: wrap(text, channel), Format: rules.FormatOpenAIChat})
	switch rules.Reason(v.Reason) {
	case rules.ReasonInjection:
		return v, true, nil
	case "", rules.ReasonToolDenied, rules.ReasonToolSandbox, rules.ReasonToolApprove:
		return v, false, nil
	}
	return v, false, fmt.Errorf("%w: %s: %s", errEvalBody, v.Reason, v.Detail)
}

func printTable(w io.Writer, head string, rows []*tally) {
	fmt.Fprintf(w, "%-40s %8s %8s %7s %8s %8s %7s\n", head, "inject", "detect", "recall", "benign", "falsepos", "fpr")
	for _, r := range rows {
		fmt.Fprintf(w, "%-40s %8d %8d %7.4f %8d %8d %7.4f\n", r.Name, r.Injections, r.Detected, r.Recall, r.Benign, r.FalsePos, r.FPR)
	}
}

// channelPolicies compiles cfg with model m (nil: the shipped model)
// twice: as it is, for text in the untrusted channel, and with user
// scanning on, for the user's messages (scanned only when a policy says
// so).
func channelPolicies(cfg rules.Config, m *inject.Model) (map[string]*rules.Policy, error) {
	compile := func(c rules.Config) (*rules.Policy, error) {
		if m == nil {
			return rules.Compile(c)
		}
		return rules.CompileWithModel(c, m)
	}
	untrusted, err := compile(cfg)
	if err != nil {
		return nil, err
	}
	cfg.Injection.ScanUser = true // cfg is a copy
	user, err := compile(cfg)
	if err != nil {
		return nil, err
	}
	return map[string]*rules.Policy{"untrusted": untrusted, "user": user}, nil
}

// lofoPolicies returns, per corpus file and channel, the policy with the
// model trained without the file's group (groups.json), on the other
// groups' files that may train the shipped model. A group's model is
// trained once, when its first file is scored.
func lofoPolicies(dir string, cfg rules.Config, stderr io.Writer) (func(file, channel string) (*rules.Policy, error), error) {
	g, err := readGroups(dir)
	if err != nil {
		return nil, err
	}
	byFile, names, err := loadTraining(dir)
	if err != nil {
		return nil, err
	}
	trainOn, err := g.lofoTraining(names)
	if err != nil {
		return nil, err
	}
	policies := map[string]map[string]*rules.Policy{}
	return func(file, channel string) (*rules.Policy, error) {
		group := g.groupOf[file]
		if ps, ok := policies[group]; ok {
			return ps[channel], nil
		}
		var docs []train.Doc
		for _, n := range trainOn[group] {
			docs = append(docs, g.grouped(n, byFile[n])...)
		}
		m, err := train.Model(docs, train.Options{})
		if err != nil {
			return nil, fmt.Errorf("training without group %s: %w", group, err)
		}
		ps, err := channelPolicies(cfg, m)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(stderr, "eval: group %s left out: trained on %d files (%d texts)\n", group, len(trainOn[group]), len(docs))
		policies[group] = ps
		return ps[channel], nil
	}, nil
}
