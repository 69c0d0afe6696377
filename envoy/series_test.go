package envoy

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/promseries"
	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/aisecops/aisecops/internal/wasmhost"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// Labels Prometheus adds to every scraped series (target labels), which
// queries may group by whatever the exporter defines.
var scrapeLabels = []string{"instance", "job", "namespace", "pod", "container", "node"}

type tagRule struct {
	name string
	re   *regexp.Regexp
}

// statsTags reads envoy.yaml's stats_config.stats_tags.
func statsTags(t *testing.T) []tagRule {
	b, err := os.ReadFile("envoy.yaml")
	require.NoError(t, err)
	var cfg struct {
		StatsConfig struct {
			StatsTags []struct {
				TagName string `json:"tag_name"`
				Regex   string `json:"regex"`
			} `json:"stats_tags"`
		} `json:"stats_config"`
	}
	require.NoError(t, yaml.Unmarshal(b, &cfg))
	var out []tagRule
	for _, st := range cfg.StatsConfig.StatsTags {
		re, err := regexp.Compile(st.Regex)
		require.NoError(t, err, "stats_tags[%s]", st.TagName)
		require.Equal(t, 2, re.NumSubexp(), "stats_tags[%s]: Envoy cuts group 1 from the name and takes group 2 as the value", st.TagName)
		out = append(out, tagRule{st.TagName, re})
	}
	require.NotEmpty(t, out)
	return out
}

var promUnsafe = regexp.MustCompile(`[^a-zA-Z0-9_]`)

// exported is what Envoy's /stats/prometheus makes of a stat the filter
// defines: the stat is "wasmcustom.<name>"; every stats_tags regex runs on
// that full name, its first group is cut out and its second becomes the
// label; the registered "wasmcustom" namespace is then stripped (no
// "envoy_" prefix) and other characters become '_'. The name must come
// out with no '.' left: a packed label no tag extracts would make a
// series of its own.
func exported(t *testing.T, tags []tagRule, stat string) (string, map[string]string) {
	full := "wasmcustom." + stat
	cut := make([]bool, len(full))
	labels := map[string]string{}
	for _, tg := range tags {
		m := tg.re.FindStringSubmatchIndex(full)
		if m == nil || m[2] < 0 {
			continue
		}
		for i := m[2]; i < m[3]; i++ {
			cut[i] = true
		}
		labels[tg.name] = full[m[4]:m[5]]
	}
	var b strings.Builder
	for i := range full {
		if !cut[i] {
			b.WriteByte(full[i])
		}
	}
	name, ok := strings.CutPrefix(b.String(), "wasmcustom.")
	require.True(t, ok, "%s: a tag cut into the namespace", stat)
	assert.NotContains(t, name, ".", "stat %s: part of its name is left after stats_tags (%q): it would export as a series of its own", stat, name)
	return promUnsafe.ReplaceAllString(name, "_"), labels
}

// filterStats returns the compiled filter's metric definitions with their
// types when the build is there, else the names of the golden list the
// filter's own test keeps equal to the build (types unchecked).
func filterStats(t *testing.T) (names []string, types map[string]string) {
	wasm := filepath.Join(testbuild.Dir(), "aisecops.wasm")
	if b, err := os.ReadFile(wasm); err == nil {
		policy, err := os.ReadFile("policy.example.json")
		require.NoError(t, err)
		h, err := wasmhost.New(context.Background(), b, policy)
		require.NoError(t, err)
		defer h.Close()
		return h.MetricNames(), h.MetricTypes()
	}
	t.Logf("%s missing (make build): comparing with filter/internal/plugin/testdata/metric_names.golden, types unchecked", wasm)
	b, err := os.ReadFile(filepath.Join("..", "filter", "internal", "plugin", "testdata", "metric_names.golden"))
	require.NoError(t, err)
	return strings.Fields(string(b)), nil
}

