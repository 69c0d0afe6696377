package wire

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

var update = flag.Bool("update", false, "rewrite golden files")

// render lists what an adapter extracted, one line per item, for golden
// comparison.
func render(p *Payload) string {
	var b strings.Builder
	fmt.Fprintf(&b, "format %s %s stream=%v batch=%v\n", p.Format, p.Direction, p.Stream, p.Batch)
	for _, m := range p.RPC {
		fmt.Fprintf(&b, "rpc id=%s method=%s response=%v path=%q\n", m.ID, m.Method, m.IsResponse, m.Path)
	}
	for _, s := range p.Segments {
		fmt.Fprintf(&b, "seg %s %s/%s %s", s.Trust, s.Role, s.Kind, s.Path)
		if s.CallID != "" {
			fmt.Fprintf(&b, " call=%s", s.CallID)
		}
		if s.Tool != "" {
			fmt.Fprintf(&b, " tool=%s", s.Tool)
		}
		if s.Mirror {
			b.WriteString(" mirror")
		}
		fmt.Fprintf(&b, " %q\n", s.Text)
	}
	for _, c := range p.Calls {
		args := string(c.Args)
		if c.ArgsErr != nil {
			args = "ERR " + c.ArgsErr.Error()
		}
		fmt.Fprintf(&b, "call %s id=%s path=%s args=%s\n", c.Name, c.ID, c.Path, args)
	}
	for _, t := range p.Tools {
		fmt.Fprintf(&b, "tool %s path=%s desc=%q schema=%v\n", t.Name, t.Path, t.Description, len(t.Schema) > 0)
	}
	for _, s := range p.Skipped {
		fmt.Fprintf(&b, "skip %s\n", s)
	}
	return b.String()
}

func TestExtractTestdata(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.json")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 40)
	perKind := map[string]int{}
	for _, f := range files {
		name := strings.TrimPrefix(f, "testdata/")
		t.Run(name, func(t *testing.T) {
			format, err := ParseFormat(filepath.Base(filepath.Dir(f)))
			require.NoError(t, err)
			dir := Request
			if strings.HasPrefix(filepath.Base(f), "response_") {
				dir = Response
			}
			perKind[format.String()+"/"+dir.String()]++
			body, err := os.ReadFile(f)
			require.NoError(t, err)

			p, err := Extract(body, ExtractOptions{Format: format, Direction: dir})
			require.NoError(t, err)
			detected, err := Extract(body, ExtractOptions{Direction: dir})
			require.NoError(t, err, "format detection")
			assert.Equal(t, format, detected.Format, "detected format")

			// Every segment's offsets point at a JSON string holding its text.
			for _, s := range p.Segments {
				if s.End == 0 {
					continue
				}
				raw := gjson.Parse(string(body[s.Start:s.End]))
				assert.Equal(t, s.Text, raw.String(), "offsets of %s", s.Path)
				if member, ok := strings.CutSuffix(s.Path, "#key"); ok {
					// A key's segment: its path is the member's.
					assert.True(t, gjson.GetBytes(body, member).Exists(), "path of %s", s.Path)
					assert.Equal(t, ":", strings.TrimSpace(string(body[s.End:]))[:1], "a key at %s", s.Path)
					continue
				}
				assert.Equal(t, s.Text, gjson.GetBytes(body, s.Path).String(), "path of %s", s.Path)
			}
			for _, c := range p.Calls {
				assert.True(t, gjson.Valid(string(body[c.Start:c.End])), "call span of %s", c.Path)
			}

			got := render(p)
			golden := strings.TrimSuffix(f, ".json") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./internal/wire -run TestExtractTestdata -update")
			assert.Equal(t, string(want), got)
		})
	}
	for _, k := range []string{"openai_chat", "openai_responses", "anthropic_messages", "mcp", "a2a"} {
		for _, d := range []string{"request", "response"} {
			assert.GreaterOrEqual(t, perKind[k+"/"+d], 4, "payloads for %s/%s", k, d)
		}
	}
}
