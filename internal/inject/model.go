package inject

import (
	"cmp"
	_ "embed"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"sync"
)

// Model is a logistic regression over hashed token unigrams and bigrams
// and over the semantic roles of words and the place of the window
// (modelvocab.go), applied to short windows (sentences, long ones cut) of
// normalised tokens. A text's score is its highest window: an injection
// is local, so a long benign document with one planted sentence scores
// like that sentence, not like the document.
type Model struct {
	bits uint8 // feature space is 1<<bits
	w    []float32
	bias float32
	// cut is the window logit that maps to score 0.7 (the default
	// policy threshold) where a rule finding backs the window: calibrated
	// at training time on benign texts the model had not seen. Cuts are
	// logits, not probabilities: near 1 a float32 probability cannot
	// tell the texts apart that a cut must separate.
	cut float32
	// alone is, per channel (ChannelUntrusted, ChannelUser), the window
	// logit from which the model decides without a rule finding: one
	// that only a small share of unseen benign texts reach (NeverAlone:
	// the model does not decide alone in that channel).
	alone [2]float32
}

// NeverAlone is the alone cut of a channel where the model never decides
// alone.
const NeverAlone = math.MaxFloat32

// Channels of a scanned text: where it came from decides how sure the
// model must be to decide alone.
const (
	ChannelUntrusted = 0 // a document, e-mail or tool output: an instruction to the model does not belong
	ChannelUser      = 1 // the user's own message: instructions are normal
)

// Window bounds, in tokens.
const (
	minWindow = 4
	maxWindow = 40
)

// windows cuts tokens into sentence windows: short sentences are merged
// with the next, long ones are cut into overlapping pieces.
func windows(toks []token, out [][2]int32) [][2]int32 {
	start := int32(0)
	n := int32(len(toks))
	for i := int32(0); i < n; i++ {
		end := i+1 == n || toks[i+1].sent != toks[i].sent
		if !end && i+1-start < maxWindow {
			continue
		}
		if i+1-start < minWindow && i+1 < n && end {
			continue // merge a short sentence forward
		}
		out = append(out, [2]int32{start, i + 1})
		if !end {
			start = i + 1 - maxWindow/2 // overlap long runs
			continue
		}
		start = i + 1
	}
	if start < n && (len(out) == 0 || out[len(out)-1][1] < n) {
		out = append(out, [2]int32{start, n})
	}
	return out
}

// addressWords are second-person pronouns and names for an AI in the
// languages we cover. The model only reads windows that contain one: an
// injection is text that speaks to the model, while a document, a review
// or a task description for a person mostly does not. Without this gate a
// model trained on one kind of benign text flags every other kind.
var addressWordList = []string{
	"you", "your", "yours", "yourself", "you're", "you've", "you'll", "u", "ur",
	"ai", "assistant", "chatgpt", "gpt", "llm", "chatbot", "bot", "model", "dan", "claude",
	"tu", "tú", "usted", "ustedes", "te", "ti", "tus", "su", "vous", "votre", "vos", "toi", "ton", "ta", "tes",
	"du", "dich", "dir", "dein", "deine", "deinen", "deiner", "ihr", "ihre", "sie", "você", "voce", "vocês", "teu", "tua", "seu", "sua",
	"voi", "tuo", "tuoi", "vostro", "lei",
	"ты", "вы", "тебя", "вас", "тебе", "вам", "твой", "твоя", "твои", "ваш", "ваша", "ваши",
	"你", "您", "あなた", "君", "आप", "तुम", "तुम्हारा", "आपका", "आपके", "आपकी", "أنت", "انت", "لك", "عليك",
	"sen", "siz", "senin", "sizin", "bạn", "anda", "kamu", "ikaw", "mo", "당신", "너", "คุณ", "আপনি", "তুমি",
}

// addressLexicon marks the address words; detector lexicons add the
// automaton's ids to the same marks.
var addressLexicon = func() *lexicon {
	l := newLexicon(2 * len(addressWordList))
	addAddressWords(l)
	return l
}()

