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
	"unicode"
	"unicode/utf8"
)

// approvalsCmd talks to the sandbox-runner's approval API as a human
// approver: list pending approvals with their arguments, show one whole,
// approve or deny one.
func approvalsCmd(args []string, stdout, stderr io.Writer) int {
	const usageText = "usage: aisecops approvals list|show|approve|deny [--runner URL] [--token TOKEN] [--state STATE] [ID]\n" +
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
		var list []approvalView
		if err := json.Unmarshal(body, &list); err != nil {
			fmt.Fprintf(stderr, "approvals: unexpected answer: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stdout, "%-32s %-10s %-20s %-20s %s\n", "ID", "STATE", "TOOL", "EXPIRES", "REASON")
		for _, a := range list {
			fmt.Fprintf(stdout, "%-32s %-10s %-20s %-20s %s\n", visible(a.ID), visible(a.State), visible(a.Tool), a.ExpiresAt.Format(time.DateTime), oneLine(a.Reason, 200))
			if a.ArgsDisplay != "" {
				fmt.Fprintf(stdout, "  args: %s\n", oneLine(a.ArgsDisplay, listArgsMax))
			}
		}
		return exitOK
	case "show":
		if fs.NArg() != 1 {
			fmt.Fprint(stderr, usageText)
			return exitUsage
		}
		id := fs.Arg(0)
		code, body, err := call("GET", "/v1/approvals/"+url.PathEscape(id))
		if err != nil {
			fmt.Fprintf(stderr, "approvals: %v\n", err)
			return exitUsage
		}
		if code != 200 {
			fmt.Fprintf(stderr, "approvals: show %s refused (%d): %s\n", id, code, strings.TrimSpace(string(body)))
			return exitRefused
		}
		var a approvalView
		if err := json.Unmarshal(body, &a); err != nil {
			fmt.Fprintf(stderr, "approvals: unexpected answer: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stdout, "id:          %s\nstate:       %s\ntool:        %s\nreason:      %s\nrequest:     %s\n"+
			"expires:     %s\nargs sha256: %s\n", visible(a.ID), visible(string(a.State)), visible(a.Tool), oneLine(a.Reason, 500), visible(a.RequestID),
			a.ExpiresAt.Format(time.DateTime), a.ArgsHash)
		switch {
		case a.ArgsDisplay != "":
			fmt.Fprintf(stdout, "args:\n%s\n", visible(a.ArgsDisplay))
		case a.State == "pending" || a.State == "approved":
			fmt.Fprint(stdout, "args:        (the runner did not show them: is it older than this CLI?)\n")
		default:
			fmt.Fprint(stdout, "args:        (dropped once the approval was final)\n")
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

// approvalView is what the runner shows an approver. ArgsDisplay is the
// arguments as indented JSON with invisible characters escaped by the
// runner; it is printed as given.
type approvalView struct {
	ID, Tool, Reason, State string
	RequestID               string    `json:"request_id"`
	ExpiresAt               time.Time `json:"expires_at"`
	ArgsHash                string    `json:"args_sha256"`
	ArgsDisplay             string    `json:"args_display"`
}

// listArgsMax bounds the arguments shown per approval in a list; show
// prints them whole.
const listArgsMax = 300

// oneLine folds whitespace runs to one space and cuts s to at most n
// bytes (on a rune boundary), marking the cut.
func oneLine(s string, n int) string {
	s = visible(strings.Join(strings.Fields(s), " "))
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("... (%d bytes more: approvals show ID)", len(s)-cut)
}

// visible escapes what a terminal would not show as itself (controls,
// escape sequences, format characters such as zero-width spaces and bidi
// overrides) as \uXXXX; newlines stay.
func visible(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '\n' || (unicode.IsPrint(r) && !unicode.Is(unicode.Cf, r)) {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
