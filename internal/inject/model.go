package inject

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"sync"
)

// Model is a logistic regression over hashed token unigrams and bigrams,
// applied to short windows (sentences, long ones cut) of normalised tokens.
// A text's score is its highest window: an injection is local, so a long
// benign document with one planted sentence scores like that sentence, not
// like the document.
type Model struct {
	bits uint8 // feature space is 1<<bits
	w    []float32
	bias float32
	// cut is the window probability that maps to score 0.7 (the default
	// policy threshold): calibrated at training time on benign texts.
	cut float32
}

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

const bigramSalt = 0x9e3779b97f4a7c15

// features appends the feature indices of window [a, b).
func (m *Model) features(toks []token, a, b int32, out []uint32) []uint32 {
	for i := a; i < b; i++ {
		out = append(out, featureIndex(toks[i].h, m.bits))
		if i+1 < b {
			out = append(out, featureIndex(pairHash(toks[i].h, toks[i+1].h), m.bits))
		}
	}
	return out
}

// pairHash is the feature of two adjacent words. Training (features) and
// scoring (score, which sums the same features without listing them)
// both take it from here.
func pairHash(a, b uint64) uint64 { return a*31 + b ^ bigramSalt }

func sigmoid(x float32) float32 { return 1 / (1 + float32(math.Exp(float64(-x)))) }

// score returns the highest window probability and that window.
func (m *Model) score(toks []token, scratch *modelScratch) (p float32, lo, hi int32) {
	scratch.wins = windows(toks, scratch.wins[:0])
	best := float32(-1e9)
	for _, w := range scratch.wins {
		if !addressed(toks[w[0]:w[1]]) {
			continue
		}
		// The window's features (those of features), summed as they are
		// made rather than listed.
		var z float32
		n := 0
		for i := w[0]; i < w[1]; i++ {
			z += m.w[featureIndex(toks[i].h, m.bits)]
			n++
			if i+1 < w[1] {
				z += m.w[featureIndex(pairHash(toks[i].h, toks[i+1].h), m.bits)]
				n++
			}
		}
		// Normalise by length so long windows do not win by size alone.
		z = m.bias + z/float32(math.Sqrt(float64(max(n, 1))))
		if z > best {
			best, lo, hi = z, w[0], w[1]-1
		}
	}
	if best == -1e9 {
		return 0, 0, 0
	}
	return sigmoid(best), lo, hi
}

type modelScratch struct {
	wins [][2]int32
}

// calibrated maps a window probability to a detector score so that the
// calibration cut lands on 0.7.
func (m *Model) calibrated(p float32) float32 {
	if p <= m.cut {
		return 0.7 * p / m.cut
	}
	return 0.7 + 0.3*(p-m.cut)/(1-m.cut)
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
	r.tk.toks, r.tk.long, r.tk.sent = r.tk.toks[:0], r.tk.long[:0], 0
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
	for _, w := range r.wins {
		if !addressed(toks[w[0]:w[1]]) {
			continue
		}
		fn(m.features(toks, w[0], w[1], nil), int(w[1]-w[0]), overlap(toks[w[0]:w[1]], spans))
	}
}

// Probability is the model's probability for text's most likely window,
// before calibration: what the calibration cut is chosen on.
func (r *Reader) Probability(m *Model, text string) float32 {
	p, _, _ := m.score(r.tokenize(text), &r.scratch)
	return p
}

// NewModel makes a model of 1<<bits weights (len(w) must be that), its
// weights rounded to the int8 steps it is shipped in, so that the model
// trained and the model loaded score alike; cut is its calibration cut,
// in (0, 1).
func NewModel(bits uint8, w []float32, bias, cut float32) (*Model, error) {
	if bits < 8 || bits > 24 || len(w) != 1<<bits {
		return nil, errors.New("model: bad size")
	}
	if !(cut > 0 && cut < 1) {
		return nil, errors.New("model: bad calibration")
	}
	m := &Model{bits: bits, w: slices.Clone(w), bias: bias, cut: cut}
	m.quantize()
	return m, nil
}

// WithCut returns m with another calibration cut (weights shared).
func (m *Model) WithCut(cut float32) (*Model, error) {
	if !(cut > 0 && cut < 1) {
		return nil, errors.New("model: bad calibration")
	}
	c := *m
	c.cut = cut
	return &c, nil
}

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

const modelMagic = "AISM1"

// MarshalBinary serialises the model: magic, bits, scale, bias, cut, then
// one int8 per weight.
func (m *Model) MarshalBinary() ([]byte, error) {
	scale := m.scale()
	out := make([]byte, 0, len(modelMagic)+13+len(m.w))
	out = append(out, modelMagic...)
	out = append(out, m.bits)
	out = binary.LittleEndian.AppendUint32(out, math.Float32bits(scale))
	out = binary.LittleEndian.AppendUint32(out, math.Float32bits(m.bias))
	out = binary.LittleEndian.AppendUint32(out, math.Float32bits(m.cut))
	for _, w := range m.w {
		out = append(out, byte(int8(math.Round(float64(w/scale)))))
	}
	return out, nil
}

// UnmarshalModel reads a model written by MarshalBinary.
func UnmarshalModel(b []byte) (*Model, error) {
	h := len(modelMagic) + 13
	if len(b) < h || string(b[:len(modelMagic)]) != modelMagic {
		return nil, errors.New("model: bad header")
	}
	bits := b[len(modelMagic)]
	if bits < 8 || bits > 24 || len(b) != h+1<<bits {
		return nil, errors.New("model: bad size")
	}
	off := len(modelMagic) + 1
	scale := math.Float32frombits(binary.LittleEndian.Uint32(b[off:]))
	m := &Model{bits: bits, w: make([]float32, 1<<bits),
		bias: math.Float32frombits(binary.LittleEndian.Uint32(b[off+4:])),
		cut:  math.Float32frombits(binary.LittleEndian.Uint32(b[off+8:]))}
	if !(m.cut > 0 && m.cut < 1) || math.IsNaN(float64(scale)) {
		return nil, errors.New("model: bad calibration")
	}
	for i := range m.w {
		m.w[i] = float32(int8(b[h+i])) * scale
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
