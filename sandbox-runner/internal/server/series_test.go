package server

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/promseries"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The runner rows of envoy/prometheus/series.txt are exactly the
// families the runner's registry exports, with their types and labels.
// Labelled families appear only once used, so every vector of the server
// is touched first.
func TestSeriesListMatchesRunnerRegistry(t *testing.T) {
	e := start(t, t.TempDir(), 2, 3)
	sm := e.srv.m
	for _, c := range []prometheus.Collector{sm.execs, sm.duration, sm.limits, sm.approvals} {
		switch v := c.(type) {
		case *prometheus.CounterVec:
			v.WithLabelValues(dummyLabels(t, v)...).Add(0)
		case *prometheus.HistogramVec:
			v.WithLabelValues(dummyLabels(t, v)...).Observe(0)
		default:
			t.Fatalf("%T: touch it here", c)
		}
	}
	families, err := e.srv.reg.Gather()
	require.NoError(t, err)
	got := map[string]promseries.Series{}
	for _, f := range families {
		s := promseries.Series{Name: f.GetName(), Source: "runner"}
		switch f.GetType() {
		case dto.MetricType_COUNTER:
			s.Type = "counter"
		case dto.MetricType_GAUGE:
			s.Type = "gauge"
		case dto.MetricType_HISTOGRAM:
			s.Type = "histogram"
		default:
			s.Type = f.GetType().String()
		}
		for _, lp := range f.GetMetric()[0].GetLabel() {
			s.Labels = append(s.Labels, lp.GetName())
		}
		sort.Strings(s.Labels)
		got[s.Name] = s
	}
	list, err := promseries.Read()
	require.NoError(t, err)
	listed := map[string]promseries.Series{}
	for _, s := range list {
		if s.Source == "runner" {
			listed[s.Name] = s
		}
	}
	for name, s := range got {
		l, ok := listed[name]
		if !assert.True(t, ok, "the runner exports %s (%s %v); envoy/prometheus/series.txt does not list it", name, s.Type, s.Labels) {
			continue
		}
		assert.Equal(t, l.Type, s.Type, "%s: type", name)
		assert.Equal(t, l.Labels, s.Labels, "%s: labels", name)
	}
	for name := range listed {
		assert.Contains(t, got, name, "series.txt lists %s, which the runner does not export", name)
	}
}

// dummyLabels gives one value per variable label of a vector, read from
// its description ("... variableLabels: {tool,outcome}}").
func dummyLabels(t *testing.T, c prometheus.Collector) []string {
	ch := make(chan *prometheus.Desc, 1)
	c.Describe(ch)
	d := (<-ch).String()
	m := regexp.MustCompile(`variableLabels: \{([^}]*)\}`).FindStringSubmatch(d)
	require.NotNil(t, m, "no variable labels in %s", d)
	return strings.Split(m[1], ",") // the names serve as values
}

// The saturation gauges read the executor's capacity and the approval
// backlog at scrape time.
func TestSaturationGauges(t *testing.T) {
	e := start(t, t.TempDir(), 2, 3)
	now := time.Now()
	gauges := func() map[string]float64 {
		out := map[string]float64{}
		fs, err := e.srv.reg.Gather()
		require.NoError(t, err)
		for _, f := range fs {
			if f.GetType() == dto.MetricType_GAUGE {
				out[f.GetName()] = f.GetMetric()[0].GetGauge().GetValue()
			}
		}
		return out
	}
	g := gauges()
	assert.Equal(t, 5.0, g["aisecops_runner_queue_capacity"], "concurrency 2 + queue 3")
	assert.Positive(t, g["aisecops_runner_memory_budget_bytes"])
	assert.Equal(t, 0.0, g["aisecops_runner_approvals_pending"])
	assert.Equal(t, 0.0, g["aisecops_runner_approval_oldest_pending_seconds"])

	_, err := e.srv.approvals.Create("send_email", []byte(`{}`), "h1", "r", "q1", time.Hour)
	require.NoError(t, err)
	second, err := e.srv.approvals.Create("send_email", []byte(`{}`), "h2", "r", "q2", time.Hour)
	require.NoError(t, err)
	time.Sleep(20 * time.Millisecond)
	g = gauges()
	assert.Equal(t, 2.0, g["aisecops_runner_approvals_pending"])
	age := g["aisecops_runner_approval_oldest_pending_seconds"]
	assert.Greater(t, age, 0.0)
	assert.LessOrEqual(t, age, time.Since(now).Seconds())

	_, err = e.srv.approvals.Decide(second.ID, false, "tester")
	require.NoError(t, err)
	assert.Equal(t, 1.0, gauges()["aisecops_runner_approvals_pending"], "a decided approval no longer waits")
}
