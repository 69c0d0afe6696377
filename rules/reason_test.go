package rules

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reasonConstants lists the values of the Reason constants in reason.go.
func reasonConstants(t *testing.T) []Reason {
	f, err := parser.ParseFile(gotoken.NewFileSet(), "reason.go", nil, 0)
	require.NoError(t, err)
	var out []Reason
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != gotoken.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Reason" {
				continue
			}
			for _, v := range vs.Values {
				s, err := strconv.Unquote(v.(*ast.BasicLit).Value)
				require.NoError(t, err)
				out = append(out, Reason(s))
			}
		}
	}
	return out
}

func TestReasonTable(t *testing.T) {
	consts := reasonConstants(t)
	require.NotEmpty(t, consts)
	assert.ElementsMatch(t, consts, Reasons(), "every Reason constant has one row in reasonTable, and no row lacks a constant")
	seen := map[Reason]bool{}
	for _, r := range Reasons() {
		assert.False(t, seen[r], "reason %s has two rows", r)
		seen[r] = true
		assert.True(t, r.Known())
		assert.Contains(t, []int{400, 403, 404, 413, 415, 502}, r.Status(), "reason %s", r)
		assert.Contains(t, []string{LayerContext, LayerTool, LayerProtocol}, r.Layer(), "reason %s", r)
		assert.Regexp(t, `^(Request r|R)efused by AISecOps: .+\.$`, r.Message(), "reason %s", r)
	}
	for _, k := range []jsonx.ErrorKind{jsonx.Syntax, jsonx.InvalidUTF8, jsonx.TooDeep, jsonx.DuplicateKey, jsonx.FoldedKey} {
		assert.True(t, Reason(k.Reason()).Known(), "JSON error kind %d: %s", k, k.Reason())
	}
	// Metric label lists are the table's rows, in table order.
	for _, list := range [][]Reason{ErrorKinds(), ToolReasons()} {
		require.NotEmpty(t, list)
		assert.True(t, slices.IsSortedFunc(list, func(a, b Reason) int {
			return slices.Index(Reasons(), a) - slices.Index(Reasons(), b)
		}))
	}
}

func TestReasonRefusals(t *testing.T) {
	for _, tc := range []struct {
		reason  Reason
		status  int
		message string
	}{
		{ReasonBodyTooLarge, 413, "Refused by AISecOps: the body is larger than the inspection limit."},
		{ReasonUnsupportedEncoding, 415, "Refused by AISecOps: the body's content-encoding cannot be inspected."},
		{ReasonInvalidJSON, 400, "Refused by AISecOps: invalid json."},
		{ReasonAmbiguousJSON, 400, "Request refused by AISecOps: the JSON body has duplicate keys and could be read two ways."},
		{ReasonAmbiguousStream, 502, "Refused by AISecOps: the upstream's event stream can be read two ways."},
		{ReasonToolApprove, 403, "Refused by AISecOps: this tool call needs human approval, which was not given."},
		{ReasonApprovalRequired, 403, "Refused by AISecOps: this tool call needs human approval, which was not given."},
		{ReasonRugPull, 403, "Refused by AISecOps: rug pull."},
		{ReasonUnrouted, 404, "Request refused by AISecOps: this host is inspected whole and no adapter knows this path."},
		// A code outside the table still gets a refusal, never a panic.
		{"made_up_code", 403, "Refused by AISecOps: made up code."},
	} {
		t.Run(string(tc.reason), func(t *testing.T) {
			assert.Equal(t, tc.status, tc.reason.Status())
			assert.Equal(t, tc.message, tc.reason.Message())
		})
	}
	assert.False(t, Reason("made_up_code").Known())
}

// reasonCalls are functions and methods whose string-literal arguments
// are reason codes.
var reasonCalls = map[string]bool{
	"failure": true, "Raise": true, "refused": true, "refuseRequest": true, "refuseResponse": true,
	"refuseResponseHeaders": true, "Refuse": true, "RefuseStream": true,
	"reportError": true, "fail": true, "failed": true, "newFailure": true, "ambiguous": true, "FailureVerdict": true,
}

// reasonNames are variables and fields that hold a reason code (in the
// filter, "kind" too; in rules a kind is a segment's kind).
var reasonNames = map[string]bool{"Reason": true, "reason": true, "Refuse": true}

// Every code the engine, the filter and the CLI write as a literal where a
// reason goes is in the table: a new code cannot reach a refusal, an event
// or a metric label without a status, a message and a layer.
func TestReasonsProducedAreInTable(t *testing.T) {
	var files []string
	for _, dir := range []string{".", "../filter/internal/plugin", "../cmd/aisecops"} {
		fs, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, f := range fs {
			if !strings.HasSuffix(f, "_test.go") {
				files = append(files, f)
			}
		}
	}
	found := map[string]string{}
	note := func(fset *gotoken.FileSet, e ast.Expr) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == gotoken.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && s != "" {
				found[s] = fset.Position(lit.Pos()).String()
			}
		}
	}
	name := func(e ast.Expr) string {
		switch e := e.(type) {
		case *ast.Ident:
			return e.Name
		case *ast.SelectorExpr:
			return e.Sel.Name
		}
		return ""
	}
	for _, path := range files {
		isName := func(n string) bool {
			return reasonNames[n] || n == "kind" && strings.Contains(path, "filter")
		}
		fset := gotoken.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if reasonCalls[name(n.Fun)] {
					for _, a := range n.Args {
						note(fset, a)
					}
				}
			case *ast.KeyValueExpr:
				if isName(name(n.Key)) {
					note(fset, n.Value)
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if isName(name(l)) && i < len(n.Rhs) && len(n.Lhs) == len(n.Rhs) {
						note(fset, n.Rhs[i])
					}
				}
			}
			return true
		})
	}
	t.Logf("%d distinct literals in reason positions", len(found))
	require.Greater(t, len(found), 10, "the walk must see the filter's reason literals")
	// Literals in those places that are not reasons: the pass reasons of
	// the filter's passthrough metric, scan's "-" for none, and sentences.
	for s, at := range found {
		if strings.Contains(s, " ") || slices.Contains([]string{"no_route", "method", "no_body", "upstream_status", "on_error_allow", "monitor", "-"}, s) {
			continue
		}
		assert.True(t, Reason(s).Known(), "%s: reason %q is not in the reason table", at, s)
	}
}