func addAddressWords(l *lexicon) {
	for _, w := range addressWordList {
		for _, h := range tokenHashes(w) {
			l.or(h, lexAddr)
		}
	}
}

func addressed(toks []token) bool {
	for i := range toks {
		if toks[i].addr() {
			return true
		}
	}
	return false
}

func featureIndex(h uint64, bits uint8) uint32 {
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 32
	return uint32(h) & (1<<bits - 1)
}

// roleSpace: feature indices below it are the model's role and structure
// features (see modelvocab.go), those above it hashed words and word
// pairs. Training regularises the two kinds apart.
const roleSpace = 1 << 12

// Role and structure feature indices, all under roleSpace.
const (
	fRole      = 16              // + role: a word of the role
	fRoleStart = fRole + 16      // + role: the role's word starts a sentence
	fRolePair  = fRoleStart + 16 // + 16*a + b: role b within rolePairGap tokens after role a
	fStruct    = fRolePair + 256 // + structure cue (sOpens...)
	fRoles     = fStruct + 16    // + distinct roles in the window (capped at 8)
)

// Structure cues of a window.
const (
	sOpens     = iota // the window opens the text
	sCloses           // the window ends the text
	sAfterData        // a window that addresses no one comes before it: an instruction after data
	sWhole            // the window is the whole text
	numStruct
)

var structNames = [numStruct]string{"opens the text", "ends the text", "after unaddressed text", "whole text"}

// rolePairGap is how far apart two role words still make a pair.
const rolePairGap = 3

// IsRoleFeature reports whether feature f is a role or structure feature
// (not a hashed word).
func IsRoleFeature(f uint32) bool { return f < roleSpace }

// rawIndex is the index of a hashed word or word pair, above roleSpace.
func rawIndex(h uint64, bits uint8) uint32 {
	i := featureIndex(h, bits)
	if i < roleSpace {
		i += roleSpace
	}
	return i
}

const bigramSalt = 0x9e3779b97f4a7c15

// pairHash is the feature of two adjacent words; the role lexicon keys
// two-character CJK words by it too.
func pairHash(a, b uint64) uint64 { return a*31 + b ^ bigramSalt }

// winCtx is what a window's features know of the text around it.
type winCtx struct {
	opens, closes, afterData bool
	// roles is set by score for its best window: how many roles other
	// than address its words play.
	roles int
}

// featSrc says where a feature came from, for naming it: the token (or
// first token of a pair) and the kind.
type featSrc struct {
	tok  int32
	kind uint8 // srcWord, srcPair, srcRole...
	a, b uint8
}

const (
	srcWord = iota
	srcPair
	srcRole
	srcRoleStart
	srcRolePair
	srcStruct
	srcRoles
)

// tokenRoles fills roles with the role set of each token of [a, b).
func tokenRoles(toks []token, a, b int32, roles []uint16) []uint16 {
	roles = roles[:0]
	for i := a; i < b; i++ {
		r := uint16(roleLexicon.get(toks[i].h))
		if toks[i].addr() {
			r |= 1 << roleAddr
		}
		roles = append(roles, r)
	}
	// Two-character words of scripts without spaces: one character a
	// token, each three bytes in UTF-8.
	for i := a; i+1 < b; i++ {
		t, u := &toks[i], &toks[i+1]
		if t.end-t.start == 3 && u.end-u.start == 3 && u.start == t.end {
			if r := uint16(roleLexicon.get(pairHash(t.h, u.h))); r != 0 {
				roles[i-a] |= r
				roles[i+1-a] |= r
			}
		}
	}
	return roles
}

