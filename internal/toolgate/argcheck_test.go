package toolgate

import (
	"testing"

	"github.com/aisecops/aisecops/internal/config"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEmailCheck(t *testing.T) {
	e, err := compileEmailRule(&config.EmailConfig{Domains: []string{"example.com", "*.corp.example"}}, "x")
	require.NoError(t, err)
	tests := []struct{ in, err string }{
		{"alice@example.com", ""},
		{"Alice.O'Neil+tag@Example.COM", ""},
		{"bob@eu.corp.example", ""},
		{"bob@corp.example", "e-mail domain is not in the allowed domains"},
		{"attacker%evil.com@example.com", "e-mail address contains '%' (source routing through another host)"},
		{"evil.com!alice@example.com", "e-mail address contains '!' (bang-path routing)"},
		{"a,b@example.com", "not a single address: contains ',' (a list of addresses)"},
		{"a@example.com;b@evil.com", "not a single address: contains ';' (a list of addresses)"},
		{"a@evil.com@example.com", "not a single address: more than one '@'"},
		{"ali\u200bce@example.com", "e-mail address contains a non-ASCII character (U+200B): invisible, lookalike and internationalised addresses are refused"},
		{"аlice@example.com", "e-mail address contains a non-ASCII character (U+0430): invisible, lookalike and internationalised addresses are refused"},
		{`"a@evil.com"@example.com`, "e-mail address has a quoted part"},
		{"alice@example.com (x)", "e-mail address contains whitespace or a control character"},
		{"alice@example.com(x)", "e-mail address has a comment"},
		{"Alice <alice@example.com>", "e-mail address contains whitespace or a control character"},
		{"<alice@example.com>", "e-mail address has a display name or angle brackets"},
		{"@evil.com:alice@example.com", "e-mail address has a route or group (':')"},
		{"alice@[127.0.0.1]", "e-mail address has an address literal ('[...]')"},
		{"alice@example.com\r\nbcc:x", "e-mail address contains whitespace or a control character"},
		{".alice@example.com", "e-mail local part has a leading, trailing or double '.'"},
		{"al..ice@example.com", "e-mail local part has a leading, trailing or double '.'"},
		{"alice", "not an e-mail address: no '@'"},
		{"@example.com", "e-mail local part is empty or longer than 64 bytes"},
		{"alice@", "e-mail domain: empty host"},
		{"alice@example.com.", "e-mail domain: empty or over-long label"},
		{"alice@10.0.0.1", "e-mail domain is an IP address"},
		{"alice@exa_mple.com", `e-mail domain: invalid character "_" in host`},
	}
	for _, tc := range tests {
		err := e.check(tc.in)
		if tc.err == "" {
			assert.NoError(t, err, tc.in)
			continue
		}
		if assert.Error(t, err, tc.in) {
			assert.Equal(t, tc.err, err.Error(), tc.in)
		}
	}
	any, err := compileEmailRule(&config.EmailConfig{}, "x")
	require.NoError(t, err)
	assert.NoError(t, any.check("x@anywhere.test"))
}

func TestCheckChars(t *testing.T) {
	tests := []struct {
		in        string
		multiLine bool
		err       string
	}{
		{"Quarterly report – café ✓", false, ""},
		{"line 1\nline 2\r\n\tend", true, ""},
		{"Hi\r\nBcc: x@evil.com", false, "contains a line break (U+000D) at character 3; chars is single_line"},
		{"Hi\nthere", false, "contains a line break (U+000A) at character 3; chars is single_line"},
		{"a\tb", false, "contains a control character (U+0009) at character 2; chars is single_line"},
		{"a\rb", true, "contains a line break (U+000D) at character 2; chars is multi_line"},
		{"a\x00b", true, "contains a control character (U+0000) at character 2; chars is multi_line"},
		{"a\x7fb", true, "contains a control character (U+007F) at character 2; chars is multi_line"},
		{"a\u0085b", true, "contains a C1 control character (U+0085) at character 2; chars is multi_line"},
		{"a\u2028b", true, "contains a line or paragraph separator (U+2028) at character 2; chars is multi_line"},
		{"invoice \u202egnp.exe", false, "contains a bidirectional control character (U+202E) at character 9; chars is single_line"},
		{"x\u2066y", false, "contains a bidirectional control character (U+2066) at character 2; chars is single_line"},
		{"pay\u200dpal", true, "contains an invisible format character (U+200D) at character 4; chars is multi_line"},
		{"pay\u200bpal", false, "contains an invisible format character (U+200B) at character 4; chars is single_line"},
		{"\ufeffhi", false, "contains an invisible format character (U+FEFF) at character 1; chars is single_line"},
		{"soft\u00adhyphen", false, "contains an invisible format character (U+00AD) at character 5; chars is single_line"},
		{"tag\U000E0041", false, "contains an invisible format character (U+0E0041) at character 4; chars is single_line"},
		{"hangul\u3164filler", false, "contains an invisible character (U+3164) at character 7; chars is single_line"},
		{"vs\ufe0f", false, "contains an invisible character (U+FE0F) at character 3; chars is single_line"},
		{"bad \xff utf8", false, "contains invalid UTF-8 at character 5"},
	}
	for _, tc := range tests {
		err := checkChars(tc.in, tc.multiLine)
		if tc.err == "" {
			assert.NoError(t, err, "%q", tc.in)
			continue
		}
		if assert.Error(t, err, "%q", tc.in) {
			assert.Equal(t, tc.err, err.Error(), "%q", tc.in)
		}
	}
}

func TestArgConstraintConfig(t *testing.T) {
	tests := []struct{ name, args, want string }{
		{"bad chars", `{"s":{"chars":"oneline"}}`, `tools.rules[0].args.s.chars: invalid value "oneline" (want single_line|multi_line)`},
		{"chars on number", `{"s":{"type":"number","chars":"single_line"}}`, `tools.rules[0].args.s.type: chars and email need type "string", got "number"`},
		{"email unknown key", `{"to":{"email":{"domain":["a.test"]}}}`, `tools.rules[0].args.to.email.domain: unknown field`},
		{"email bad domain", `{"to":{"email":{"domains":["exa mple.com"]}}}`, `tools.rules[0].args.to.email.domains[0]: invalid domain "exa mple.com": invalid character " " in host`},
		{"email not an object", `{"to":{"email":true}}`, `tools.rules[0].args.to.email: expected object, got boolean`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load([]byte(`{"policy_version":"a","tools":{"rules":[{"name":"x","args":` + tc.args + `}]}}`))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	g, err := load([]byte(`{"policy_version":"a","tools":{"default":"deny","rules":[{"name":"send_email","args":{
		"to":{"type":"string","email":{"domains":["example.com"]}},"subject":{"chars":"single_line"}}}]}}`))
	require.NoError(t, err)
	d := g.DecideCall(wire.ToolCall{Name: "send_email", Args: []byte(`{"to":"a,b@example.com","subject":"x\r\ny"}`)})
	assert.Equal(t, Deny, d.Action)
	assert.Equal(t, []string{
		"arg[to]: not a single address: contains ',' (a list of addresses)",
		"arg[subject]: contains a line break (U+000D) at character 2; chars is single_line",
	}, d.Reasons)
}
