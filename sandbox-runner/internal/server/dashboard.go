package server

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aisecops/aisecops/internal/eventchain"
	"github.com/aisecops/aisecops/sandbox-runner/internal/approvals"
	"github.com/aisecops/aisecops/sandbox-runner/internal/events"
)

// The dashboard is a page anyone may load (it says what the runner is and
// how many approvals wait) and fragments of server-rendered HTML that its
// script fetches with the approver token in the Authorization header.
// Nothing is kept in a cookie: the browser never sends the token by itself,
// so another site cannot make it act (no CSRF), and approve / deny go to
// the API's own endpoints with the same header.

//go:embed dashboard.html
var dashboardHTML string

//go:embed dashboard.js
var dashboardJS string

var (
	dashboardPage = template.Must(template.New("page").Funcs(template.FuncMap{
		"sel": func(name, label string, options []string, value string) dashSelect {
			return dashSelect{name, label, options, value}
		},
		"list": func(s ...string) []string { return s },
		"prev": func(n uint64) uint64 { return n - 1 },
		"next": func(n uint64) uint64 { return n + 1 },
	}).Parse(dashboardHTML))
	// dashboardCSP allows the page's one inline script by its hash, and
	// nothing from anywhere else.
	dashboardCSP = func() string {
		sum := sha256.Sum256([]byte(dashboardJS))
		return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; " +
			"script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
			"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	}()
)

// dashSelect is one filter's drop-down.
type dashSelect struct {
	Name, Label string
	Options     []string
	Value       string
}

// Bounds of what the dashboard keeps in memory, read from the event log.
const (
	dashMaxRows     = 100_000 // most recent events kept for the views
	dashMaxKeys     = 500     // distinct values per dimension before "(other)"
	dashMaxListed   = 50      // events listed under the charts
	dashMaxDecided  = 10      // decided approvals shown below the pending ones
	dashBuckets     = 24      // bars of the time chart
	dashSeries      = 6       // series of the time chart before "(other)"
	dashReadBatch   = 5000    // records read from the log per step
	dashOther       = "(other)"
	dashNone        = "(none)"
	dashUnknownTime = "(no time)"
)

// dashRow is what the dashboard keeps of one event.
type dashRow struct {
	seq      uint64
	t        time.Time
	layer    string
	action   string
	tool     string
	rules    []string
	reason   string
	dep      string
	policy   string // version, then the first 12 hex digits of its hash
	enforced bool
}

// dashboard folds the runner's event log into rows as it grows.
type dashboard struct {
	mu   sync.Mutex
	seen uint64
	rows []dashRow // a ring once full: next is the oldest
	next int
	keys map[string]map[string]bool // dimension -> values seen
	deps map[string]deploymentID
}

// deploymentID is the event's "deployment" object, as the filter writes
// it (rules.Deployment; the runner links no engine package).
type deploymentID struct {
	Name      string `json:"name"`
	Node      string `json:"node"`
	Cluster   string `json:"cluster"`
	Namespace string `json:"namespace"`
	Workload  string `json:"workload"`
	App       string `json:"app"`
	Version   string `json:"version"`
}

// dashEvent is the part of an event the dashboard reads.
type dashEvent struct {
	Time          string       `json:"time"`
	PolicyVersion string       `json:"policy_version"`
	PolicyHash    string       `json:"policy_hash"`
	Enforced      bool         `json:"enforced"`
	Layer         string       `json:"layer"`
	Tool          string       `json:"tool"`
	Action        string       `json:"action"`
	Reason        string       `json:"reason"`
	RuleIDs       []string     `json:"rule_ids"`
	Deployment    deploymentID `json:"deployment"`
}

// bound returns v, or "(other)" once a dimension has dashMaxKeys values:
// filters are authenticated, but a bug in one should not grow the runner.
func (d *dashboard) bound(dim, v string) string {
	set := d.keys[dim]
	if set == nil {
		set = map[string]bool{}
		d.keys[dim] = set
	}
	if set[v] {
		return v
	}
	if len(set) >= dashMaxKeys {
		return dashOther
	}
	set[v] = true
	return v
}

// refresh reads the records appended since the last call.
func (d *dashboard) refresh(log *events.Log) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.keys == nil {
		d.keys, d.deps = map[string]map[string]bool{}, map[string]deploymentID{}
	}
	for d.seen < log.Seq() {
		var buf bytes.Buffer
		n, err := log.Since(d.seen, dashReadBatch, &buf)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("the log says it holds seq %d but gives nothing after %d", log.Seq(), d.seen)
		}
		sc := bufio.NewScanner(&buf)
		sc.Buffer(make([]byte, 0, 64<<10), 4*events.MaxEventBytes)
		for sc.Scan() {
			var r eventchain.Record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				return fmt.Errorf("record after seq %d: %w", d.seen, err)
			}
			d.add(r)
			d.seen = r.Seq
		}
	}
	return nil
}

