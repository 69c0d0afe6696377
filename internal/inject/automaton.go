package inject

import (
	"errors"
	"slices"
	"strings"
)

// Phrase templates are word sequences with alternatives and options:
//
//	ignore [all] (previous|prior|above) (instructions|rules)
//
// "(a|b c)" picks one alternative (an alternative may be several words),
// "[a|b]" picks one or none, and "\\word" is taken literally (for template
// tokens such as \\[inst]). Templates are expanded at compile time into
// plain token sequences, tokenized with the same normaliser as the text,
// and loaded into one Aho-Corasick automaton over token hashes.

const maxExpansions = 16384

// expandTemplate returns every word sequence a template stands for.
func expandTemplate(tpl string) ([]string, error) {
	groups, err := templateGroups(tpl)
	if err != nil {
		return nil, err
	}
	if expansions(groups) > maxExpansions {
		return nil, errors.New("template expands to more than 16384 phrases")
	}
	seqs := []string{""}
	for _, alts := range groups {
		next := make([]string, 0, len(seqs)*len(alts))
		for _, s := range seqs {
			for _, a := range alts {
				next = append(next, strings.TrimSpace(s+" "+a))
			}
		}
		seqs = next
	}
	out := seqs[:0]
	for _, s := range seqs {
		if s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// expansions is the number of sequences groups stand for (the empty one
// of an all-optional template included), capped just above
// maxExpansions.
func expansions(groups [][]string) int {
	n := 1
	for _, alts := range groups {
		n = min(n*len(alts), maxExpansions+1)
	}
	return n
}

// templateGroups parses a template into its groups of alternatives, in
// order; a plain word is a group of one.
func templateGroups(tpl string) ([][]string, error) {
	var groups [][]string
	for i := 0; i < len(tpl); {
		c := tpl[i]
		switch c {
		case ' ':
			i++
		case '\\':
			// \word is literal up to the next space: template tokens
			// such as \[inst] contain the group characters.
			j := strings.IndexByte(tpl[i:], ' ')
			if j < 0 {
				j = len(tpl) - i
			}
			groups = append(groups, []string{tpl[i+1 : i+j]})
			i += j
		case '(', '[':
			closer := byte(')')
			if c == '[' {
				closer = ']'
			}
			j := strings.IndexByte(tpl[i:], closer)
			if j < 0 {
				return nil, errors.New("unclosed " + string(c))
			}
			inner := tpl[i+1 : i+j]
			if strings.ContainsAny(inner, "([") {
				return nil, errors.New("nested groups are not supported")
			}
			alts := strings.Split(inner, "|")
			if c == '[' {
				alts = append(alts, "")
			}
			groups = append(groups, alts)
			i += j + 1
			// A regular expression's quantifier after a group would be
			// read as a word of its own and dropped by the tokenizer,
			// making "(any )?" require "any": refuse it.
			if i < len(tpl) && strings.IndexByte("?*+{", tpl[i]) >= 0 {
				return nil, errors.New("quantifier " + quote(tpl[i:i+1]) + " after a group is not supported: write an optional word as [word]")
			}
		default:
			j := strings.IndexAny(tpl[i:], " ([")
			if j < 0 {
				j = len(tpl) - i
			}
			groups = append(groups, []string{tpl[i : i+j]})
			i += j
		}
	}
	return groups, nil
}

// tokenHashes tokenizes a phrase with the text normaliser.
func tokenHashes(phrase string) []uint64 {
	var ph phraseHasher
	return ph.hashes(phrase)
}

// emptyLexicon lets phrases be tokenized before any lexicon exists.
var emptyLexicon = newLexicon(1)

// phraseHasher tokenizes many phrases with one set of buffers: compiling
// the built-in families hashes tens of thousands of phrases, and a fresh
// tokenizer each time was most of the construction's allocation.
type phraseHasher struct {
	t  tokenizer
	hs []uint64
}

// hashes returns the phrase's token hashes, valid until the next call.
func (ph *phraseHasher) hashes(phrase string) []uint64 {
	ph.t = tokenizer{lex: emptyLexicon, toks: ph.t.toks[:0], word: ph.t.word[:0]}
	ph.t.tokenize(phrase)
	ph.hs = ph.hs[:0]
	for _, tk := range ph.t.toks {
		ph.hs = append(ph.hs, tk.h)
	}
	return ph.hs
}

// pattern is one matchable unit. A rule's templates expand to thousands
// of patterns that share a rule, a weight and a component: those are kept
// once, as a patternKind, and a pattern refers to its kind by index. A
// pattern is 8 bytes and holds no pointer, so the collector does not read
// the hundred and eighty thousand patterns each filter VM keeps (inside
// Wasm, marking them was 1.7% of an 8 KiB request's profile), and at 20
// bytes, as they were with the kind inline, they took 2 MiB more of
// linear memory.
type pattern struct {
	kind   uint16 // index in automaton.kinds
	length uint16 // tokens
	// next links another pattern that ends at the same node (the same
	// words serve several families: "instructions" is both an
	// instruction noun and a secret noun), or -1.
	next int32
}

// patternKind is what the patterns of one rule share.
type patternKind struct {
	name   int32 // index in automaton.names
	weight float32
	comp   int32 // the component's index in detector.component, or -1
	// check says what the scan does with a hit of this kind beyond
	// filing it under comp (set after the build: see setChecks).
	check hitCheck
}

// hitCheck says how the scan files a hit (Scanner.sortHits). Most hits are
// a component's that needs nothing more (checkNone): the scan tests that
// once per hit, where a test per case would cost a dispatch per case
// inside Wasm (Go's Wasm backend sends every taken branch through the
// function's jump table).
type hitCheck uint8

const (
	checkNone      hitCheck = iota
	checkScored             // a scored pattern (weight > 0): a finding of its own
	checkSkip               // a pattern of no component and no weight
	checkFlag               // not a command-line flag's name (cliFlag)
	checkQuoted             // not a string literal (quotedWord)
	checkColon              // a colon after it (colonAt)
	checkLineLabel          // a line's label (lineLabelAt)
	checkPunct              // ", " after it, or ": " after two words; counts as the vocative
	// checkLater keeps the hit out of comps: read from the scan's hits
	// only where it can matter (tool cues, see toolShapedHits). Cues
	// include "with" and its kin in every language, a hit in most
	// sentences.
	checkLater
)

// setChecks sets the check of every kind: scored, no component, or the
// given check of its component. Kinds are interned by name, weight and
// component, so the check, a function of those, is set after the build.
func (a *automaton) setChecks(checks map[int32]hitCheck) {
	for i := range a.kinds {
		switch k := &a.kinds[i]; {
		case k.weight > 0:
			k.check = checkScored
		case k.comp < 0:
			k.check = checkSkip
		default:
			k.check = checks[k.comp]
		}
	}
}

// maxPatternLen and maxKinds bound the two fields of a pattern.
const (
	maxPatternLen = 1<<16 - 1
	maxKinds      = 1 << 16
)

// kindOf returns pattern p's kind.
func (a *automaton) kindOf(p *pattern) *patternKind { return &a.kinds[p.kind] }

// patternName is a pattern's rule ("override", "op.internal-codename")
// and family.
type patternName struct{ rule, family string }

// name returns the index of the one patternName for rule and family, for
// add.
func (a *automaton) name(rule, family string) int32 {
	n, ok := a.nameIdx[patternName{rule, family}]
	if !ok {
		n = int32(len(a.names))
		a.names = append(a.names, patternName{rule, family})
		a.nameIdx[patternName{rule, family}] = n
	}
	return n
}

type acNode struct {
	// child and sibling link a node's children during construction
	// (breadth-first walk); the token id on the edge into node n is
	// automaton.tok[n], kept during construction only. After build, child
	// is the only child of a node that has one, and sibling is that
	// child's token id, 0 for a leaf, or negative (severalChildren: the
	// edges are in the probe table).
	child, sibling int32
	fail           int32
	// out is the pattern ending here, or -1; dict links to the next node on
	// the fail chain that has an output.
	out  int32
	dict int32
}

// automaton is a token-level Aho-Corasick automaton.
type automaton struct {
	vocab    map[uint64]uint32 // token hash -> id (0 is "not in any pattern")
	nodes    []acNode
	tok      []uint32 // per node: the token id on the edge into it (construction only)
	patterns []pattern
	// trans holds the goto edges of nodes with several children after
	// build, in one open-addressing table: one probe per transition
	// instead of a map per node (tens of thousands of maps are slow and
	// large in Wasm). A slot packs state, token id and target node in one
	// word (see edgeSlot), so the table can be kept a third full: most
	// probes are misses (a partial match that does not go on), and a miss
	// reads slots up to the next empty one.
	trans     []uint64
	transMask uint64
	// root holds the root's edges by token id (-1: none): most tokens are
	// read in the root state, and an index is cheaper than a probe.
	// During construction the other nodes' edges are their child lists
	// (child, then sibling), walked to find an edge: no map of edges,
	// which at a quarter of a million entries was the largest object of
	// the construction, and in Wasm the linear memory the construction
	// peak claims is never returned.
	root []int32
	// names holds the patterns' names; nameIdx interns them during
	// construction.
	names   []patternName
	nameIdx map[patternName]int32
	// kinds holds the patterns' kinds; kindIdx interns them during
	// construction.
	kinds   []patternKind
	kindIdx map[patternKind]uint16
	// maxLen is the longest pattern, in tokens.
	maxLen int32
}

func newAutomaton() *automaton {
	return &automaton{vocab: map[uint64]uint32{}, nameIdx: map[patternName]int32{}, kindIdx: map[patternKind]uint16{},
		nodes: []acNode{{child: -1, sibling: -1, out: -1, dict: -1}}, tok: []uint32{0}, root: []int32{-1}}
}

// reserve makes room for about this many patterns and trie nodes: filled
// by append alone, the two slices would be reallocated at 1.25x their size
// dozens of times, five times their final size in garbage, and inside
// Wasm the collector paces linear memory (never returned) from that peak.
func (a *automaton) reserve(patterns, nodes int) {
	a.patterns = slices.Grow(a.patterns, patterns)
	a.nodes = slices.Grow(a.nodes, nodes)
	a.tok = slices.Grow(a.tok, nodes)
}

// add inserts one token sequence for a pattern of rule name. A sequence
// already present in the same family keeps the higher weight.
func (a *automaton) add(hs []uint64, name int32, weight float32, comp int32) error {
	if len(hs) == 0 {
		return nil
	}
	if len(hs) > maxPatternLen {
		return errors.New("a phrase of " + itoa(len(hs)) + " words is longer than the " + itoa(maxPatternLen) + " the automaton holds")
	}
	pk := patternKind{name: name, weight: weight, comp: comp}
	kind, ok := a.kindIdx[pk]
	if !ok {
		if len(a.kinds) >= maxKinds {
			return errors.New("the phrases make more than " + itoa(maxKinds) + " distinct rules and weights")
		}
		kind = uint16(len(a.kinds))
		a.kinds = append(a.kinds, pk)
		a.kindIdx[pk] = kind
	}
	p := pattern{kind: kind, length: uint16(len(hs))}
	n := int32(0)
	for _, h := range hs {
		id, ok := a.vocab[h]
		if !ok {
			id = uint32(len(a.vocab) + 1)
			a.vocab[h] = id
			a.root = append(a.root, -1)
		}
		nx := a.childOf(n, id)
		if nx < 0 {
			nx = int32(len(a.nodes))
			a.nodes = append(a.nodes, acNode{child: -1, sibling: a.nodes[n].child, out: -1, dict: -1})
			a.tok = append(a.tok, id)
			a.nodes[n].child = nx
			if n == 0 {
				a.root[id] = nx
			}
		}
		n = nx
	}
	a.maxLen = max(a.maxLen, int32(len(hs)))
	for o := a.nodes[n].out; o >= 0; o = a.patterns[o].next {
		if old := a.kindOf(&a.patterns[o]); a.names[old.name].family == a.names[name].family {
			// The same words twice in one family: keep the stronger.
			if weight > old.weight {
				p.next = a.patterns[o].next
				a.patterns[o] = p
			}
			return nil
		}
	}
	p.next = a.nodes[n].out
	a.nodes[n].out = int32(len(a.patterns))
	a.patterns = append(a.patterns, p)
	return nil
}

// build computes fail and dictionary links (breadth first) and moves the
// edges into the probe table.
func (a *automaton) build() error {
	// A slot of the probe table packs two node indexes and a token id.
	if len(a.nodes) > maxNodes {
		return errors.New("the phrases make " + itoa(len(a.nodes)) + " automaton nodes, more than the " + itoa(maxNodes) + " it holds: use fewer or shorter phrases")
	}
	if len(a.vocab) > lexID {
		return errors.New("the phrases have " + itoa(len(a.vocab)) + " distinct words, more than the " + itoa(lexID) + " the automaton holds")
	}
	queue := make([]int32, 0, len(a.nodes))
	for c := a.nodes[0].child; c >= 0; c = a.nodes[c].sibling {
		a.nodes[c].fail = 0
		queue = append(queue, c)
	}
	for qi := 0; qi < len(queue); qi++ {
		n := queue[qi]
		for c := a.nodes[n].child; c >= 0; c = a.nodes[c].sibling {
			id := a.tok[c]
			f := a.nodes[n].fail
			for {
				if nx := a.childOf(f, id); nx >= 0 && nx != c {
					a.nodes[c].fail = nx
					break
				}
				if f == 0 {
					a.nodes[c].fail = 0
					break
				}
				f = a.nodes[f].fail
			}
			fl := a.nodes[c].fail
			if a.nodes[fl].out >= 0 {
				a.nodes[c].dict = fl
			} else {
				a.nodes[c].dict = a.nodes[fl].dict
			}
			queue = append(queue, c)
		}
	}
	// Only edges out of a node with several children go into the probe
	// table, filled to at most a third. Most of a phrase trie is chains
	// (a node with one child), whose edge the node keeps itself (see
	// scan), and the root's edges are a direct index. Two thirds full
	// (key and target in two arrays, 12 bytes a slot), a miss read 4.65
	// slots on average over the self-instruct texts; a third full, in 8
	// bytes a slot, it reads about 1.6 for a third more memory. The cap is
	// nine twentieths (a miss reads about 2.15 at worst, as linear probing
	// predicts, against 1.9 at two fifths), so a table just past a third
	// full does not double: the phrases of the eight languages' classes
	// filled 0.4004 of 524,288 slots, where doubling would have cost every
	// VM 4 MiB to save a quarter probe on a miss. The persona, action and
	// override classes later needed 0.51 of it, and the table is now
	// 1,048,576 slots ("Why was the probe table allowed to double" in
	// docs/RATIONALE.md).
	several := func(n int32) bool { c := a.nodes[n].child; return c >= 0 && a.nodes[c].sibling >= 0 }
	hashed := 0
	for n := range a.nodes[1:] {
		if several(int32(n + 1)) {
			for c := a.nodes[n+1].child; c >= 0; c = a.nodes[c].sibling {
				hashed++
			}
		}
	}
	size := 16
	for 9*size < 20*hashed {
		size <<= 1
	}
	a.trans, a.transMask = make([]uint64, size), uint64(size-1)
	for n := range a.nodes[1:] {
		if !several(int32(n + 1)) {
			continue
		}
		for c := a.nodes[n+1].child; c >= 0; c = a.nodes[c].sibling {
			key := edgeKey(int32(n+1), a.tok[c])
			i := mix64(key) & a.transMask
			for a.trans[i] != 0 {
				i = (i + 1) & a.transMask
			}
			a.trans[i] = edgeSlot(key, c)
		}
	}
	// Now sibling says how a node's edges are found. Nodes are visited in
	// creation order, parents before children, so a child's sibling link
	// is still intact when its parent reads it.
	for n := range a.nodes {
		switch c := a.nodes[n].child; {
		case c < 0:
			a.nodes[n].sibling = 0
		case a.nodes[c].sibling < 0:
			a.nodes[n].sibling = int32(a.tok[c])
		default:
			filter := uint32(severalChildren)
			for ; c >= 0; c = a.nodes[c].sibling {
				filter |= edgeBit(a.tok[c])
			}
			a.nodes[n].sibling = int32(filter)
		}
	}
	a.nameIdx, a.kindIdx, a.tok = nil, nil, nil // construction only
	return nil
}

// childOf returns n's child on token id, or -1, during construction
// (while child and sibling link the child lists). Most nodes have one
// child or a few; the root's many are indexed.
func (a *automaton) childOf(n int32, id uint32) int32 {
	if n == 0 {
		return a.root[id]
	}
	for c := a.nodes[n].child; c >= 0; c = a.nodes[c].sibling {
		if a.tok[c] == id {
			return c
		}
	}
	return -1
}

// severalChildren, the sign bit of a built node's sibling field: its edges
// are in the probe table, and the other 31 bits are a one-hash Bloom
// filter of their token ids (edgeBit). Most probes are misses (a partial
// match that does not go on), and each reads a table of megabytes at
// random: the filter, in a word the scan reads anyway, answers most of
// them. Bit 31 of edgeBit is the sign bit: ids that hash there are
// always probed.
const severalChildren = 1 << 31

// edgeBit is token id's bit in a node's filter (see severalChildren).
func edgeBit(id uint32) uint32 { return 1 << ((id * 0x9E3779B1) >> 27) }

// edgeKey packs a state and a token id; ids start at 1, so a key is
// never 0 (the empty-slot marker).
func edgeKey(state int32, id uint32) uint64 { return uint64(state)<<32 | uint64(id) }

// maxNodes bounds the trie so that a probe table slot holds state, token
// id (24 bits, lexID) and target in one word: 20 + 24 + 20 bits.
const maxNodes = 1 << 20

// edgeSlot packs an edge (its edgeKey) and its target node; slotEdge is the
// edgeKey's part of a slot, as it is compared. Edges into the table start
// at a node other than the root, so no slot is 0 (the empty marker).
func edgeSlot(key uint64, target int32) uint64 {
	return (key>>32)<<44 | (key&lexID)<<20 | uint64(target)
}

func slotEdge(key uint64) uint64 { return (key>>32)<<24 | key&lexID }

func mix64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	return k
}

// hit is a pattern match over tokens [first, last], by the pattern's
// kind: the scan reads the pattern anyway, and the hit's reader then needs
// only the small kinds table.
type hit struct {
	kind        int32
	first, last int32
}

// scan runs the automaton over tokens and appends every match.
func (a *automaton) scan(toks []token, hits []hit) []hit {
	state := int32(0)
	for i := range toks {
		id := toks[i].id()
		if id == 0 {
			// A token in no pattern has no edge from any state: every
			// fail chain would end at the root, so go there at once.
			state = 0
			continue
		}
		nx := int32(-1)
		bit := edgeBit(id)
		for state != 0 {
			// The goto edge of state on id, written out here (a call
			// per transition is dear inside Wasm): a node with one
			// child holds it, the others' edges are in the probe table
			// (unless the node's filter rules the edge out).
			if n := &a.nodes[state]; n.sibling >= 0 {
				if n.child >= 0 && uint32(n.sibling) == id {
					nx = n.child
				}
			} else if uint32(n.sibling)&bit != 0 {
				key := edgeKey(state, id)
				want := slotEdge(key)
				for j := mix64(key) & a.transMask; ; j = (j + 1) & a.transMask {
					if e := a.trans[j]; e>>20 == want {
						nx = int32(e & (maxNodes - 1))
						break
					} else if e == 0 {
						break
					}
				}
			}
			if nx >= 0 {
				break
			}
			state = a.nodes[state].fail
		}
		if nx < 0 {
			nx = 0
			if int(id) < len(a.root) {
				nx = max(a.root[id], 0)
			}
		}
		state = nx
		// Most states end no pattern and link to none that does (out and
		// dict both -1, as the root's): one test, their sign bits ANDed,
		// passes them by (each loop entered and left is a dispatch
		// inside Wasm).
		if n := &a.nodes[state]; n.out&n.dict >= 0 {
			for o := state; o > 0; o = a.nodes[o].dict {
				for p := a.nodes[o].out; p >= 0; {
					pt := &a.patterns[p]
					hits = append(hits, hit{kind: int32(pt.kind), first: int32(i) - int32(pt.length) + 1, last: int32(i)})
					p = pt.next
				}
			}
		}
	}
	return hits
}
