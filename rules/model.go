package rules

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"math"
	"sort"
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

// TrainDoc is one training text. Spans, when set, are the byte ranges of
// the injected part; windows outside them are benign context.
type TrainDoc struct {
	Text      string
	Injection bool
	Spans     [][2]int
}

// TrainOptions steer TrainModel.
type TrainOptions struct {
	Bits   uint8   // feature space 1<<Bits (default 18)
	Epochs int     // default 6
	Rate   float32 // default 0.5
	// BenignFPR is the share of benign training texts allowed above the
	// calibration cut (default 0.004).
	BenignFPR float64
}

type example struct {
	feats []uint32
	y     float32
	wt    float32
}

// TrainModel fits the model. It is deterministic: the same documents in
// the same order give the same weights.
func TrainModel(docs []TrainDoc, opt TrainOptions) (*Model, error) {
	if opt.Bits == 0 {
		opt.Bits = 18
	}
	if opt.Epochs == 0 {
		opt.Epochs = 6
	}
	if opt.Rate == 0 {
		opt.Rate = 0.5
	}
	if opt.BenignFPR == 0 {
		opt.BenignFPR = 0.004
	}
	m := &Model{bits: opt.Bits, w: make([]float32, 1<<opt.Bits)}
	var exs []example
	tk := tokenizer{lex: addressLexicon}
	var wins [][2]int32
	pos, neg := 0, 0
	for _, d := range docs {
		tk.toks, tk.long, tk.sent = tk.toks[:0], tk.long[:0], 0
		tk.tokenize(d.Text)
		wins = windows(tk.toks, wins[:0])
		for _, w := range wins {
			if !addressed(tk.toks[w[0]:w[1]]) {
				continue
			}
			y := float32(0)
			if d.Injection {
				y = 1
				if len(d.Spans) > 0 {
					in := overlap(tk.toks[w[0]:w[1]], d.Spans)
					switch {
					case in*2 >= int(w[1]-w[0]):
						y = 1
					case in == 0:
						y = 0
					default:
						continue // straddles the attack: no clean label
					}
				}
			}
			ex := example{feats: m.features(tk.toks, w[0], w[1], nil), y: y}
			if y == 1 {
				pos++
			} else {
				neg++
			}
			exs = append(exs, ex)
		}
	}
	if pos == 0 || neg == 0 {
		return nil, errors.New("training needs both injection and benign windows")
	}
	// Balance the classes.
	for i := range exs {
		if exs[i].y == 1 {
			exs[i].wt = float32(len(exs)) / float32(2*pos)
		} else {
			exs[i].wt = float32(len(exs)) / float32(2*neg)
		}
	}
	// AdaGrad on the logistic loss, deterministic shuffles.
	g2 := make([]float32, len(m.w))
	var g2b float32
	rng := uint64(0x2545F4914F6CDD1D)
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	const l2 = 1e-6
	for epoch := 0; epoch < opt.Epochs; epoch++ {
		for i := len(order) - 1; i > 0; i-- {
			rng ^= rng << 13
			rng ^= rng >> 7
			rng ^= rng << 17
			j := int(rng % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		for _, k := range order {
			ex := &exs[k]
			norm := float32(1 / math.Sqrt(float64(max(len(ex.feats), 1))))
			z := m.bias
			for _, f := range ex.feats {
				z += m.w[f] * norm
			}
			g := (sigmoid(z) - ex.y) * ex.wt
			for _, f := range ex.feats {
				gf := g*norm + l2*m.w[f]
				g2[f] += gf * gf
				m.w[f] -= opt.Rate * gf / float32(math.Sqrt(float64(g2[f]))+1e-6)
			}
			g2b += g * g
			m.bias -= opt.Rate * g / float32(math.Sqrt(float64(g2b))+1e-6)
		}
	}
	m.quantize()
	// Calibrate on benign texts: the cut is the score that only BenignFPR
	// of them reach.
	var benign []float32
	var scratch modelScratch
	for _, d := range docs {
		if d.Injection {
			continue
		}
		tk.toks, tk.long, tk.sent = tk.toks[:0], tk.long[:0], 0
		tk.tokenize(d.Text)
		p, _, _ := m.score(tk.toks, &scratch)
		benign = append(benign, p)
	}
	m.cut = 0.5
	if len(benign) > 0 {
		sort.Slice(benign, func(i, j int) bool { return benign[i] < benign[j] })
		k := int(math.Ceil(float64(len(benign)) * (1 - opt.BenignFPR)))
		if k >= len(benign) {
			k = len(benign) - 1
		}
		m.cut = min(max(benign[k]+1e-4, 0.05), 0.999)
	}
	return m, nil
}

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