// features appends the feature indices of window [a, b) to out, and
// where each came from to src when src is not nil.
func (m *Model) features(toks []token, a, b int32, ctx winCtx, sc *modelScratch, out []uint32, src []featSrc) ([]uint32, []featSrc) {
	emit := func(f uint32, s featSrc) {
		out = append(out, f)
		if src != nil {
			src = append(src, s)
		}
	}
	sc.roles = tokenRoles(toks, a, b, sc.roles)
	for i := a; i < b; i++ {
		if sc.roles[i-a]&roleMarkup != 0 {
			continue
		}
		emit(rawIndex(toks[i].h, m.bits), featSrc{tok: i, kind: srcWord})
		if i+1 < b && sc.roles[i+1-a]&roleMarkup == 0 {
			emit(rawIndex(pairHash(toks[i].h, toks[i+1].h), m.bits), featSrc{tok: i, kind: srcPair})
		}
	}
	var seen uint16
	for i := a; i < b; i++ {
		r := sc.roles[i-a] &^ roleMarkup
		if r == 0 {
			continue
		}
		seen |= r
		starts := i == 0 || toks[i].sent != toks[i-1].sent
		for x := uint8(0); x < numRoles; x++ {
			if r&(1<<x) == 0 {
				continue
			}
			emit(fRole+uint32(x), featSrc{tok: i, kind: srcRole, a: x})
			if starts {
				emit(fRoleStart+uint32(x), featSrc{tok: i, kind: srcRoleStart, a: x})
			}
			for j := i + 1; j < b && j <= i+rolePairGap; j++ {
				q := sc.roles[j-a] &^ roleMarkup
				for y := uint8(0); q != 0 && y < numRoles; y++ {
					if q&(1<<y) != 0 {
						emit(fRolePair+16*uint32(x)+uint32(y), featSrc{tok: i, kind: srcRolePair, a: x, b: y})
					}
				}
			}
		}
	}
	for k, on := range [numStruct]bool{ctx.opens, ctx.closes, ctx.afterData, ctx.opens && ctx.closes} {
		if on {
			emit(fStruct+uint32(k), featSrc{tok: a, kind: srcStruct, a: uint8(k)})
		}
	}
	sc.seen = seen
	n := uint32(bits.OnesCount16(seen))
	emit(fRoles+min(n, 8), featSrc{tok: a, kind: srcRoles, a: uint8(min(n, 8))})
	return out, src
}

func sigmoid(x float32) float32 { return 1 / (1 + float32(math.Exp(float64(-x)))) }

// eachWindow calls fn for each window the model reads (one with a word
// that addresses the reader), with what the window knows of its place.
func eachWindow(toks []token, wins [][2]int32, fn func(w [2]int32, ctx winCtx)) {
	data := false
	for _, w := range wins {
		if !addressed(toks[w[0]:w[1]]) {
			data = true
			continue
		}
		fn(w, winCtx{opens: w[0] == 0, closes: int(w[1]) == len(toks), afterData: data})
	}
}

// windowZ is the window's logit: the features' weights summed,
// normalised by their number so long windows do not win by size alone.
func (m *Model) windowZ(feats []uint32) float32 {
	var z float32
	for _, f := range feats {
		z += m.w[f]
	}
	return m.bias + z/float32(math.Sqrt(float64(max(len(feats), 1))))
}

// scoredWindow is one window the model scored: its logit, first and last
// token, and context; ok is false when there is none.
type scoredWindow struct {
	z      float32
	lo, hi int32
	ctx    winCtx
	ok     bool
}

// score returns the window with the highest logit (best) and the one
// with the highest logit among those whose words play minAloneRoles
// roles besides address (alone: the only kind that may decide without a
// rule finding). With aloneOnly it reads only the latter kind: a window
// whose words play fewer roles is passed after one lexicon probe per
// token, and best is not set.
func (m *Model) score(toks []token, scratch *modelScratch, aloneOnly bool) (best, alone scoredWindow) {
	scratch.wins = windows(toks, scratch.wins[:0])
	eachWindow(toks, scratch.wins, func(w [2]int32, c winCtx) {
		if aloneOnly && bits.OnesCount16(windowRoles(toks, w[0], w[1])&^(1<<roleAddr)) < minAloneRoles {
			return
		}
		scratch.feats, _ = m.features(toks, w[0], w[1], c, scratch, scratch.feats[:0], nil)
		c.roles = bits.OnesCount16(scratch.seen &^ (1 << roleAddr))
		z := m.windowZ(scratch.feats)
		cur := scoredWindow{z: z, lo: w[0], hi: w[1] - 1, ctx: c, ok: true}
		if !aloneOnly && (!best.ok || z > best.z) {
			best = cur
		}
		if c.roles >= minAloneRoles && (!alone.ok || z > alone.z) {
			alone = cur
		}
	})
	return best, alone
}

