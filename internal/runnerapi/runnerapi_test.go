package runnerapi

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The filter's request bodies keep the wire format the filter wrote by
// hand before these types existed: same fields, same order, same values.
func TestMarshalKeepsWireFormat(t *testing.T) {
	cases := []struct {
		name string
		v    any
		want string
	}{
		{"exec", ExecRequest{Tool: "starlark", Input: "print(\"<a & b>\")\n", Limits: Limits{TimeoutMS: 2000, MemoryMB: 64}, RequestID: "req-1"},
			`{"tool":"starlark","input":"print(\"<a & b>\")\n","limits":{"timeout_ms":2000,"memory_mb":64},"request_id":"req-1"}`},
		{"approval", ApprovalRequest{Tool: "send_email", Args: json.RawMessage(`{"to":"a@b.example","body":"<b>hi</b> & bye"}`),
			Reason: "tool requires approval by policy (send_email)", RequestID: "req-1", TimeoutMS: 8000},
			`{"tool":"send_email","args":{"to":"a@b.example","body":"<b>hi</b> & bye"},"reason":"tool requires approval by policy (send_email)","request_id":"req-1","timeout_ms":8000}`},
		{"consume", ConsumeRequest{Tool: "send_email", Args: json.RawMessage(`{"to":"a@b.example"}`)},
			`{"tool":"send_email","args":{"to":"a@b.example"}}`},
	}
	for _, c := range cases {
		got, err := Marshal(c.v)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if string(got) != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

// Raw arguments are compacted (the runner hashes their canonical form, so
// the approval still matches) and invalid ones are an error, not a body.
func TestMarshalRawArgs(t *testing.T) {
	got, err := Marshal(ConsumeRequest{Tool: "t", Args: json.RawMessage("{ \"a\" : [1, 2] }")})
	if err != nil || string(got) != `{"tool":"t","args":{"a":[1,2]}}` {
		t.Errorf("got %s, %v", got, err)
	}
	for _, bad := range []string{`{"a":`, `{"a":1}}`, `{'a':1}`} {
		if b, err := Marshal(ApprovalRequest{Tool: "t", Args: json.RawMessage(bad)}); err == nil {
			t.Errorf("args %s: marshalled to %s, want an error", bad, b)
		}
	}
}

func TestAppendEventBatch(t *testing.T) {
	events := [][]byte{[]byte(`{"a":1}`), []byte(`{"b":"<x>"}`), []byte(`{}`)}
	body := AppendEventBatch([]byte("prefix:"), events)
	if want := `prefix:[{"a":1},{"b":"<x>"},{}]`; string(body) != want {
		t.Fatalf("got %s, want %s", body, want)
	}
	var batch EventBatch
	if err := json.Unmarshal(body[len("prefix:"):], &batch); err != nil {
		t.Fatal(err)
	}
	if len(batch) != len(events) {
		t.Fatalf("decoded %d events, want %d", len(batch), len(events))
	}
	for i := range events {
		if string(batch[i]) != string(events[i]) {
			t.Errorf("event %d: got %s, want %s", i, batch[i], events[i])
		}
	}
	if got := string(AppendEventBatch(nil, nil)); got != "[]" {
		t.Errorf("empty batch: got %s", got)
	}
}

// The runner's answers decode into the types and encode back the same.
func TestAnswersRoundTrip(t *testing.T) {
	for _, c := range []struct {
		body string
		v    any
	}{
		{`{"exit_code":1,"stdout":"out","stderr":"err","duration_ms":12,"limit_hit":"timeout"}`, &ExecResult{}},
		{`{"exit_code":0,"stdout":"","stderr":"","duration_ms":0}`, &ExecResult{}},
		{`{"id":"0a1b","tool":"send_email","args_sha256":"ab","state":"pending","created_at":"2026-01-02T03:04:05Z","expires_at":"2026-01-02T03:14:05Z"}`, &Approval{}},
		{`{"first_seq":3,"last_seq":5}`, &EventsStored{}},
		{`{"error":"tool: required"}`, &Error{}},
	} {
		dec := json.NewDecoder(strings.NewReader(c.body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(c.v); err != nil {
			t.Errorf("%s: %v", c.body, err)
			continue
		}
		out, err := json.Marshal(c.v)
		if err != nil || string(out) != c.body {
			t.Errorf("round trip of %s gave %s (%v)", c.body, out, err)
		}
	}
}

func TestApprovalStateFinal(t *testing.T) {
	want := map[ApprovalState]bool{ApprovalPending: false, ApprovalApproved: false,
		ApprovalDenied: true, ApprovalExpired: true, ApprovalConsumed: true}
	for s, final := range want {
		if s.Final() != final {
			t.Errorf("%s.Final() = %v, want %v", s, s.Final(), final)
		}
	}
}

func TestPaths(t *testing.T) {
	got := []string{PathExec, PathApprovals, ApprovalPath("ab12"), ConsumePath("ab12"), PathEvents}
	want := []string{"/v1/exec", "/v1/approvals", "/v1/approvals/ab12", "/v1/approvals/ab12/consume", "/v1/events"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
