package server

import (
	"time"

	"github.com/aisecops/aisecops/sandbox-runner/internal/approvals"
	"github.com/aisecops/aisecops/sandbox-runner/internal/sandbox"
	"github.com/prometheus/client_golang/prometheus"
)

// saturationGauges are what the runner is full against and the approval
// backlog, read at scrape time: envoy/prometheus/alerts.yaml pages on
// them, and envoy/grafana/aisecops.json draws them.
func saturationGauges(ex *sandbox.Executor, ap *approvals.Store, now func() time.Time) []prometheus.Collector {
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	return []prometheus.Collector{
		gauge("aisecops_runner_queue_capacity", "Most executions admitted at once (running and waiting).",
			func() float64 { n, _ := ex.Capacity(); return float64(n) }),
		gauge("aisecops_runner_memory_budget_bytes", "Memory budget executions reserve from.",
			func() float64 { _, b := ex.Capacity(); return float64(b) }),
		gauge("aisecops_runner_approvals_pending", "Approvals waiting for a human.",
			func() float64 { n, _ := ap.Pending(); return float64(n) }),
		gauge("aisecops_runner_approval_oldest_pending_seconds", "Age of the oldest approval waiting for a human (0 when none waits).",
			func() float64 {
				_, oldest := ap.Pending()
				if oldest.IsZero() {
					return 0
				}
				return now().Sub(oldest).Seconds()
			}),
	}
}