// windowRoles is the union of the roles of the words of [a, b): the
// same as tokenRoles gives, without keeping them per token.
func windowRoles(toks []token, a, b int32) uint16 {
	var r uint16
	for i := a; i < b; i++ {
		r |= uint16(roleLexicon.get(toks[i].h))
		if toks[i].addr() {
			r |= 1 << roleAddr
		}
		if i+1 < b {
			t, u := &toks[i], &toks[i+1]
			if t.end-t.start == 3 && u.end-u.start == 3 && u.start == t.end {
				r |= uint16(roleLexicon.get(pairHash(t.h, u.h)))
			}
		}
	}
	return r &^ roleMarkup
}

// strongest names the features that pushed window [lo, hi] of text up
// the most (at most n, strongest first): words as written, roles and
// cues by name.
func (m *Model) strongest(text string, toks []token, lo, hi int32, ctx winCtx, sc *modelScratch, n int) []string {
	feats, src := m.features(toks, lo, hi+1, ctx, sc, nil, []featSrc{})
	type pushed struct {
		w    float32
		name string
	}
	var top []pushed
	for i, f := range feats {
		w := m.w[f]
		if w <= 0 {
			continue
		}
		s := src[i]
		var name string
		switch s.kind {
		case srcWord:
			name = strconv.Quote(text[toks[s.tok].start:toks[s.tok].end])
		case srcPair:
			name = strconv.Quote(text[toks[s.tok].start:toks[s.tok+1].end])
		case srcRole:
			name = "role:" + roleNames[s.a]
		case srcRoleStart:
			name = "role:" + roleNames[s.a] + " opens a sentence"
		case srcRolePair:
			name = "roles:" + roleNames[s.a] + "+" + roleNames[s.b]
		case srcStruct:
			name = "window " + structNames[s.a]
		case srcRoles:
			name = "roles in window: " + strconv.Itoa(int(s.a))
		}
		if j := slices.IndexFunc(top, func(p pushed) bool { return p.name == name }); j >= 0 {
			top[j].w += w
			continue
		}
		top = append(top, pushed{w, name})
	}
	slices.SortStableFunc(top, func(x, y pushed) int { return cmp.Compare(y.w, x.w) })
	out := make([]string, 0, n)
	for _, p := range top[:min(n, len(top))] {
		out = append(out, p.name)
	}
	return out
}

type modelScratch struct {
	wins  [][2]int32
	feats []uint32
	roles []uint16
	seen  uint16 // the roles of the last window features read
}

// logit07 is the logit of 0.7, the default policy threshold.
const logit07 = 0.8472979

// calibrated maps a window logit to a detector score so that the
// calibration cut lands on 0.7.
func (m *Model) calibrated(z float32) float32 { return sigmoid((z-m.cut)/modelSpread + logit07) }

// modelSpread widens the calibrated score around the cut: a window a few
// logits under the cut is still evidence a rule finding can add to. 4 was
// chosen by leave-one-group-out (docs/RATIONALE.md).
const modelSpread = 4

// minAloneRoles is how many roles besides address a window's words must
// play for the model to decide alone: an instruction to the reader has a
// verb and an object or a condition (send + data, ignore + rules, must +
// secrecy); code and markup that happen to hold "u", "tu" or "dir" and a
// word like "mode" or "context" have one at most.
const minAloneRoles = 2