func (d *dashboard) add(r eventchain.Record) {
	var e dashEvent
	// An event the filter wrote is always an object; one that does not
	// decode still gets a row, as "(none)" everywhere, so counts hold.
	_ = json.Unmarshal(r.Event, &e)
	row := dashRow{seq: r.Seq, layer: d.bound("layer", orNone(e.Layer)), action: d.bound("action", orNone(e.Action)),
		tool: d.bound("tool", orNone(e.Tool)), reason: e.Reason, enforced: e.Enforced}
	row.t, _ = time.Parse(time.RFC3339Nano, e.Time)
	ids := e.RuleIDs
	if len(ids) == 0 && e.Reason != "" {
		ids = []string{e.Reason}
	}
	for _, id := range ids {
		// A rule that matched twice in one segment counts once.
		if id = d.bound("rule", id); !slices.Contains(row.rules, id) {
			row.rules = append(row.rules, id)
		}
	}
	if len(row.rules) == 0 {
		row.rules = []string{dashNone}
	}
	dep := e.Deployment.Name
	if dep == "" {
		dep = "unknown"
	}
	row.dep = d.bound("deployment", dep)
	if _, ok := d.deps[row.dep]; !ok && row.dep != dashOther {
		e.Deployment.Name = row.dep
		d.deps[row.dep] = e.Deployment
	}
	row.policy = orNone(e.PolicyVersion)
	if h := e.PolicyHash; len(h) >= 12 {
		row.policy += " · " + h[:12]
	}
	row.policy = d.bound("policy", row.policy)
	if len(d.rows) < dashMaxRows {
		d.rows = append(d.rows, row)
		return
	}
	d.rows[d.next] = row
	d.next = (d.next + 1) % dashMaxRows
}

func orNone(s string) string {
	if s == "" {
		return dashNone
	}
	return s
}

// dashFilter is what the view is narrowed to (empty: any).
type dashFilter struct {
	Layer, Rule, Action, Tool, Deployment string
	By                                    string // the time chart's series: layer, rule, action or tool
}

func (f dashFilter) match(r *dashRow) bool {
	return (f.Layer == "" || f.Layer == r.layer) && (f.Action == "" || f.Action == r.action) &&
		(f.Tool == "" || f.Tool == r.tool) && (f.Deployment == "" || f.Deployment == r.dep) &&
		(f.Rule == "" || slices.Contains(r.rules, f.Rule))
}

func (f dashFilter) series(r *dashRow) []string {
	switch f.By {
	case "rule":
		return r.rules
	case "action":
		return []string{r.action}
	case "tool":
		return []string{r.tool}
	}
	return []string{r.layer}
}

// parseDashFilter reads the filter from a query; an unknown "by" is an
// error naming it, an unknown value of a dimension simply matches nothing.
func parseDashFilter(q map[string][]string) (dashFilter, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	f := dashFilter{Layer: get("layer"), Rule: get("rule"), Action: get("action"), Tool: get("tool"),
		Deployment: get("deployment"), By: get("by")}
	switch f.By {
	case "":
		f.By = "layer"
	case "layer", "rule", "action", "tool":
	default:
		return f, fmt.Errorf("by: want layer, rule, action or tool, got %q", f.By)
	}
	return f, nil
}

// --- the view -----------------------------------------------------------

