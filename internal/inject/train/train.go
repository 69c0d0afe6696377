// Package train fits the injection detector's model (inject.Model) on
// labelled texts. Only the CLI imports it (aisecops train, eval --lofo):
// the filter ships a trained model and never links this code.
//
// Layer: detection, beside internal/inject; it imports inject and nothing
// else of ours.
package train

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/aisecops/aisecops/internal/inject"
)

// Doc is one training text. Spans, when set, are the byte ranges of the
// injected part; windows outside them are benign context. Group names its
// upstream source (texts of one group are held out together when the
// calibration is taken out of fold); User marks the user's own message
// (the user channel), against untrusted text.
type Doc struct {
	Text      string
	Injection bool
	Spans     [][2]int
	Group     string
	User      bool
}

// Options steer Model.
type Options struct {
	Bits   uint8   // feature space 1<<Bits (default 18)
	Epochs int     // default 6
	Rate   float32 // default 0.5
	// BenignFPR is the share of out-of-fold benign texts allowed above
	// the calibration cut (default 0.004).
	BenignFPR float64
	// AloneFPR is the share of out-of-fold benign texts of a channel
	// allowed above the cut from which the model decides alone (default
	// 0.001).
	AloneFPR float64
	// Folds is how many folds, by group, the calibration scores come
	// from (default 4; fewer when there are fewer groups).
	Folds int
	// RawL2 is the L2 penalty on hashed word features; role and
	// structure features get roleL2 (default 1e-4).
	RawL2 float32
	// RawDropout is the share of hashed word features left out of each
	// training step (default 0.3), so the roles carry what they can.
	RawDropout float32
}

// defaults fills the fields left zero.
func (o *Options) defaults() {
	orDefault(&o.Bits, 18)
	orDefault(&o.Epochs, 6)
	orDefault(&o.Rate, 0.5)
	orDefault(&o.BenignFPR, 0.004)
	orDefault(&o.AloneFPR, 0.001)
	orDefault(&o.Folds, 4)
	orDefault(&o.RawL2, 1e-4)
	orDefault(&o.RawDropout, 0.3)
}

func orDefault[T comparable](p *T, v T) {
	var zero T
	if *p == zero {
		*p = v
	}
}

// check reports the first option out of its range.
func (o *Options) check() error {
	switch {
	case o.Bits < inject.MinBits || o.Bits > inject.MaxBits:
		return fmt.Errorf("train: Bits %d: want %d to %d", o.Bits, inject.MinBits, inject.MaxBits)
	case o.Epochs < 1 || !(o.Rate > 0):
		return fmt.Errorf("train: Epochs %d and Rate %v must be positive", o.Epochs, o.Rate)
	case !(o.BenignFPR > 0 && o.BenignFPR < 1) || !(o.AloneFPR > 0 && o.AloneFPR < 1):
		return fmt.Errorf("train: BenignFPR %v and AloneFPR %v must be in (0, 1)", o.BenignFPR, o.AloneFPR)
	case o.Folds < 2:
		return fmt.Errorf("train: Folds %d: out-of-fold calibration needs 2 or more", o.Folds)
	case !(o.RawL2 >= 0) || !(o.RawDropout >= 0 && o.RawDropout < 1):
		return fmt.Errorf("train: RawL2 %v must be >= 0 and RawDropout %v in [0, 1)", o.RawL2, o.RawDropout)
	}
	return nil
}

const roleL2 = 1e-6

type example struct {
	feats []uint32
	y     float32
	wt    float32
}

// Model fits the model on docs and calibrates it out of fold: the docs'
// groups are dealt into folds, a model fitted without each fold scores
// that fold's benign texts, and the cuts are read off those scores, so
// they say how the model treats benign text it has not seen. It is
// deterministic: the same documents in the same order give the same
// model.
func Model(docs []Doc, opt Options) (*inject.Model, error) {
	opt.defaults()
	if err := opt.check(); err != nil {
		return nil, err
	}
	m, err := fit(docs, opt)
	if err != nil {
		return nil, err
	}
	fold := folds(docs, opt.Folds)
	var benign [2][]float32 // per channel
	rd := inject.NewReader()
	trained := 0
	for f := range opt.Folds {
		var in []Doc
		for i, d := range docs {
			if fold[i] != f {
				in = append(in, d)
			}
		}
		if len(in) == len(docs) {
			continue // an empty fold
		}
		fm, err := fit(in, opt)
		if errors.Is(err, errOneClass) {
			continue // this fold's texts stay unscored
		}
		if err != nil {
			return nil, fmt.Errorf("train: fold %d of %d: %w", f+1, opt.Folds, err)
		}
		trained++
		for i, d := range docs {
			if fold[i] == f && !d.Injection {
				benign[channel(d)] = append(benign[channel(d)], rd.Logit(fm, d.Text))
			}
		}
	}
	if trained < 2 {
		// Too few texts or groups to hold any out (a handful of texts in
		// a test corpus): the benign texts are scored in sample, and the
		// alone cuts, read off so few, stay out of reach.
		benign = [2][]float32{}
		for _, d := range docs {
			if !d.Injection {
				benign[channel(d)] = append(benign[channel(d)], rd.Logit(m, d.Text))
			}
		}
	}
	all := append(slices.Clone(benign[0]), benign[1]...)
	if len(all) == 0 {
		return nil, errors.New("train: no benign texts to calibrate on")
	}
	// Texts the model never reads (no window addresses the reader) are
	// -Inf: they count in the shares but cannot set a cut.
	cut := max(quantile(all, 1-opt.BenignFPR), minCut) + cutMargin
	var alone [2]float32
	for ch := range alone {
		// A share of AloneFPR cannot be read off fewer than 1/AloneFPR
		// texts: in a channel with fewer, the model does not decide alone.
		alone[ch] = inject.NeverAlone
		if float64(len(benign[ch]))*opt.AloneFPR >= 1 {
			alone[ch] = max(quantile(benign[ch], 1-opt.AloneFPR)+cutMargin, cut)
		}
	}
	return m.WithCuts(cut, alone[0], alone[1])
}