// The filter rows of series.txt are exactly what Envoy exports for the
// filter's stats under envoy.yaml's stats_tags: names, types, labels.
func TestSeriesListMatchesFilterStats(t *testing.T) {
	list, err := promseries.Read()
	require.NoError(t, err)
	tags := statsTags(t)
	stats, types := filterStats(t)
	require.NotEmpty(t, stats)

	type family struct {
		typ    string
		labels []string
	}
	derived := map[string]family{}
	for _, stat := range stats {
		name, labels := exported(t, tags, stat)
		var keys []string
		for k, v := range labels {
			assert.Regexp(t, `^[A-Za-z0-9_-]+$`, v, "stat %s: label %s", stat, k)
			keys = append(keys, k)
		}
		sort.Strings(keys)
		f := family{typ: types[stat], labels: keys}
		if prev, ok := derived[name]; ok {
			assert.Equal(t, prev, f, "stats exported as %s disagree on type or labels (%s)", name, stat)
		}
		derived[name] = f
	}
	listed := map[string]family{}
	for _, s := range list {
		if s.Source == "filter" {
			listed[s.Name] = family{s.Type, s.Labels}
		}
	}
	for name, f := range derived {
		l, ok := listed[name]
		if !assert.True(t, ok, "Envoy exports %s%v for the filter; series.txt does not list it", name, f.labels) {
			continue
		}
		if f.typ != "" {
			assert.Equal(t, l.typ, f.typ, "%s: type", name)
		}
		assert.Equal(t, l.labels, f.labels, "%s: labels", name)
	}
	for name := range listed {
		assert.Contains(t, derived, name, "series.txt lists %s, which the filter does not define", name)
	}
}

// dashboardExprs returns every PromQL expression of the Grafana
// dashboard: panel targets (rows included) and template variables.
func dashboardExprs(t *testing.T) map[string]string {
	b, err := os.ReadFile(filepath.Join("grafana", "aisecops.json"))
	require.NoError(t, err)
	type target struct {
		RefID string `json:"refId"`
		Expr  string `json:"expr"`
	}
	type panel struct {
		ID         int               `json:"id"`
		Type       string            `json:"type"`
		Title      string            `json:"title"`
		Targets    []target          `json:"targets"`
		Panels     []json.RawMessage `json:"panels"`
		Datasource *struct {
			UID string `json:"uid"`
		} `json:"datasource"`
		GridPos *struct{ H, W, X, Y int } `json:"gridPos"`
	}
	var dash struct {
		UID        string            `json:"uid"`
		Panels     []json.RawMessage `json:"panels"`
		Templating struct {
			List []struct {
				Name  string `json:"name"`
				Type  string `json:"type"`
				Query any    `json:"query"`
			} `json:"list"`
		} `json:"templating"`
	}
	require.NoError(t, json.Unmarshal(b, &dash))
	require.NotEmpty(t, dash.UID)
	out := map[string]string{}
	ids := map[int]bool{}
	var walk func([]json.RawMessage)
	walk = func(raw []json.RawMessage) {
		for _, r := range raw {
			var p panel
			require.NoError(t, json.Unmarshal(r, &p))
			assert.False(t, ids[p.ID], "panel id %d twice", p.ID)
			ids[p.ID] = true
			require.NotNil(t, p.GridPos, "panel %q has no gridPos", p.Title)
			assert.LessOrEqual(t, p.GridPos.X+p.GridPos.W, 24, "panel %q overflows the grid", p.Title)
			walk(p.Panels)
			if p.Type == "row" {
				continue
			}
			require.NotEmpty(t, p.Targets, "panel %q has no query", p.Title)
			require.NotNil(t, p.Datasource, "panel %q has no datasource", p.Title)
			assert.Equal(t, "${datasource}", p.Datasource.UID, "panel %q: use the datasource variable", p.Title)
			for _, tg := range p.Targets {
				require.NotEmpty(t, tg.Expr, "panel %q target %s", p.Title, tg.RefID)
				out["panel "+p.Title+" "+tg.RefID] = tg.Expr
			}
		}
	}
	walk(dash.Panels)
	labelValues := regexp.MustCompile(`^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$`)
	for _, v := range dash.Templating.List {
		if v.Type != "query" {
			continue
		}
		q, _ := v.Query.(map[string]any)
		s, _ := q["query"].(string)
		m := labelValues.FindStringSubmatch(s)
		require.NotNil(t, m, "variable %s: want label_values(<selector>, <label>), have %q", v.Name, s)
		// Checked as a selector grouped by the label it lists.
		out["variable "+v.Name] = "count by (" + m[2] + ") (" + m[1] + ")"
	}
	return out
}

