package sandbox

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"
)

// BenchmarkStarlarkPrint reports p50 and p99 latency of one execution of
// print(1+1) (fresh module instance each time, compilation cache warm) and
// executions per second with two clients, as custom metrics.
func BenchmarkStarlarkPrint(b *testing.B) {
	e := newExec(b, Config{Concurrency: 2, Queue: 64})
	ctx := context.Background()
	req := Request{Tool: "starlark", Input: "print(1+1)"}
	if res, err := e.Exec(ctx, req); err != nil || res.Stdout != "2\n" {
		b.Fatalf("setup: %+v %v", res, err)
	}
	var mu sync.Mutex
	var lat []time.Duration
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			t0 := time.Now()
			res, err := e.Exec(ctx, req)
			d := time.Since(t0)
			if err != nil || res.Stdout != "2\n" {
				b.Errorf("exec: %+v %v", res, err)
				return
			}
			mu.Lock()
			lat = append(lat, d)
			mu.Unlock()
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(float64(len(lat))*p))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "exec/s")
}
