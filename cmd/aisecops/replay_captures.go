package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/aisecops/aisecops/internal/recording"
	"github.com/aisecops/aisecops/internal/recording/decide"
	"github.com/aisecops/aisecops/rules"
)

// readExport reads captures and the policy documents they name from a
// runner (URL: GET /v1/captures with the approver token) or from a file
// saved from one. Every policy document is checked against its hash.
func readExport(src, token string) (caps []recording.Capture, policies map[string]*rules.Policy, err error) {
	var r io.Reader
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		if token == "" {
			return nil, nil, fmt.Errorf("--captures %s: a runner URL needs --token or $AISECOPS_APPROVER_TOKEN (captures are readable only by approvers)", src)
		}
		req, err := http.NewRequest("GET", strings.TrimRight(src, "/")+"/v1/captures?limit=1000000", nil)
		if err != nil {
			return nil, nil, fmt.Errorf("--captures: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := (&http.Client{Timeout: 5 * time.Minute}).Do(req)
		if err != nil {
			return nil, nil, fmt.Errorf("--captures: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			return nil, nil, fmt.Errorf("--captures %s: the runner answered %s: %s", src, resp.Status, strings.TrimSpace(string(b)))
		}
		r = resp.Body
	} else {
		f, err := os.Open(src)
		if err != nil {
			return nil, nil, fmt.Errorf("--captures: %w", err)
		}
		defer f.Close()
		r = f
	}
	policies = map[string]*rules.Policy{}
	if def, err := rules.DefaultPolicy(); err == nil {
		policies[def.Hash()] = def // a filter with no configuration runs it
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 2*recording.MaxCaptureBytes)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		l, err := recording.ParseExportLine(line)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: line %d: %w", src, n, err)
		}
		if l.Capture != nil {
			caps = append(caps, *l.Capture)
			continue
		}
		p, err := rules.Load(l.Policy.Document)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: line %d: stored policy %s: %w", src, n, l.Policy.Hash[:12], err)
		}
		if p.Hash() != l.Policy.Hash {
			return nil, nil, fmt.Errorf("%s: line %d: stored policy hashes to %s, not %s", src, n, p.Hash(), l.Policy.Hash)
		}
		policies[p.Hash()] = p
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", src, err)
	}
	return caps, policies, nil
}

// recordedLines summarises the events a capture carries the way
// eventsLine summarises re-decided ones.
func recordedLines(raw []json.RawMessage) ([]string, error) {
	out := make([]string, 0, len(raw))
	for i, r := range raw {
		var e struct {
			Direction string `json:"direction"`
			Layer     string `json:"layer"`
			Action    string `json:"action"`
			Reason    string `json:"reason"`
			Tool      string `json:"tool"`
			Path      string `json:"json_path"`
		}
		if err := json.Unmarshal(r, &e); err != nil {
			return nil, fmt.Errorf("events[%d]: %w", i, err)
		}
		out = append(out, eventKey(e.Direction, e.Layer, e.Action, e.Reason, e.Tool, e.Path))
	}
	return out, nil
}

func eventKey(dir, layer, action, reason, tool, path string) string {
	k := dir + ":" + layer + ":" + action
	if reason != "" {
		k += ":" + reason
	}
	if tool != "" {
		k += ":" + tool
	}
	if path != "" {
		k += "@" + path
	}
	return k
}

func eventKeys(evs []rules.Event) []string {
	out := make([]string, 0, len(evs))
	for _, e := range evs {
		out = append(out, eventKey(e.Direction.String(), e.Layer, e.Action, string(e.Reason), e.Tool, e.Path))
	}
	return out
}

// captureResult is one capture's replay.
type captureResult struct {
	ID       string   `json:"capture_id"`
	Method   string   `json:"method"`
	Path     string   `json:"path"`
	Recorded []string `json:"recorded"`
	// Status: "identical" (re-decided as recorded under the recorded
	// policy), "differs" (it did not: replay cannot be trusted for it),
	// "truncated", "unread" or "no_policy" (not re-decided).
	Status     string   `json:"status"`
	Detail     string   `json:"detail,omitempty"`
	UnderOld   []string `json:"under_recorded_policy,omitempty"`
	UnderNew   []string `json:"under_new_policy,omitempty"`
	Changed    bool     `json:"changed"`
	Added      []string `json:"added,omitempty"`
	Removed    []string `json:"removed,omitempty"`
	OldVersion string   `json:"recorded_policy_version"`
}

type replaySummary struct {
	Captures  int            `json:"captures"`
	Identical int            `json:"identical"`
	Differs   int            `json:"differs"`
	Skipped   int            `json:"not_redecided"`
	Changed   int            `json:"changed_under_new_policy"`
	Undecided int            `json:"not_decided_under_new_policy"`
	ByLayer   map[string]int `json:"changes_by_layer,omitempty"`
	ByRule    map[string]int `json:"changes_by_rule,omitempty"`
	ByTool    map[string]int `json:"changes_by_tool,omitempty"`
}