// minCut is the lowest calibration cut, a logit: a model whose benign
// texts all score under even odds is still not read as sure at them.
// cutMargin puts the cut just above the benign score it is read off.
const (
	minCut    = 0
	cutMargin = 1e-3
)

var errOneClass = errors.New("training needs both injection and benign windows")

func channel(d Doc) int {
	if d.User {
		return inject.ChannelUser
	}
	return inject.ChannelUntrusted
}

// quantile is the score that a share q of xs stays under (xs is sorted).
func quantile(xs []float32, q float64) float32 {
	slices.Sort(xs)
	k := min(int(math.Ceil(float64(len(xs))*q)), len(xs)-1)
	return xs[k]
}

// folds deals the docs' groups into k folds, largest group first into the
// fold with fewest texts; docs without a group, and all docs when they
// have fewer than two groups, are dealt one by one.
func folds(docs []Doc, k int) []int {
	size := map[string]int{}
	for _, d := range docs {
		if d.Group != "" {
			size[d.Group]++
		}
	}
	if len(size) < 2 {
		clear(size)
	}
	groups := make([]string, 0, len(size))
	for g := range size {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b string) int {
		if c := size[b] - size[a]; c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	load := make([]int, k)
	of := map[string]int{}
	for _, g := range groups {
		f := slices.Index(load, slices.Min(load))
		of[g] = f
		load[f] += size[g]
	}
	out := make([]int, len(docs))
	n := 0
	for i, d := range docs {
		if _, ok := of[d.Group]; !ok {
			out[i] = n % k
			n++
			continue
		}
		out[i] = of[d.Group]
	}
	return out
}

// fit trains the weights on docs, with every cut at 0.
func fit(docs []Doc, opt Options) (*inject.Model, error) {
	w := make([]float32, 1<<opt.Bits)
	var bias float32
	var exs []example
	rd := inject.NewReader()
	pos, neg := 0, 0
	for _, d := range docs {
		rd.Windows(d.Text, d.Spans, opt.Bits, func(feats []uint32, tokens, in int) {
			y := float32(0)
			if d.Injection {
				y = 1
				if len(d.Spans) > 0 {
					switch {
					case in*2 >= tokens:
						y = 1
					case in == 0:
						y = 0
					default:
						return // straddles the attack: no clean label
					}
				}
			}
			if y == 1 {
				pos++
			} else {
				neg++
			}
			exs = append(exs, example{feats: feats, y: y})
		})
	}
	if pos == 0 || neg == 0 {
		return nil, errOneClass
	}
	// Balance the classes.
	for i := range exs {
		if exs[i].y == 1 {
			exs[i].wt = float32(len(exs)) / float32(2*pos)
		} else {
			exs[i].wt = float32(len(exs)) / float32(2*neg)
		}
	}
	// AdaGrad on the logistic loss, deterministic shuffles and dropout.
	g2 := make([]float32, len(w))
	var g2b float32
	rng := uint64(0x2545F4914F6CDD1D)
	next := func() uint64 {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return rng
	}
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	keep := uint64((1 - opt.RawDropout) * (1 << 16))
	boost := 1 / (1 - opt.RawDropout)
	var kept []uint32
	var val []float32
	for epoch := 0; epoch < opt.Epochs; epoch++ {
		for i := len(order) - 1; i > 0; i-- {
			j := int(next() % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		for _, k := range order {
			ex := &exs[k]
			norm := float32(1 / math.Sqrt(float64(max(len(ex.feats), 1))))
			kept, val = kept[:0], val[:0]
			for _, f := range ex.feats {
				switch {
				case inject.IsRoleFeature(f):
					kept, val = append(kept, f), append(val, norm)
				case next()&0xffff < keep:
					kept, val = append(kept, f), append(val, norm*boost)
				}
			}
			z := bias
			for i, f := range kept {
				z += w[f] * val[i]
			}
			g := (sigmoid(z) - ex.y) * ex.wt
			for i, f := range kept {
				l2 := opt.RawL2
				if inject.IsRoleFeature(f) {
					l2 = roleL2
				}
				gf := g*val[i] + l2*w[f]
				g2[f] += gf * gf
				w[f] -= opt.Rate * gf / float32(math.Sqrt(float64(g2[f]))+1e-6)
			}
			g2b += g * g
			bias -= opt.Rate * g / float32(math.Sqrt(float64(g2b))+1e-6)
		}
	}
	// Rounded to the steps it ships in before calibrating, so the cuts
	// are chosen on the scores the shipped model gives.
	return inject.NewModel(opt.Bits, w, bias)
}

func sigmoid(x float32) float32 { return 1 / (1 + float32(math.Exp(float64(-x)))) }