type dashCount struct {
	Name  string
	N     int
	Share float64 // of the filtered events, 0..100
}

type dashBar struct {
	X, W          float64
	Label, Title  string
	Segments      []dashSegment
	Total, Height int
}

type dashSegment struct {
	Y, H  float64
	Color string
	Title string
}

type dashLegend struct{ Name, Color string }

type dashDeployment struct {
	deploymentID
	Policy     string
	Mode       string
	Events     int
	PerMinute  string
	Actions    []dashCount
	LastSeen   string
	PolicyDiff bool // other deployments run another policy
}

type dashListed struct {
	Seq                                               uint64
	Time, Deployment, Layer, Action, Tool, Rules, Why string
}

type dashView struct {
	Filter                     dashFilter
	Options                    map[string][]string
	Total, Matched             int
	Bars                       []dashBar
	Legend                     []dashLegend
	From, To, Step             string
	TopRules, TopTools         []dashCount
	Deployments                []dashDeployment
	Versions                   int
	Listed                     []dashListed
	Pending, Decided           []approvalView
	LastSeq                    uint64
	Windowed                   bool // older events than the kept rows exist
	ChartW, ChartH, ChartInner float64
}

var dashColors = []string{"#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#6b7280"}

// view builds what the data fragment shows for a filter.
func (d *dashboard) view(f dashFilter) dashView {
	d.mu.Lock()
	defer d.mu.Unlock()
	v := dashView{Filter: f, Options: map[string][]string{}, Total: len(d.rows), LastSeq: d.seen,
		Windowed: d.seen > uint64(len(d.rows)), ChartW: 720, ChartH: 160, ChartInner: 140}
	for dim, set := range d.keys {
		for k := range set {
			v.Options[dim] = append(v.Options[dim], k)
		}
		slices.Sort(v.Options[dim])
	}
	var rows []*dashRow
	for i := range d.rows {
		// Oldest first: the ring's next slot holds the oldest row.
		r := &d.rows[(d.next+i)%len(d.rows)]
		if f.match(r) {
			rows = append(rows, r)
		}
	}
	v.Matched = len(rows)
	v.TopRules = top(rows, func(r *dashRow) []string { return r.rules }, 10)
	v.TopTools = top(rows, func(r *dashRow) []string {
		if r.tool == dashNone {
			return nil
		}
		return []string{r.tool}
	}, 10)
	v.chart(rows, f)
	v.deployments(d)
	for i := len(rows) - 1; i >= 0 && len(v.Listed) < dashMaxListed; i-- {
		r := rows[i]
		v.Listed = append(v.Listed, dashListed{Seq: r.seq, Time: stamp(r.t), Deployment: r.dep, Layer: r.layer,
			Action: r.action, Tool: r.tool, Rules: strings.Join(r.rules, ", "), Why: r.reason})
	}
	return v
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return dashUnknownTime
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// top counts values over rows, largest first (ties by name), at most n.
func top(rows []*dashRow, vals func(*dashRow) []string, n int) []dashCount {
	counts := map[string]int{}
	for _, r := range rows {
		for _, x := range vals(r) {
			counts[x]++
		}
	}
	out := make([]dashCount, 0, len(counts))
	for k, c := range counts {
		out = append(out, dashCount{Name: k, N: c, Share: 100 * float64(c) / float64(max(len(rows), 1))})
	}
	slices.SortFunc(out, func(a, b dashCount) int { return cmp.Or(b.N-a.N, strings.Compare(a.Name, b.Name)) })
	return out[:min(n, len(out))]
}

// chart stacks the rows with a time into dashBuckets bars spanning them,
// one segment per series.
func (v *dashView) chart(rows []*dashRow, f dashFilter) {
	var timed []*dashRow
	for _, r := range rows {
		if !r.t.IsZero() {
			timed = append(timed, r)
		}
	}
	if len(timed) == 0 {
		return
	}
	from, to := timed[0].t, timed[0].t
	for _, r := range timed {
		from, to = minTime(from, r.t), maxTime(to, r.t)
	}
	// Bars of a round width, the last one holding the newest event.
	step := dashSteps[len(dashSteps)-1]
	for _, st := range dashSteps {
		if to.Sub(from) < st*(dashBuckets-1) {
			step = st
			break
		}
	}
	end := to.Truncate(step).Add(step)
	from = end.Add(-step * dashBuckets)
	// The series: the most frequent values, then "(other)".
	names := top(timed, f.series, dashSeries)
	color := map[string]string{}
	for i, c := range names {
		color[c.Name] = dashColors[i]
		v.Legend = append(v.Legend, dashLegend{c.Name, dashColors[i]})
	}
	counts := make([]map[string]int, dashBuckets)
	peak := 0
	for _, r := range timed {
		b := max(0, min(int(r.t.Sub(from)/step), dashBuckets-1))
		if counts[b] == nil {
			counts[b] = map[string]int{}
		}
		for _, s := range f.series(r) {
			if color[s] == "" {
				s = dashOther
			}
			counts[b][s]++
		}
	}
	for _, c := range counts {
		total := 0
		for _, n := range c {
			total += n
		}
		peak = max(peak, total)
	}
	if _, ok := color[dashOther]; !ok {
		for _, c := range counts {
			if c[dashOther] > 0 {
				color[dashOther] = dashColors[len(dashColors)-1]
				v.Legend = append(v.Legend, dashLegend{dashOther, color[dashOther]})
				break
			}
		}
	}
	w := v.ChartW / dashBuckets
	for i, c := range counts {
		start := from.Add(time.Duration(i) * step)
		bar := dashBar{X: float64(i) * w, W: w - 2}
		if i%6 == 0 {
			bar.Label = start.UTC().Format("15:04:05")
		}
		y := v.ChartInner
		for _, l := range v.Legend {
			n := c[l.Name]
			if n == 0 {
				continue
			}
			h := v.ChartInner * float64(n) / float64(peak)
			y -= h
			bar.Total += n
			bar.Segments = append(bar.Segments, dashSegment{Y: y, H: h, Color: l.Color,
				Title: fmt.Sprintf("%s: %d from %s", l.Name, n, start.UTC().Format("15:04:05"))})
		}
		bar.Title = fmt.Sprintf("%d events from %s for %s", bar.Total, start.UTC().Format("15:04:05"), step)
		v.Bars = append(v.Bars, bar)
	}
	v.From, v.To, v.Step = stamp(from), stamp(end), step.String()
}

// dashSteps are the bar widths the time chart picks from: the narrowest
// whose 24 bars span the events (a span past 23 days folds into the last).
var dashSteps = []time.Duration{time.Second, 5 * time.Second, 15 * time.Second, time.Minute, 5 * time.Minute,
	15 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// deployments lists each deployment under each policy it ran, side by
// side: its events, their rate over the time it was seen, and the share
// of each action. It ignores the filter: the comparison is the point.
func (v *dashView) deployments(d *dashboard) {
	type key struct{ dep, policy string }
	type agg struct {
		n          int
		first, end time.Time
		actions    map[string]int
		enforced   bool
		monitor    bool
	}
	aggs := map[key]*agg{}
	policies := map[string]bool{}
	for i := range d.rows {
		r := &d.rows[i]
		k := key{r.dep, r.policy}
		a := aggs[k]
		if a == nil {
			a = &agg{actions: map[string]int{}, first: r.t, end: r.t}
			aggs[k] = a
		}
		a.n++
		a.actions[r.action]++
		if !r.t.IsZero() {
			if a.first.IsZero() || r.t.Before(a.first) {
				a.first = r.t
			}
			a.end = maxTime(a.end, r.t)
		}
		a.enforced = a.enforced || r.enforced
		a.monitor = a.monitor || !r.enforced
		policies[r.policy] = true
	}
	v.Versions = len(policies)
	for k, a := range aggs {
		dd := dashDeployment{deploymentID: d.deps[k.dep], Policy: k.policy, Events: a.n, LastSeen: stamp(a.end),
			PolicyDiff: len(policies) > 1}
		dd.Name = k.dep
		switch {
		case a.enforced && a.monitor:
			dd.Mode = "enforce and monitor"
		case a.monitor:
			dd.Mode = "monitor"
		default:
			dd.Mode = "enforce"
		}
		if mins := a.end.Sub(a.first).Minutes(); mins >= 1 {
			dd.PerMinute = strconv.FormatFloat(float64(a.n)/mins, 'f', 1, 64)
		} else {
			dd.PerMinute = "(under a minute seen)"
		}
		for act, n := range a.actions {
			dd.Actions = append(dd.Actions, dashCount{Name: act, N: n, Share: 100 * float64(n) / float64(a.n)})
		}
		slices.SortFunc(dd.Actions, func(x, y dashCount) int { return cmp.Or(y.N-x.N, strings.Compare(x.Name, y.Name)) })
		v.Deployments = append(v.Deployments, dd)
	}
	slices.SortFunc(v.Deployments, func(x, y dashDeployment) int {
		return cmp.Or(strings.Compare(x.Name, y.Name), strings.Compare(x.Policy, y.Policy))
	})
}

// --- handlers -------------------------------------------------------------

// handleDashboard serves the page: what the runner is, and the script
// that asks for the approver token and loads the rest.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", dashboardCSP)
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	data := map[string]any{"Tools": s.exec.Tools(), "Seq": s.events.Seq(),
		"PendingCount": len(s.approvals.List(approvals.Pending)), "Script": template.JS(dashboardJS)}
	if err := dashboardPage.Execute(w, data); err != nil {
		s.log.Error("dashboard page", "err", err)
	}
}

// fragment writes one of the data templates (approver only).
func (s *Server) fragment(w http.ResponseWriter, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	var buf bytes.Buffer
	if err := dashboardPage.ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("dashboard fragment", "template", name, "err", err)
		writeErr(w, http.StatusInternalServerError, "rendering "+name+": "+err.Error())
		return
	}
	w.Write(buf.Bytes())
}

