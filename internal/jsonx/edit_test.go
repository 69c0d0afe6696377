package jsonx

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestApplyEditsRemovesElements(t *testing.T) {
	body := `[ "A" , "B" ,"C"]`
	span := func(s string) (int, int) {
		i := strings.Index(body, `"`+s+`"`)
		return i, i + 3
	}
	cases := []struct {
		remove []string
		want   string
	}{
		{[]string{"A"}, `["B","C"]`}, {[]string{"B"}, `["A","C"]`}, {[]string{"C"}, `["A","B"]`},
		{[]string{"A", "B"}, `["C"]`}, {[]string{"B", "C"}, `["A"]`}, {[]string{"A", "C"}, `["B"]`},
		{[]string{"A", "B", "C"}, `[]`},
	}
	for _, tc := range cases {
		var edits []Edit
		for _, r := range tc.remove {
			s, e := span(r)
			edits = append(edits, Edit{Start: s, End: e, RemoveElement: true})
		}
		out, err := ApplyEdits([]byte(body), edits)
		require.NoError(t, err)
		assert.Equal(t, tc.want, string(Canonical(out)), "remove %v: %s", tc.remove, out)
		assert.NoError(t, Check(out, 0), "remove %v: %s", tc.remove, out)
	}
	_, err := ApplyEdits([]byte(body), []Edit{{Start: 1, End: 6}, {Start: 4, End: 9}})
	assert.EqualError(t, err, "overlapping edits")
}