// decidesAlone reports whether window w decides without a rule finding
// in channel ch: it reaches the channel's alone cut and its words play
// minAloneRoles roles besides address. Its score is then 0.7 or more.
func (m *Model) decidesAlone(w scoredWindow, ch int) (float32, bool) {
	if w.ok && w.z >= m.alone[ch] && w.ctx.roles >= minAloneRoles {
		return sigmoid((w.z-m.alone[ch])/modelSpread + logit07), true
	}
	return 0, false
}

// Reader reads texts the way the model does, for training: one
// tokenizer's scratch reused across texts. A Reader is used by one
// goroutine at a time.
type Reader struct {
	tk      tokenizer
	wins    [][2]int32
	scratch modelScratch
}

// NewReader returns a Reader.
func NewReader() *Reader { return &Reader{tk: tokenizer{lex: addressLexicon}} }

func (r *Reader) tokenize(text string) []token {
	r.tk.begin()
	r.tk.tokenize(text)
	return r.tk.toks
}

// Windows calls fn for each window of text that the model reads (a
// window with a word that addresses the reader), with the window's
// features in a space of 1<<bits (a new slice, fn's to keep), its length
// in tokens, and how many of its tokens lie inside spans (byte ranges).
func (r *Reader) Windows(text string, spans [][2]int, bits uint8, fn func(feats []uint32, tokens, inSpans int)) {
	toks := r.tokenize(text)
	r.wins = windows(toks, r.wins[:0])
	m := &Model{bits: bits}
	eachWindow(toks, r.wins, func(w [2]int32, ctx winCtx) {
		feats, _ := m.features(toks, w[0], w[1], ctx, &r.scratch, nil, nil)
		fn(feats, int(w[1]-w[0]), overlap(toks[w[0]:w[1]], spans))
	})
}

// Logit is the model's logit for text's most likely window, before
// calibration: what the cuts are chosen on. A text with no window
// addressed to the reader is -Inf: the model never reads it.
func (r *Reader) Logit(m *Model, text string) float32 {
	best, _ := m.score(r.tokenize(text), &r.scratch, false)
	if !best.ok {
		return float32(math.Inf(-1))
	}
	return best.z
}

// MinBits and MaxBits bound a model's feature space (1<<bits weights):
// the role features take the first 1<<12.
const (
	MinBits = 14
	MaxBits = 22
)

// NewModel makes a model of 1<<bits weights (len(w) must be that), its
// weights rounded to the int8 steps it is shipped in, so that the model
// trained and the model loaded score alike. Its cuts are 0 (probability
// 0.5) until WithCuts sets them.
func NewModel(bits uint8, w []float32, bias float32) (*Model, error) {
	if bits < MinBits || bits > MaxBits || len(w) != 1<<bits {
		return nil, fmt.Errorf("model: bad size: bits %d with %d weights (want bits in [%d, %d] and 1<<bits weights)", bits, len(w), MinBits, MaxBits)
	}
	if math.IsNaN(float64(bias)) || math.IsInf(float64(bias), 0) {
		return nil, fmt.Errorf("model: bias %v is not a number", bias)
	}
	m := &Model{bits: bits, w: slices.Clone(w), bias: bias}
	m.quantize()
	return m, nil
}

// WithCuts returns m (weights shared) with the calibration cut and the
// cuts from which it decides alone in untrusted text and in the user's
// text, all logits: finite, and an alone cut not under the calibration
// cut (NeverAlone: never).
func (m *Model) WithCuts(cut, aloneUntrusted, aloneUser float32) (*Model, error) {
	if err := checkCuts(cut, [2]float32{aloneUntrusted, aloneUser}); err != nil {
		return nil, err
	}
	c := *m
	c.cut, c.alone = cut, [2]float32{aloneUntrusted, aloneUser}
	return &c, nil
}

func checkCuts(cut float32, alone [2]float32) error {
	finite := func(x float32) bool { return !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) }
	if !finite(cut) {
		return fmt.Errorf("model: bad calibration: cut %v (want a finite logit)", cut)
	}
	for ch, a := range alone {
		if !finite(a) || a < cut {
			return fmt.Errorf("model: bad calibration: alone cut %v of channel %d (want a finite logit not under the cut %v)", a, ch, cut)
		}
	}
	return nil
}

