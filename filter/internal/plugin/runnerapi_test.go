package plugin

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aisecops/aisecops/internal/runnerapi"
)

// The filter reads the runner's answers with gjson, strictly; these check
// that what it reads is what the runner writes (runnerapi's types encoded
// as the runner's server encodes them), and that anything of another shape
// is not read as an answer.
func TestReadRunnerAnswers(t *testing.T) {
	want := runnerapi.ExecResult{ExitCode: 3, Stdout: "out\n", Stderr: "err\n", DurationMS: 7, LimitHit: "timeout"}
	b, _ := json.Marshal(want)
	got, ok := readExec(b)
	want.DurationMS = 0 // not read
	if !ok || got != want {
		t.Errorf("readExec(%s) = %+v, %v; want %+v", b, got, ok, want)
	}
	b, _ = json.Marshal(runnerapi.ExecResult{Stdout: "x"})
	if got, ok := readExec(b); !ok || got != (runnerapi.ExecResult{Stdout: "x"}) {
		t.Errorf("readExec(%s) = %+v, %v", b, got, ok)
	}
	for _, bad := range []string{
		``, `[]`, `"x"`, `{"stdout":"x"}`, `{"exit_code":0}`,
		`{"exit_code":"0","stdout":"x"}`, `{"exit_code":null,"stdout":"x"}`, `{"exit_code":0,"stdout":1}`,
		`{"exit_code":0,"stdout":"x","stderr":null}`, `{"exit_code":0,"stdout":"x","limit_hit":5}`,
		`{"exit_code":0,"stdout":"x"`,
	} {
		if got, ok := readExec([]byte(bad)); ok {
			t.Errorf("readExec(%s) accepted: %+v", bad, got)
		}
	}

	a := runnerapi.Approval{ID: "0123456789abcdef", Tool: "send_email", ArgsHash: "ab", State: runnerapi.ApprovalApproved,
		CreatedAt: time.Unix(1, 0).UTC(), ExpiresAt: time.Unix(2, 0).UTC()}
	b, _ = json.Marshal(a)
	if id, ok := readApprovalID(b); !ok || id != a.ID {
		t.Errorf("readApprovalID(%s) = %q, %v", b, id, ok)
	}
	if st, ok := readApprovalState(b); !ok || st != runnerapi.ApprovalApproved {
		t.Errorf("readApprovalState(%s) = %q, %v", b, st, ok)
	}
	for _, bad := range []string{`{}`, `{"id":""}`, `{"id":"../x"}`, `{"id":"ABC"}`, `{"id":12}`, `{"id":"ab"`} {
		if id, ok := readApprovalID([]byte(bad)); ok {
			t.Errorf("readApprovalID(%s) accepted %q", bad, id)
		}
	}
	for _, bad := range []string{`{}`, `{"state":1}`, `{"state":null}`, `{"state":"approved"`} {
		if st, ok := readApprovalState([]byte(bad)); ok {
			t.Errorf("readApprovalState(%s) accepted %q", bad, st)
		}
	}
}
