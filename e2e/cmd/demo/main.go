// Command demo runs every end-to-end scenario through the compiled filter
// (embedded driver) with the fakes and a live sandbox-runner, and prints
// what happened: `make demo`. It needs `make build` first (the make
// target does it) and is run from the repository root. -runtime v8 runs
// the filter in V8 (Node.js 20) instead of wazero.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/aisecops/aisecops/e2e"
	"github.com/aisecops/aisecops/internal/wasmhost"
)

func main() { os.Exit(run()) }

func run() int {
	runtimeName := flag.String("runtime", "wazero", "the Wasm runtime the filter runs in: wazero or v8")
	flag.Parse()
	rt, err := wasmhost.ParseRuntime(*runtimeName)
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		return 2
	}
	root, _ := os.Getwd()
	st, err := e2e.StartStack(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		return 2
	}
	defer st.Close()
	normal, err := st.EmbeddedOn(rt, false)
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		return 2
	}
	monitor, err := st.EmbeddedOn(rt, true)
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		return 2
	}
	fmt.Println("AISecOps demo: agents (official OpenAI, Anthropic, MCP and A2A SDKs) -> compiled filter -> fake LLMs, a real MCP server, a live sandbox-runner")
	fmt.Println("policy: envoy/policy.example.json; filter in " + normal.Engine)
	fmt.Println()
	fmt.Printf("%-4s %-54s %-20s %s\n", "", "SCENARIO", "DECISION", "WHAT THE AGENT SAW")
	failed := 0
	for _, sc := range e2e.Scenarios {
		env := normal
		if sc.Monitor {
			env = monitor
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		out, err := e2e.Check(ctx, env, sc)
		cancel()
		mark := "ok"
		saw := out.AgentSaw
		if err != nil {
			mark, failed = "FAIL", failed+1
			saw = err.Error()
		}
		fmt.Printf("%-4s %-54s %-20s %s\n", mark, sc.Name, out.Decision, oneLine(saw, 70))
	}
	fmt.Println()
	fmt.Println("filter counters (enforce-mode filter):")
	counters := normal.Counters()
	names := make([]string, 0, len(counters))
	for n := range counters {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Printf("  %-100s %d\n", n, counters[n])
	}
	fmt.Printf("\nsecurity events logged: %d (one JSON line each, hash-chained)\n", len(normal.Events())+len(monitor.Events()))
	if failed > 0 {
		fmt.Printf("\n%d scenario(s) did not behave as expected\n", failed)
		return 1
	}
	fmt.Println("\nall scenarios behaved as expected")
	return 0
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "..."
	}
	return s
}
