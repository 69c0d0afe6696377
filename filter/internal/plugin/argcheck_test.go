package plugin

import (
	"os"
	"testing"

	"github.com/aisecops/aisecops/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// Issue 17 item 17: an e-mail argument is one plain address, and text
// arguments can refuse control and invisible characters.

const emailPolicy = `{
  "policy_version": "email-1",
  "tools": {"default": "deny", "rules": [
    {"name": "send_email", "risk": "irreversible",
     "args": {"to": {"type": "string", "required": true, "email": {"domains": ["example.com"]}},
              "subject": {"type": "string", "chars": "single_line"},
              "body": {"type": "string", "chars": "multi_line"}},
     "additional_args": false}
  ]}
}`

func sendEmail(args string) []byte {
	return []byte(`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"send_email","arguments":` + args + `}}`)
}

func TestEmailAndControlCharacterConstraints(t *testing.T) {
	cases := []struct {
		name, args string
		allowed    bool
		reason     string // a part of the refusal reason
	}{
		{"plain address", `{"to":"alice@example.com","subject":"Hi","body":"line 1\nline 2\r\n\tend"}`, true, ""},
		{"domain in upper case", `{"to":"alice@EXAMPLE.com"}`, true, ""},
		{"percent routing", `{"to":"attacker%evil.com@example.com"}`, false, "arg[to]"},
		{"address list", `{"to":"a,b@example.com"}`, false, "arg[to]"},
		{"two addresses", `{"to":"alice@example.com, bob@evil.com"}`, false, "arg[to]"},
		{"zero-width space", `{"to":"ali\u200bce@example.com"}`, false, "arg[to]"},
		{"display name", `{"to":"Alice <alice@example.com>"}`, false, "arg[to]"},
		{"quoted local part", `{"to":"\"a@evil.com\"@example.com"}`, false, "arg[to]"},
		{"comment", `{"to":"alice@example.com(x)"}`, false, "arg[to]"},
		{"other domain", `{"to":"alice@evil.com"}`, false, "arg[to]"},
		{"domain suffix trick", `{"to":"alice@example.com.evil.com"}`, false, "arg[to]"},
		{"bang path", `{"to":"evil.com!alice@example.com"}`, false, "arg[to]"},
		{"address literal", `{"to":"alice@[127.0.0.1]"}`, false, "arg[to]"},
		{"trailing newline", `{"to":"alice@example.com\n"}`, false, "arg[to]"},
		{"CR LF in subject", `{"to":"alice@example.com","subject":"Hi\r\nBcc: x@evil.com"}`, false, "arg[subject]"},
		{"LF in subject", `{"to":"alice@example.com","subject":"Hi\nthere"}`, false, "arg[subject]"},
		{"bidi override in subject", `{"to":"alice@example.com","subject":"invoice \u202egnp.exe"}`, false, "arg[subject]"},
		{"C1 control in subject", `{"to":"alice@example.com","subject":"a\u0085b"}`, false, "arg[subject]"},
		{"lone CR in body", `{"to":"alice@example.com","body":"a\rb"}`, false, "arg[body]"},
		{"zero-width joiner in body", `{"to":"alice@example.com","body":"pay\u200dpal"}`, false, "arg[body]"},
		{"NUL in body", `{"to":"alice@example.com","body":"a\u0000b"}`, false, "arg[body]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			forEach(t, func(t *testing.T, r runner, chunk int) {
				host := newHost(t, r, emailPolicy)
				res := do(t, host, exchange{path: "/mcp", reqBody: sendEmail(tc.args)}, chunk)
				if tc.allowed {
					require.Nil(t, res.local, "refused: %s", res.local)
					return
				}
				require.NotNil(t, res.local, "%s must be refused", tc.args)
				assert.Equal(t, "tool_denied", gjson.GetBytes(res.local.Data, "error.data.reason").String())
				ev := events(host)
				require.NotEmpty(t, ev)
				assert.Contains(t, gjson.Get(ev[0], "detail").String(), tc.reason)
			})
		})
	}
}

// The shipped example policy uses the constraints for send_email.
func TestExamplePolicySendEmailConstraints(t *testing.T) {
	p, err := rules.Load(readExamplePolicy(t))
	require.NoError(t, err)
	for _, args := range []string{`{"to":"attacker%evil.com@example.com"}`, `{"to":"a,b@example.com"}`,
		`{"to":"ali\u200bce@example.com"}`, `{"to":"alice@example.com","subject":"Hi\r\nBcc: x@evil.com"}`} {
		v := p.Evaluate(rules.Input{Body: sendEmail(args), Direction: rules.Request, Format: rules.FormatMCP})
		require.Len(t, v.Calls, 1, args)
		assert.Equal(t, rules.ActionDeny, v.Calls[0].Action, "%s: %v", args, v.Calls[0].Reasons)
	}
	v := p.Evaluate(rules.Input{Body: sendEmail(`{"to":"alice@example.com","subject":"Hi","body":"a\nb"}`), Direction: rules.Request, Format: rules.FormatMCP})
	require.Len(t, v.Calls, 1)
	assert.Equal(t, rules.ActionApprove, v.Calls[0].Action, "%v", v.Calls[0].Reasons)
}

func readExamplePolicy(t *testing.T) []byte {
	b, err := os.ReadFile("../../../envoy/policy.example.json")
	require.NoError(t, err)
	return b
}