// alertRules returns the alert rules of alerts.yaml.
type alertRule struct {
	Alert       string            `json:"alert"`
	Expr        string            `json:"expr"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

func alertRules(t *testing.T) []alertRule {
	b, err := os.ReadFile(filepath.Join("prometheus", "alerts.yaml"))
	require.NoError(t, err)
	var f struct {
		Groups []struct {
			Rules []alertRule `json:"rules"`
		} `json:"groups"`
	}
	require.NoError(t, yaml.Unmarshal(b, &f))
	var out []alertRule
	for _, g := range f.Groups {
		out = append(out, g.Rules...)
	}
	require.NotEmpty(t, out)
	return out
}

// Every series the dashboard and the alert rules query is in series.txt,
// every label they match or group on is one the series carries (or a
// scrape label), and every panel and rule reads at least one series.
func TestDashboardAndAlertsUseListedSeries(t *testing.T) {
	list, err := promseries.Read()
	require.NoError(t, err)
	names := promseries.Names(list)
	exprs := dashboardExprs(t)
	for _, r := range alertRules(t) {
		exprs["alert "+r.Alert] = r.Expr
	}
	used := map[string]bool{}
	for where, expr := range exprs {
		u, err := promseries.Parse(expr)
		require.NoError(t, err, where)
		require.NotEmpty(t, u.Selectors, "%s reads no series: %q", where, expr)
		known := slices.Clone(scrapeLabels)
		for _, sel := range u.Selectors {
			labels, ok := names[sel.Name]
			if !assert.True(t, ok, "%s uses %s, which is not in envoy/prometheus/series.txt", where, sel.Name) {
				continue
			}
			used[sel.Name] = true
			for _, l := range sel.Labels {
				assert.True(t, slices.Contains(labels, l) || slices.Contains(scrapeLabels, l),
					"%s: %s has no label %q (it has %v)", where, sel.Name, l, labels)
			}
			known = append(known, labels...)
		}
		for _, l := range u.Grouping {
			assert.Contains(t, known, l, "%s groups by %q, which none of its series carries", where, l)
		}
	}
	t.Logf("%d expressions read %d of the %d listed series names", len(exprs), len(used), len(names))
}

// Each alert has a severity, a summary and a runbook section in
// docs/runbook.md, and alerts_test.yaml shows it firing and quiet.
func TestAlertsHaveRunbooksAndTests(t *testing.T) {
	runbook, err := os.ReadFile(filepath.Join("..", "docs", "runbook.md"))
	require.NoError(t, err)
	headings := map[string]bool{}
	for _, line := range strings.Split(string(runbook), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			headings[strings.ToLower(strings.TrimSpace(h))] = true
		}
	}
	b, err := os.ReadFile(filepath.Join("prometheus", "alerts_test.yaml"))
	require.NoError(t, err)
	var tests struct {
		Tests []struct {
			AlertRuleTest []struct {
				Alertname string `json:"alertname"`
				ExpAlerts []any  `json:"exp_alerts"`
			} `json:"alert_rule_test"`
		} `json:"tests"`
	}
	require.NoError(t, yaml.Unmarshal(b, &tests))
	fires, quiet := map[string]bool{}, map[string]bool{}
	for _, tc := range tests.Tests {
		for _, a := range tc.AlertRuleTest {
			if len(a.ExpAlerts) > 0 {
				fires[a.Alertname] = true
			} else {
				quiet[a.Alertname] = true
			}
		}
	}
	for _, r := range alertRules(t) {
		assert.Contains(t, []string{"critical", "warning"}, r.Labels["severity"], "%s: severity", r.Alert)
		assert.NotEmpty(t, r.Annotations["summary"], "%s: summary", r.Alert)
		anchor := strings.ToLower(r.Alert)
		assert.Equal(t, "docs/runbook.md#"+anchor, r.Annotations["runbook_url"], "%s: runbook_url", r.Alert)
		assert.True(t, headings[anchor], "docs/runbook.md has no section ## %s", r.Alert)
		assert.True(t, fires[r.Alert], "alerts_test.yaml never expects %s to fire", r.Alert)
		assert.True(t, quiet[r.Alert], "alerts_test.yaml never expects %s to stay quiet", r.Alert)
	}
}

// promtool (Debian package prometheus) checks the rules and runs their
// unit tests. .ci/run installs it; without it the test says so and skips.
func TestPromtool(t *testing.T) {
	bin, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool not found (apt-get install prometheus; .ci/run installs it): alert rules not checked or unit-tested")
	}
	for _, args := range [][]string{
		{"check", "rules", "alerts.yaml"},
		{"test", "rules", "alerts_test.yaml"},
	} {
		cmd := exec.Command(bin, args...)
		cmd.Dir = "prometheus"
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "promtool %s:\n%s", strings.Join(args, " "), out)
		t.Logf("promtool %s: %s", strings.Join(args, " "), strings.TrimSpace(string(out)))
	}
}
