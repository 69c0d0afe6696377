package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/require"

	"github.com/aisecops/aisecops/internal/testbuild"
	"github.com/aisecops/aisecops/internal/wasmhost"
)

// canaryVersion is the policy version the second deployment runs.
const canaryVersion = "2026-12-07.1-canary"

// chromium finds Debian's Chromium ($AISECOPS_CHROMIUM first).
func chromium() (string, error) {
	if p := os.Getenv("AISECOPS_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no chromium, chromium-browser or google-chrome on PATH, and AISECOPS_CHROMIUM is unset")
}

// TestDashboardInBrowser seeds a runner with the e2e scenarios through two
// deployments (prod under the example policy, canary in monitor mode under
// another policy version), leaves an agent's send_email waiting for a
// human, and then, in headless Chromium: opens the dashboard with the
// approver token, sees both deployments side by side, filters by layer,
// opens an event and sees its chain verified, approves the call and sees
// its state change, and the agent gets its answer. It writes
// dashboard.png beside the build.
func TestDashboardInBrowser(t *testing.T) {
	bin, err := chromium()
	if err != nil {
		t.Skip("headless Chromium is needed for the dashboard test (Debian: apt-get install chromium): " + err.Error())
	}
	began := time.Now()
	st, err := StartStack(testbuild.Root())
	require.NoError(t, err)
	defer st.Close()
	t.Logf("stack started in %s", time.Since(began).Round(time.Millisecond))
	pol, err := st.Policy(false)
	require.NoError(t, err)
	prod, err := st.EmbeddedAs(wasmhost.Wazero, pol, wasmhost.IstioSidecar("prod", "agent-gateway", "agent-gateway", "v1"))
	require.NoError(t, err)
	mon, err := st.Policy(true)
	require.NoError(t, err)
	mon = []byte(strings.Replace(string(mon), `"policy_version": "2026-11-26.1"`, `"policy_version": "`+canaryVersion+`"`, 1))
	require.Contains(t, string(mon), canaryVersion)
	canary, err := st.EmbeddedAs(wasmhost.Wazero, mon, wasmhost.IstioSidecar("canary", "agent-gateway", "agent-gateway", "v2"))
	require.NoError(t, err)

	t.Logf("two filters loaded at %s", time.Since(began).Round(time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	for _, sc := range Scenarios {
		env := prod
		if sc.Monitor {
			env = canary
		}
		_, err := Check(ctx, env, sc)
		require.NoError(t, err, sc.Name)
	}
	// Every event the filters logged is in the runner's log before the
	// agent below holds the prod filter in its approval wait.
	logged := len(prod.Events()) + len(canary.Events())
	require.Eventually(t, func() bool { return st.storedEvents(t) >= logged }, 20*time.Second, 100*time.Millisecond,
		"the runner stores the %d events the filters logged", logged)

	// An agent's irreversible call waits for a human: the approver decides
	// it in the browser below.
	agent := make(chan string, 1)
	go func() {
		s, err := mcpSession(ctx, prod)
		if err != nil {
			agent <- "session: " + err.Error()
			return
		}
		defer s.Close()
		res, err := s.CallTool(ctx, &mcp.CallToolParams{Name: "send_email",
			Arguments: map[string]any{"to": "team@example.com", "subject": "Release", "body": "Shipped v2."}})
		switch {
		case err != nil:
			agent <- "error: " + err.Error()
		case len(res.Content) == 0:
			agent <- "no content"
		default:
			agent <- res.Content[0].(*mcp.TextContent).Text
		}
	}()
	id := st.pendingApproval(t, 20*time.Second)
	t.Logf("scenarios seeded the runner at %s", time.Since(began).Round(time.Millisecond))

	shot := filepath.Join(testbuild.Dir(), "dashboard.png")
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	wait := chromedp.WithPollingTimeout(15 * time.Second)
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(bctx, actions...), what)
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		require.NoError(t, err, "text of %s", sel)
		return s
	}

	start := time.Now()
	step("open the dashboard and give the token",
		chromedp.Navigate(st.RunnerURL+"/dashboard"),
		chromedp.WaitVisible(chromedp.CSS("#token")),
		chromedp.SendKeys(chromedp.CSS("#token"), st.ApproverToken),
		chromedp.Click(chromedp.CSS(`#login button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#deployments")))
	deps := text("#deployments")
	for _, want := range []string{"prod/agent-gateway", "canary/agent-gateway", "2026-11-26.1", canaryVersion, "monitor", "enforce"} {
		require.Contains(t, deps, want, "the deployments table")
	}
	require.Contains(t, text("#pending"), "team@example.com", "the pending call's arguments")

	step("filter by layer",
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('select[name=layer]');
			s.value = 'context'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`),
		chromedp.Poll[chromedp.Void](`document.querySelector('select[name=layer]').value === 'context' &&
			document.querySelectorAll('#events td.layer').length > 0 &&
			[...document.querySelectorAll('#events td.layer')].every(td => td.textContent === 'context')`, wait))
	loc, err := chromedp.Run(bctx, chromedp.Location())
	require.NoError(t, err)
	require.Contains(t, loc, "layer=context", "the filter is in the URL")
	matched := text("#matched")
	n, total := countsOf(t, matched)
	require.Greater(t, total, n, "the filter narrowed the events: %s", matched)

	step("open an event",
		chromedp.Click(chromedp.CSS("#events button[data-seq]")),
		chromedp.WaitVisible(chromedp.CSS("#chain-status")))
	require.Contains(t, text("#chain-status"), "Chain verified")
	ev := text("#event-json")
	require.Contains(t, ev, `"layer": "context"`)
	require.Contains(t, ev, `"deployment": {`)

	step("approve the pending call",
		chromedp.Click(chromedp.CSS(`#pending tr[data-approval="`+id+`"] button.approve`)),
		chromedp.Poll[chromedp.Void](`!!document.querySelector('#decided tr[data-approval="`+id+`"]') &&
			!document.querySelector('#pending tr[data-approval="`+id+`"]')`, wait))
	require.Contains(t, text("#status"), "is now approved")
	// Approved, and by the time the page reloads the filter may already
	// have used it: consumed.
	require.Regexp(t, `^(approved|consumed)$`, text(`#decided tr[data-approval="`+id+`"] td[class^=state-]`))
	select {
	case got := <-agent:
		require.Equal(t, "sent to team@example.com", got, "the agent's call ran once approved")
	case <-time.After(20 * time.Second):
		t.Fatal("the agent's call did not complete after the approval")
	}
	t.Logf("browser steps took %s", time.Since(start).Round(time.Millisecond))

	png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(shot), 0o755))
	require.NoError(t, os.WriteFile(shot, png, 0o644))
	t.Logf("screenshot: %s (%d bytes)", shot, len(png))
}

