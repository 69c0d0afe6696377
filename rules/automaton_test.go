package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExpandTemplate(t *testing.T) {
	got, err := expandTemplate(`ignore [all] (previous|prior) \[inst]`)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"ignore all previous [inst]", "ignore all prior [inst]", "ignore previous [inst]", "ignore prior [inst]"}, got)
	_, err = expandTemplate("a (b|c")
	assert.EqualError(t, err, "unclosed (")
	_, err = expandTemplate("a (b|[c])")
	assert.EqualError(t, err, "nested groups are not supported")
}

func TestSharedPhrasesKeepEveryFamily(t *testing.T) {
	a := newAutomaton()
	a.add(tokenHashes("instructions"), a.name("a", "nouns"), 0, -1)
	a.add(tokenHashes("instructions"), a.name("b", "secrets"), 0, -1)
	a.add(tokenHashes("instructions"), a.name("b2", "secrets"), 0.5, -1)
	a.build()
	var tk tokenizer
	tk.lex = newLexicon(len(a.vocab))
	for h, id := range a.vocab {
		tk.lex.or(h, id)
	}
	tk.tokenize("ignore the instructions", 0)
	got := map[string]float32{}
	for _, h := range a.scan(tk.toks, nil) {
		got[a.patterns[h.pat].name.family] = a.patterns[h.pat].weight
	}
	assert.Equal(t, map[string]float32{"nouns": 0, "secrets": 0.5}, got)
}