// diffKeys returns what b has more of than a, and what it has less of.
func diffKeys(a, b []string) (added, removed []string) {
	count := map[string]int{}
	for _, k := range a {
		count[k]--
	}
	for _, k := range b {
		count[k]++
	}
	for k, n := range count {
		for ; n > 0; n-- {
			added = append(added, k)
		}
		for ; n < 0; n++ {
			removed = append(removed, k)
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	return added, removed
}

// replayCaptures re-decides each capture under its recorded policy (it
// must decide as recorded) and, given next, under next, and reports what
// changes by layer, rule and tool.
func replayCaptures(caps []recording.Capture, policies map[string]*rules.Policy, next *rules.Policy) ([]captureResult, replaySummary, error) {
	sum := replaySummary{Captures: len(caps), ByLayer: map[string]int{}, ByRule: map[string]int{}, ByTool: map[string]int{}}
	var out []captureResult
	for i := range caps {
		c := &caps[i]
		res := captureResult{ID: c.ID, Method: c.Exchange.Method, Path: c.Exchange.Path, OldVersion: c.PolicyVersion}
		rec, err := recordedLines(c.Events)
		if err != nil {
			return nil, sum, fmt.Errorf("capture %s: %w", c.ID, err)
		}
		res.Recorded = rec
		old := policies[c.PolicyHash]
		switch {
		case c.Truncated != "":
			res.Status, res.Detail = "truncated", c.Truncated
		case old == nil:
			res.Status, res.Detail = "no_policy", "the policy "+c.PolicyHash[:12]+" that decided it is not in the export"
		}
		if res.Status != "" {
			sum.Skipped++
			out = append(out, res)
			continue
		}
		evs, err := decide.Decide(old, decide.Store(c.Store), &c.Exchange)
		if errors.Is(err, decide.ErrUnreadBody) {
			res.Status, res.Detail = "unread", err.Error()
			sum.Skipped++
			out = append(out, res)
			continue
		}
		if err != nil {
			return nil, sum, fmt.Errorf("capture %s: %w", c.ID, err)
		}
		res.UnderOld = eventKeys(evs)
		if strings.Join(res.UnderOld, " ") == strings.Join(rec, " ") {
			res.Status = "identical"
			sum.Identical++
		} else {
			res.Status = "differs"
			sum.Differs++
		}
		if next != nil {
			evs, err := decide.Decide(next, decide.Store(c.Store), &c.Exchange)
			if errors.Is(err, decide.ErrUnreadBody) {
				res.Detail = "under the new policy: " + err.Error()
				sum.Undecided++
				out = append(out, res)
				continue
			}
			if err != nil {
				return nil, sum, fmt.Errorf("capture %s: %w", c.ID, err)
			}
			res.UnderNew = eventKeys(evs)
			res.Added, res.Removed = diffKeys(res.UnderOld, res.UnderNew)
			res.Changed = len(res.Added)+len(res.Removed) > 0
			if res.Changed {
				sum.Changed++
				for _, k := range append(append([]string(nil), res.Added...), res.Removed...) {
					layer, rule, tool := splitKey(k)
					sum.ByLayer[layer]++
					sum.ByRule[rule]++
					if tool != "" {
						sum.ByTool[tool]++
					}
				}
			}
		}
		out = append(out, res)
	}
	return out, sum, nil
}

// splitKey reads layer, rule (the reason) and tool back from an event key.
func splitKey(k string) (layer, rule, tool string) {
	k, _, _ = strings.Cut(k, "@")
	f := strings.Split(k, ":")
	if len(f) > 1 {
		layer = f[1]
	}
	if len(f) > 3 {
		rule = f[3]
	} else {
		rule = "(none)"
	}
	if len(f) > 4 {
		tool = f[4]
	}
	return layer, rule, tool
}

// printCaptureReplay writes the text report; it returns the change lines
// (what --expect compares).
func printCaptureReplay(w io.Writer, res []captureResult, sum replaySummary, next *rules.Policy) []string {
	var changes []string
	for _, r := range res {
		name := fmt.Sprintf("%s %s %s", r.ID, r.Method, r.Path)
		switch r.Status {
		case "truncated", "unread", "no_policy":
			fmt.Fprintf(w, "%-60s NOT RE-DECIDED (%s): %s\n", name, r.Status, r.Detail)
			continue
		case "differs":
			fmt.Fprintf(w, "%-60s DIFFERS FROM RECORD: recorded %s, re-decided %s\n", name, orAllow(r.Recorded), orAllow(r.UnderOld))
		}
		if r.Detail != "" && r.Status == "identical" {
			fmt.Fprintf(w, "%-60s NOT DECIDED %s\n", name, r.Detail)
		}
		if r.Changed {
			line := fmt.Sprintf("%s CHANGED %s  ->  %s", name, orAllow(r.UnderOld), orAllow(r.UnderNew))
			changes = append(changes, line)
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintf(w, "%d captures: %d re-decided as recorded, %d differ from their record, %d not re-decided\n",
		sum.Captures, sum.Identical, sum.Differs, sum.Skipped)
	if next != nil {
		fmt.Fprintf(w, "%d decided differently under %s, %d could not be decided under it\n", sum.Changed, next.Version(), sum.Undecided)
		for _, g := range []struct {
			name string
			m    map[string]int
		}{{"layer", sum.ByLayer}, {"rule", sum.ByRule}, {"tool", sum.ByTool}} {
			keys := make([]string, 0, len(g.m))
			for k := range g.m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(w, "  changed events by %s: %-30s %d\n", g.name, k, g.m[k])
			}
		}
	}
	return changes
}

func orAllow(keys []string) string {
	if len(keys) == 0 {
		return "allow"
	}
	return strings.Join(keys, " ")
}

// checkExpected compares change lines with an --expect file (one line per
// expected change, as replay prints them; blank lines and # comments
// ignored). It returns what was not expected and what did not happen.
func checkExpected(path string, changes []string) (unexpected, missing []string, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var want []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			want = append(want, l)
		}
	}
	norm := make([]string, len(changes))
	for i, c := range changes {
		norm[i] = strings.TrimSpace(c)
	}
	unexpected, missing = diffKeys(want, norm)
	return unexpected, missing, nil
}
