// Package train fits the injection detector's model (inject.Model) on
// labelled texts. Only the CLI imports it (aisecops train, eval --lofo):
// the filter ships a trained model and never links this code.
//
// Layer: detection, beside internal/inject; it imports inject and nothing
// else of ours.
package train

import (
	"errors"
	"math"
	"sort"

	"github.com/aisecops/aisecops/internal/inject"
)

// Doc is one training text. Spans, when set, are the byte ranges of the
// injected part; windows outside them are benign context.
type Doc struct {
	Text      string
	Injection bool
	Spans     [][2]int
}

// Options steer Model.
type Options struct {
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

// Model fits the model. It is deterministic: the same documents in the
// same order give the same weights.
func Model(docs []Doc, opt Options) (*inject.Model, error) {
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
	g2 := make([]float32, len(w))
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
			z := bias
			for _, f := range ex.feats {
				z += w[f] * norm
			}
			g := (sigmoid(z) - ex.y) * ex.wt
			for _, f := range ex.feats {
				gf := g*norm + l2*w[f]
				g2[f] += gf * gf
				w[f] -= opt.Rate * gf / float32(math.Sqrt(float64(g2[f]))+1e-6)
			}
			g2b += g * g
			bias -= opt.Rate * g / float32(math.Sqrt(float64(g2b))+1e-6)
		}
	}
	// Rounded to the steps it ships in before calibrating, so the cut is
	// chosen on the scores the shipped model gives.
	m, err := inject.NewModel(opt.Bits, w, bias, 0.5)
	if err != nil {
		return nil, err
	}
	// Calibrate on benign texts: the cut is the score that only BenignFPR
	// of them reach.
	var benign []float32
	for _, d := range docs {
		if !d.Injection {
			benign = append(benign, rd.Probability(m, d.Text))
		}
	}
	if len(benign) == 0 {
		return m, nil
	}
	sort.Slice(benign, func(i, j int) bool { return benign[i] < benign[j] })
	k := int(math.Ceil(float64(len(benign)) * (1 - opt.BenignFPR)))
	if k >= len(benign) {
		k = len(benign) - 1
	}
	return m.WithCut(min(max(benign[k]+1e-4, 0.05), 0.999))
}

func sigmoid(x float32) float32 { return 1 / (1 + float32(math.Exp(float64(-x)))) }
