package rules

import (
	"regexp"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseConfigDefaults(t *testing.T) {
	c, err := ParseConfig([]byte(`{"policy_version":"v1"}`))
	require.NoError(t, err)
	assert.Equal(t, "enforce", c.Mode)
	assert.Equal(t, "block", c.OnError)
	assert.Equal(t, 4<<20, c.MaxBodyBytes)
	assert.Equal(t, jsonx.DefaultMaxDepth, c.MaxDepth)
	assert.Equal(t, "excerpt", c.Capture)
	assert.Equal(t, 0.7, c.Injection.Threshold)
	assert.Equal(t, "deny", c.Tools.Default)
	assert.Len(t, c.Hash, 64)

	// The hash ignores formatting and key order but not content.
	c2, err := ParseConfig([]byte("{ \"policy_version\" : \"v1\" }"))
	require.NoError(t, err)
	assert.Equal(t, c.Hash, c2.Hash)
	c3, err := ParseConfig([]byte(`{"policy_version":"v2"}`))
	require.NoError(t, err)
	assert.NotEqual(t, c.Hash, c3.Hash)
}

func TestPolicyErrorsNamePaths(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		want   []string
	}{
		{"not json", `{"policy_version":`, []string{"policy: invalid_json at"}},
		{"duplicate key", `{"policy_version":"a","mode":"enforce","mode":"monitor"}`, []string{`ambiguous_json at mode`}},
		{"missing version", `{}`, []string{"policy_version: required"}},
		{"unknown top-level key", `{"policy_version":"a","modes":"x"}`, []string{"modes: unknown field"}},
		{"bad mode", `{"policy_version":"a","mode":"enforcing"}`, []string{`mode: invalid value "enforcing" (want enforce|monitor)`}},
		{"wrong type", `{"policy_version":"a","max_body_bytes":"4MB"}`, []string{`max_body_bytes: expected integer, got string "\"4MB\""`}},
		{"out of range", `{"policy_version":"a","max_body_bytes":10}`, []string{"max_body_bytes: value 10 out of range [1024, 67108864]"}},
		{"not an integer", `{"policy_version":"a","max_depth":2.5}`, []string{`max_depth: invalid value "2.5": expected an integer`}},
		{"bad version chars", `{"policy_version":"a b"}`, []string{`policy_version: invalid value "a b"`}},
		{"threshold", `{"policy_version":"a","injection":{"threshold":2}}`, []string{"injection.threshold: value 2 out of range [0.01, 1]"}},
		{"unknown nested", `{"policy_version":"a","injection":{"treshold":0.5}}`, []string{"injection.treshold: unknown field"}},
		{"tool rule unknown key", `{"policy_version":"a","tools":{"rules":[{"name":"x","acton":"deny"}]}}`, []string{"tools.rules[0].acton: unknown field"}},
		{"tool rule missing name", `{"policy_version":"a","tools":{"rules":[{"action":"deny"}]}}`, []string{"tools.rules[0].name: required"}},
		{"bad regex", `{"policy_version":"a","tools":{"rules":[{"name":"a"},{"name":"b"},{"name":"send_email","args":{"to":{"type":"string","pattern":"("}}}]}}`,
			[]string{`tools.rules[2].args.to.pattern: invalid regex "(": error parsing regexp: missing closing ): ` + "`^(?:()$`"}},
		{"bad arg type", `{"policy_version":"a","tools":{"rules":[{"name":"x","args":{"n":{"type":"int"}}}]}}`, []string{`tools.rules[0].args.n.type: invalid value "int"`}},
		{"arg unknown key", `{"policy_version":"a","tools":{"rules":[{"name":"x","args":{"n":{"maxlen":3}}}]}}`, []string{"tools.rules[0].args.n.maxlen: unknown field"}},
		{"min over max", `{"policy_version":"a","tools":{"rules":[{"name":"x","args":{"n":{"min":5,"max":1}}}]}}`, []string{"tools.rules[0].args.n: min 5 is greater than max 1"}},
		{"bad host", `{"policy_version":"a","tools":{"rules":[{"name":"x","args":{"u":{"url":{"hosts":["exa mple.com"]}}}}]}}`, []string{`tools.rules[0].args.u.url.hosts[0]: invalid host "exa mple.com"`}},
		{"bad scheme", `{"policy_version":"a","tools":{"rules":[{"name":"x","args":{"u":{"url":{"schemes":["ht tp"]}}}}]}}`, []string{`tools.rules[0].args.u.url.schemes: invalid scheme "ht tp"`}},
		{"bad prefix", `{"policy_version":"a","tools":{"rules":[{"name":"x","args":{"p":{"path":{"prefixes":["data/../etc"]}}}}]}}`, []string{`tools.rules[0].args.p.path.prefixes[0]: invalid prefix "data/../etc"`}},
		{"url on number", `{"policy_version":"a","tools":{"rules":[{"name":"x","args":{"u":{"type":"number","url":{}}}}]}}`, []string{`tools.rules[0].args.u.type: pattern, url, path and forbid need type "string", got "number"`}},
		{"sandbox without runner", `{"policy_version":"a","tools":{"rules":[{"name":"py","action":"sandbox","sandbox":{"tool":"starlark"}}]}}`, []string{"tools.rules[0].action: sandbox and approve need sandbox_runner to be configured"}},
		{"sandbox without spec", `{"policy_version":"a","sandbox_runner":{"cluster":"r"},"tools":{"rules":[{"name":"py","action":"sandbox"}]}}`, []string{`tools.rules[0].sandbox: required when action is "sandbox"`}},
		{"sandbox spec on allow", `{"policy_version":"a","tools":{"rules":[{"name":"py","sandbox":{"tool":"starlark"}}]}}`, []string{`tools.rules[0].sandbox: only valid with action "sandbox" (action is "allow")`}},
		{"duplicate tool", `{"policy_version":"a","tools":{"rules":[{"name":"x"},{"name":"x","action":"deny"}]}}`, []string{`tools.rules[1].name: duplicate tool name "x" (also tools.rules[0])`}},
		{"runner without cluster", `{"policy_version":"a","sandbox_runner":{"timeout_ms":100}}`, []string{"sandbox_runner.cluster: required"}},
		{"short secret", `{"policy_version":"a","sandbox_runner":{"cluster":"c","secret":"x"}}`, []string{"sandbox_runner.secret: length 1 out of range [16, 256]"}},
		{"phrase missing text", `{"policy_version":"a","injection":{"phrases":[{"id":"p1"}]}}`, []string{"injection.phrases[0].text: required"}},
		{"phrase in template syntax", `{"policy_version":"a","injection":{"phrases":[{"id":"p1","text":"send (all )?secrets to"}]}}`, []string{`injection.phrases[0].text: "send (all )?secrets to": groups, alternatives and quantifiers are not supported; an operator phrase is literal words (write each variant as a phrase of its own)`}},
		{"all errors reported", `{"policy_version":"a","mode":"x","on_error":"y"}`, []string{`mode: invalid value "x"`, `on_error: invalid value "y"`}},
		{"root not object", `[]`, []string{"$: expected object, got array"}},
		{"odd key quoted", `{"policy_version":"a","a: b\nmode":1}`, []string{`"a: b\nmode": unknown field`}},
		{"numeric key", `{"policy_version":"a","0":""}`, []string{`0: unknown field`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load([]byte(tc.policy))
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			// Every line of the error starts with a path.
			for _, line := range strings.Split(err.Error(), "\n") {
				assert.Regexp(t, errLine, line)
			}
		})
	}
}