// Cuts returns m's calibration cut and its alone cuts per channel.
func (m *Model) Cuts() (cut float32, alone [2]float32) { return m.cut, m.alone }

// Weights returns a copy of m's weights and its bias.
func (m *Model) Weights() ([]float32, float32) { return slices.Clone(m.w), m.bias }

// overlap counts tokens inside the spans.
func overlap(toks []token, spans [][2]int) int {
	n := 0
	for _, t := range toks {
		for _, s := range spans {
			if int(t.start) >= s[0] && int(t.end) <= s[1] {
				n++
				break
			}
		}
	}
	return n
}

// quantize rounds weights to int8 steps, so the trained model and the
// shipped (serialised) model score identically.
func (m *Model) quantize() {
	scale := m.scale()
	for i, w := range m.w {
		m.w[i] = float32(int8(max(-127, min(127, math.Round(float64(w/scale)))))) * scale
	}
}

func (m *Model) scale() float32 {
	mx := float32(0)
	for _, w := range m.w {
		mx = max(mx, float32(math.Abs(float64(w))))
	}
	if mx == 0 {
		return 1
	}
	return mx / 127
}

const modelMagic = "AISM2"

// modelHeader is the magic, bits, then five float32: scale, bias, cut,
// and the alone cuts of the untrusted and user channels.
const modelHeader = len(modelMagic) + 1 + 5*4

// MarshalBinary serialises the model: the header (modelHeader), then one
// int8 per weight.
func (m *Model) MarshalBinary() ([]byte, error) {
	scale := m.scale()
	out := make([]byte, 0, modelHeader+len(m.w))
	out = append(out, modelMagic...)
	out = append(out, m.bits)
	for _, f := range []float32{scale, m.bias, m.cut, m.alone[0], m.alone[1]} {
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(f))
	}
	for _, w := range m.w {
		out = append(out, byte(int8(math.Round(float64(w/scale)))))
	}
	return out, nil
}

// UnmarshalModel reads a model written by MarshalBinary.
func UnmarshalModel(b []byte) (*Model, error) {
	if len(b) < modelHeader || string(b[:len(modelMagic)]) != modelMagic {
		return nil, fmt.Errorf("model: bad header (want %d bytes starting %q; retrain with make train)", modelHeader, modelMagic)
	}
	bits := b[len(modelMagic)]
	if bits < MinBits || bits > MaxBits || len(b) != modelHeader+1<<bits {
		return nil, fmt.Errorf("model: bad size: %d bytes with bits %d (want bits in [%d, %d] and %d header bytes + 1<<bits)", len(b), bits, MinBits, MaxBits, modelHeader)
	}
	var f [5]float32
	for i := range f {
		f[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[len(modelMagic)+1+4*i:]))
	}
	scale := f[0]
	if !(scale > 0) || math.IsInf(float64(scale), 0) || math.IsNaN(float64(f[1])) || math.IsInf(float64(f[1]), 0) {
		return nil, fmt.Errorf("model: bad header: scale %v, bias %v", scale, f[1])
	}
	m := &Model{bits: bits, w: make([]float32, 1<<bits), bias: f[1], cut: f[2], alone: [2]float32{f[3], f[4]}}
	if err := checkCuts(m.cut, m.alone); err != nil {
		return nil, err
	}
	for i := range m.w {
		m.w[i] = float32(int8(b[modelHeader+i])) * scale
	}
	return m, nil
}

//go:embed model.bin
var embeddedModel []byte

var defaultModel struct {
	once sync.Once
	m    *Model
	err  error
}

// DefaultModel is the model shipped in the binary (trained by make train),
// or nil when the binary carries none. It is loaded once and shared: a
// Model is immutable.
func DefaultModel() (*Model, error) {
	defaultModel.once.Do(func() {
		if len(embeddedModel) > 0 {
			defaultModel.m, defaultModel.err = UnmarshalModel(embeddedModel)
		}
	})
	return defaultModel.m, defaultModel.err
}
