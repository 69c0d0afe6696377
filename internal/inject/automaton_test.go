package inject

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
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
	_, err = expandTemplate("without (any )?(spaces|punctuation)")
	assert.EqualError(t, err, `quantifier "?" after a group is not supported: write an optional word as [word]`)
}

func TestSharedPhrasesKeepEveryFamily(t *testing.T) {
	a := newAutomaton()
	a.add(tokenHashes("instructions"), a.name("a", "nouns"), 0, -1)
	a.add(tokenHashes("instructions"), a.name("b", "secrets"), 0, -1)
	a.add(tokenHashes("instructions"), a.name("b2", "secrets"), 0.5, -1)
	require.NoError(t, a.build())
	var tk tokenizer
	tk.lex = newLexicon(len(a.vocab))
	for h, id := range a.vocab {
		tk.lex.or(h, id)
	}
	tk.tokenize("ignore the instructions")
	got := map[string]float32{}
	for _, h := range a.scan(tk.toks, nil) {
		got[a.names[a.kinds[h.kind].name].family] = a.kinds[h.kind].weight
	}
	assert.Equal(t, map[string]float32{"nouns": 0, "secrets": 0.5}, got)
}

// TestAutomatonMatchesNaive compares the automaton with a naive matcher on
// random patterns and texts over a small alphabet, where chains, branches,
// shared prefixes and fail links all occur.
func TestAutomatonMatchesNaive(t *testing.T) {
	words := []string{"a", "b", "c", "d", "e"}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 50; round++ {
		a := newAutomaton()
		var pats [][]string
		for i := 0; i < 1+rng.IntN(40); i++ {
			p := make([]string, 1+rng.IntN(4))
			for j := range p {
				p[j] = words[rng.IntN(len(words))]
			}
			pats = append(pats, p)
			name := strconv.Itoa(i)
			a.add(tokenHashes(strings.Join(p, " ")), a.name(name, name), 1, -1)
		}
		require.NoError(t, a.build())
		var tk tokenizer
		tk.lex = newLexicon(len(a.vocab))
		for h, id := range a.vocab {
			tk.lex.or(h, id)
		}
		// "z" is in no pattern: a token the automaton knows nothing of,
		// in the middle of partial matches.
		text := make([]string, 60)
		for i := range text {
			text[i] = append(words, "z")[rng.IntN(len(words)+1)]
		}
		tk.tokenize(strings.Join(text, " "))
		got := map[string]bool{}
		for _, h := range a.scan(tk.toks, nil) {
			got[a.names[a.kinds[h.kind].name].rule+"@"+strconv.Itoa(int(h.last))] = true
		}
		want := map[string]bool{}
		for i, p := range pats {
			for end := len(p) - 1; end < len(text); end++ {
				if slices.Equal(text[end-len(p)+1:end+1], p) {
					want[strconv.Itoa(i)+"@"+strconv.Itoa(end)] = true
				}
			}
		}
		require.Equal(t, want, got, "round %d, patterns %v, text %v", round, pats, text)
	}
}

// TestBuiltinPhrasesFitTheirTable holds the built-in phrases to the probe
// table they have been measured with: kept at most nine twentieths full,
// past 235,929 edges out of nodes with several children it doubles from
// 524,288 slots (4 MiB) to 1,048,576, and the filter's linear memory in
// the soak (34-35 MiB at this size; the ceiling is 64) would grow by about
// twice that. A template that expands to thousands of phrases is usually
// written with alternatives a few words would do; if the growth is
// wanted, raise this knowingly, with the soak's figure.
func TestBuiltinPhrasesFitTheirTable(t *testing.T) {
	p, err := defaultDetector()
	require.NoError(t, err)
	// 1,048,576 slots (8 MiB) since the persona, hijack and override
	// classes were merged: 524,288 would be filled past its cap. A
	// doubling beyond this is a decision (soak, RATIONALE), not a drift.
	assert.LessOrEqual(t, len(p.detector.ac.trans), 1048576, "probe table slots (%d phrases)", len(p.detector.ac.patterns))
}

// TestAutomatonRefusesATrieItCannotPack: a probe-table slot packs two node
// indexes and a token id, so a trie past maxNodes is refused with an error
// that says so, not packed into slots that would alias other edges.
func TestAutomatonRefusesATrieItCannotPack(t *testing.T) {
	a := newAutomaton()
	a.add(tokenHashes("ignore previous instructions"), a.name("r", "f"), 1, -1)
	a.nodes = append(a.nodes, make([]acNode, maxNodes)...)
	err := a.build()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "more than the 1048576 it holds")
}