func TestIntegersInExponentForm(t *testing.T) {
	// Istio serialises pluginConfig numbers as doubles.
	c, err := ParseConfig([]byte(`{"policy_version":"a","max_body_bytes":4.194304e+06,"approval":{"timeout_ms":6e4}}`))
	require.NoError(t, err)
	assert.Equal(t, 4194304, c.MaxBodyBytes)
	assert.Equal(t, 60000, c.Approval.TimeoutMS)
}

func TestExamplePolicyAndDefaultCompile(t *testing.T) {
	_, err := DefaultPolicy()
	require.NoError(t, err)
}

// errLine is how every line of a policy error starts: a path (keys as they
// are when made of name characters, quoted otherwise; [i] for elements),
// "policy" or "$", then ": ".
var errLine = func() *regexp.Regexp {
	key := `(?:[A-Za-z0-9_./*@-]+|"(?:[^"\\]|\\.)*")`
	return regexp.MustCompile(`^(?:policy|\$|` + key + `(?:\.` + key + `|\[\d+\])*): `)
}()

// FuzzLoad: any policy bytes load or fail with errors that each name a
// path; none panics.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(DefaultPolicyJSON))
	f.Add([]byte(`{"policy_version":"a","tools":{"default":"deny","rules":[{"name":"send_*","action":"approve","args":{"to":{"type":"string","pattern":"^[a-z]+@x\\.com$"}}}]},"sandbox_runner":{"cluster":"r"}}`))
	f.Add([]byte(`{"policy_version":"a","injection":{"threshold":0.4,"phrases":[{"id":"p","text":"x y","weight":0.9}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Load(b)
		if err != nil {
			require.Nil(t, p)
			for _, l := range strings.Split(err.Error(), "\n") {
				require.Regexp(t, errLine, l)
			}
		}
	})
}
