package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeGroups(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "groups.json"), []byte(body), 0o644))
	return dir
}

// TestLofoLeavesGroupsOut: a model scored on a group never saw a file of
// that group, nor a file whose licence forbids training the shipped model.
func TestLofoLeavesGroupsOut(t *testing.T) {
	dir := writeGroups(t, `{"groups":{"mail":["a.jsonl","b.jsonl"],"web":["c.jsonl"],"chat":["d.jsonl"]},
		"not_for_shipped_model":["d.jsonl"]}`)
	g, err := readGroups(dir)
	require.NoError(t, err)
	got, err := g.lofoTraining([]string{"a.jsonl", "b.jsonl", "c.jsonl", "d.jsonl"})
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{
		"mail": {"c.jsonl"},
		"web":  {"a.jsonl", "b.jsonl"},
		"chat": {"a.jsonl", "b.jsonl", "c.jsonl"},
	}, got)
}

func TestLofoRefusesAStaleGroupsFile(t *testing.T) {
	for _, tc := range []struct {
		name, groups string
		files        []string
		want         string
	}{
		{"no groups", `{"not_for_shipped_model":[]}`, []string{"a.jsonl"}, "field groups: missing"},
		{"file in no group", `{"groups":{"x":["a.jsonl"]},"not_for_shipped_model":[]}`, []string{"a.jsonl", "b.jsonl"}, "b.jsonl is in no group"},
		{"group names a missing file", `{"groups":{"x":["a.jsonl","gone.jsonl"]},"not_for_shipped_model":[]}`, []string{"a.jsonl"}, "groups.x names gone.jsonl, which is not in the corpus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := readGroups(writeGroups(t, tc.groups))
			require.NoError(t, err)
			_, err = g.lofoTraining(tc.files)
			assert.ErrorContains(t, err, tc.want)
		})
	}
	_, err := readGroups(writeGroups(t, `{"groups":{"x":["a.jsonl"],"y":["a.jsonl"]},"not_for_shipped_model":[]}`))
	assert.ErrorContains(t, err, `groups.y: "a.jsonl" is also in group x`)
}
