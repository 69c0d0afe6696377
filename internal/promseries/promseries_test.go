package promseries

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	cases := []struct {
		name, expr string
		sel        []Selector
		grouping   []string
		err        string
	}{
		{name: "aggregation with by before", expr: `sum by (layer, rule) (increase(aisecops_detections_total[10m])) > 20`,
			sel: []Selector{{Name: "aisecops_detections_total"}}, grouping: []string{"layer", "rule"}},
		{name: "matchers, offset, grafana variables",
			expr: `rate(a_total{layer=~"$layer", action!="allow"}[$__rate_interval] offset 1h) / scalar(sum(b_total))`,
			sel:  []Selector{{Name: "a_total", Labels: []string{"layer", "action"}}, {Name: "b_total"}}},
		{name: "histogram quantile and numbers", expr: `histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m]))) > 48 * 1024 * 1e3`,
			sel: []Selector{{Name: "x_bucket"}}, grouping: []string{"le"}},
		{name: "set operators and bool", expr: "a > bool 1\nand on (instance) b unless c",
			sel: []Selector{{Name: "a"}, {Name: "b"}, {Name: "c"}}, grouping: []string{"instance"}},
		{name: "quoted braces do not confuse", expr: `a{x="}{"}`, sel: []Selector{{Name: "a", Labels: []string{"x"}}}},
		{name: "bare selector", expr: `{__name__="a"}`, err: "selector without a metric name"},
		{name: "unclosed range", expr: `rate(a[5m)`, err: "unclosed ["},
		{name: "unquoted matcher value", expr: `a{x=1}`, err: "no quoted value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u, err := Parse(c.expr)
			if c.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), c.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.sel, u.Selectors)
			assert.Equal(t, c.grouping, u.Grouping)
		})
	}
}

func TestReadList(t *testing.T) {
	list, err := Read()
	require.NoError(t, err)
	names := Names(list)
	assert.Contains(t, names, "aisecops_inspect_duration_us_bucket")
	assert.Contains(t, names["aisecops_inspect_duration_us_bucket"], "le")
	assert.NotContains(t, names, "aisecops_inspect_duration_us", "a histogram's family name is no series")
	assert.Equal(t, []string{"action", "layer", "rule"}, names["aisecops_detections_total"])
}