// countsOf reads "N of M events" from the dashboard.
func countsOf(t *testing.T, s string) (int, int) {
	f := strings.Fields(s)
	require.GreaterOrEqual(t, len(f), 3, "%q", s)
	n, err1 := strconv.Atoi(f[0])
	m, err2 := strconv.Atoi(f[2])
	require.NoError(t, err1, "%q", s)
	require.NoError(t, err2, "%q", s)
	return n, m
}

// storedEvents is how many events the runner's log holds.
func (st *Stack) storedEvents(t *testing.T) int {
	req, _ := http.NewRequest("GET", st.RunnerURL+"/v1/events?since=0&limit=100000", nil)
	req.Header.Set("Authorization", "Bearer "+st.ApproverToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return strings.Count(string(b), "\n")
}

// pendingApproval waits for one pending approval and returns its id.
func (st *Stack) pendingApproval(t *testing.T, timeout time.Duration) string {
	var id string
	require.Eventually(t, func() bool {
		req, _ := http.NewRequest("GET", st.RunnerURL+"/v1/approvals?state=pending", nil)
		req.Header.Set("Authorization", "Bearer "+st.ApproverToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if i := strings.Index(string(b), `"id":"`); i >= 0 {
			id = string(b[i+6:])
			id = id[:strings.IndexByte(id, '"')]
			return true
		}
		return false
	}, timeout, 50*time.Millisecond, "an approval is pending")
	return id
}