func (s *Server) handleDashboardData(w http.ResponseWriter, r *http.Request) {
	f, err := parseDashFilter(r.URL.Query())
	if err != nil {
		writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := s.dash.refresh(s.events); err != nil {
		s.log.Error("dashboard: reading the event log", "err", err)
		writeErr(w, http.StatusInternalServerError, "reading the event log: "+err.Error())
		return
	}
	v := s.dash.view(f)
	for _, a := range s.approvals.List(approvals.Pending) {
		v.Pending = append(v.Pending, forApprover(a))
	}
	var decided []approvals.Approval
	for _, a := range s.approvals.List("") {
		if a.State != approvals.Pending {
			decided = append(decided, a)
		}
	}
	slices.SortFunc(decided, func(a, b approvals.Approval) int {
		return cmp.Or(b.DecidedAt.Compare(a.DecidedAt), b.CreatedAt.Compare(a.CreatedAt))
	})
	for _, a := range decided[:min(len(decided), dashMaxDecided)] {
		v.Decided = append(v.Decided, forApprover(a))
	}
	s.fragment(w, "data", v)
}

// dashEventView is an event's detail: the stored record, pretty-printed,
// and its place in the chain.
type dashEventView struct {
	Record eventchain.Record
	Pos    events.Position
	Pretty string
}

func (s *Server) handleDashboardEvent(w http.ResponseWriter, r *http.Request) {
	v := r.PathValue("seq")
	seq, err := strconv.ParseUint(v, 10, 64)
	if err != nil || seq == 0 {
		writeErr(w, http.StatusBadRequest, "seq: want a record's sequence number (1, 2, ...), got "+strconv.Quote(v))
		return
	}
	rec, pos, err := s.events.Locate(seq)
	switch {
	case errors.Is(err, events.ErrNoRecord):
		writeErr(w, http.StatusNotFound, err.Error())
		return
	case err != nil:
		writeErr(w, http.StatusInternalServerError, err.Error())
		return
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, rec.Event, "", "  ") != nil {
		pretty.Reset()
		pretty.Write(rec.Event)
	}
	s.fragment(w, "event", dashEventView{Record: rec, Pos: pos, Pretty: displayArgs(pretty.Bytes())})
}
