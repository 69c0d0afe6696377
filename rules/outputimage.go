package rules

import (
	"github.com/aisecops/aisecops/internal/inject"
	"github.com/aisecops/aisecops/internal/wire"
)

// Images in the model's answer (inject.ImageWatch): text the model wrote
// is trusted for injection, but an image link in it whose URL carries
// data leaks that data when the client renders the answer, with no tool
// call. A whole answer with one is refused (ReasonExfilImage); a stream
// is held from the image's first byte until it closes and then released
// or ended with the API's error event (exchange_llm.go). Plain links are
// not judged: they need a click.

// imageWatch is a watch bounded by the policy: one open image link is at
// most inject.ImageLinkLimit bytes, or max_body_bytes when smaller.
func (p *Policy) imageWatch() *inject.ImageWatch {
	return &inject.ImageWatch{Limit: min(inject.ImageLinkLimit, p.cfg.MaxBodyBytes)}
}

// scanOutputImages judges the image links of a response's model output.
// Reference definitions count across the answer's strings (a renderer
// may join them), whichever comes first.
func (p *Policy) scanOutputImages(v *Verdict, pl *wire.Payload) {
	if pl.Direction != Response {
		return
	}
	var w *inject.ImageWatch
	for i := range pl.Segments {
		seg := &pl.Segments[i]
		if seg.Kind != "model_output" {
			continue
		}
		if w == nil {
			w = p.imageWatch()
		}
		hits, err := w.Whole(seg.Text)
		if len(hits) > 0 {
			v.Segments = append(v.Segments, imageSegment(i, seg, hits[0].Finding))
			v.Raise(ActionBlock, ReasonExfilImage)
		}
		if err != nil {
			v.Raise(ActionBlock, ReasonImageLinkLimit)
			if v.Reason == ReasonImageLinkLimit {
				v.Detail = seg.Path + ": " + err.Error()
			}
			return
		}
	}
}

// imageSegment is the verdict on a model output string holding an image
// that carries data.
func imageSegment(i int, seg *wire.Segment, f Finding) SegmentVerdict {
	return SegmentVerdict{Index: i, Path: seg.Path, Role: seg.Role, Kind: seg.Kind, Trust: seg.Trust,
		Reason: ReasonExfilImage, Action: ActionBlock, Score: f.Score, Findings: []Finding{f}}
}

// imageVerdict is the verdict on an image that carries data in a stream:
// the segment is the link's text (the rest of the answer is not kept).
func (x *Exchange) imageVerdict(hit inject.ImageFinding, path string) *Verdict {
	seg := wire.Segment{Text: hit.Link, Path: path, Role: "assistant", Kind: "model_output", Trust: wire.Trusted}
	f := hit.Finding
	f.Start, f.End = 0, len(hit.Link)
	v := &Verdict{Action: ActionBlock, Reason: ReasonExfilImage, Format: x.info.Format, Direction: Response,
		Mode: x.p.cfg.Mode, PolicyVersion: x.p.cfg.PolicyVersion, PolicyHash: x.p.cfg.Hash,
		Payload: &wire.Payload{Format: x.info.Format, Direction: Response, Stream: true, Segments: []wire.Segment{seg}}}
	v.Segments = []SegmentVerdict{imageSegment(0, &seg, f)}
	return v
}
