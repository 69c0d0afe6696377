package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// approvalsCmd talks to the sandbox-runner's approval API as a human
// approver: list pending approvals, approve or deny one.
func approvalsCmd(args []string, stdout, stderr io.Writer) int {
	const usageText = "usage: aisecops approvals list|approve|deny [--runner URL] [--token TOKEN] [--state STATE] [ID]\n" +
		"  --runner defaults to $AISECOPS_RUNNER_URL or http://127.0.0.1:8081; --token to $AISECOPS_APPROVER_TOKEN\n"
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	verb := args[0]
	fs := flag.NewFlagSet("approvals", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runner := fs.String("runner", envOr("AISECOPS_RUNNER_URL", "http://127.0.0.1:8081"), "sandbox-runner base URL")
	token := fs.String("token", os.Getenv("AISECOPS_APPROVER_TOKEN"), "approver bearer token")
	state := fs.String("state", "pending", "list: approvals in this state (empty for all)")
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	if *token == "" {
		fmt.Fprint(stderr, "approvals: --token or $AISECOPS_APPROVER_TOKEN is required\n")
		return exitUsage
	}
	base, err := url.Parse(*runner)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		fmt.Fprintf(stderr, "approvals: --runner: invalid URL %q\n", *runner)
		return exitUsage
	}
	client := &http.Client{Timeout: 15 * time.Second}
	call := func(method, path string) (int, []byte, error) {
		req, err := http.NewRequest(method, strings.TrimRight(*runner, "/")+path, nil)
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Authorization", "Bearer "+*token)
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
		return resp.StatusCode, b, err
	}
	switch verb {
	case "list":
		if fs.NArg() != 0 {
			fmt.Fprint(stderr, usageText)
			return exitUsage
		}
		code, body, err := call("GET", "/v1/approvals?state="+url.QueryEscape(*state))
		if err != nil {
			fmt.Fprintf(stderr, "approvals: %v\n", err)
			return exitUsage
		}
		if code != 200 {
			fmt.Fprintf(stderr, "approvals: runner answered %d: %s\n", code, strings.TrimSpace(string(body)))
			return exitRefused
		}
		var list []struct {
			ID, Tool, Reason, State string
			RequestID               string    `json:"request_id"`
			ExpiresAt               time.Time `json:"expires_at"`
		}
		if err := json.Unmarshal(body, &list); err != nil {
			fmt.Fprintf(stderr, "approvals: unexpected answer: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stdout, "%-32s %-10s %-20s %-20s %s\n", "ID", "STATE", "TOOL", "EXPIRES", "REASON")
		for _, a := range list {
			fmt.Fprintf(stdout, "%-32s %-10s %-20s %-20s %s\n", a.ID, a.State, a.Tool, a.ExpiresAt.Format(time.DateTime), a.Reason)
		}
		return exitOK
	case "approve", "deny":
		if fs.NArg() != 1 {
			fmt.Fprint(stderr, usageText)
			return exitUsage
		}
		id := fs.Arg(0)
		code, body, err := call("POST", "/v1/approvals/"+url.PathEscape(id)+"/"+verb)
		if err != nil {
			fmt.Fprintf(stderr, "approvals: %v\n", err)
			return exitUsage
		}
		if code != 200 {
			fmt.Fprintf(stderr, "approvals: %s %s refused (%d): %s\n", verb, id, code, strings.TrimSpace(string(body)))
			return exitRefused
		}
		fmt.Fprintf(stdout, "%s\n", strings.TrimSpace(string(body)))
		return exitOK
	}
	fmt.Fprintf(stderr, "approvals: unknown verb %q\n%s", verb, usageText)
	return exitUsage
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
