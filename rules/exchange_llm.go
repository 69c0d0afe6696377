package rules

import (
	"errors"
	"slices"
	"strconv"

	"github.com/aisecops/aisecops/internal/inject"
	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/wire"
	"github.com/tidwall/gjson"
)

// LLM event streams (OpenAI Chat Completions chunks, OpenAI Responses
// events, Anthropic Messages events) are judged as they flow, through the
// same StreamChunk as MCP and A2A streams:
//
//   - an event that carries text (and role, usage, ping, error events)
//     goes on at once, byte-identical;
//   - from the first event of a tool call (or of any item that is not
//     text: a provider-run tool and its result) the stream is held:
//     that event and every later one wait, so nothing is reordered;
//   - the item is judged whole when it is complete (Chat: the choice's
//     finish_reason; Responses: response.output_item.done; Anthropic:
//     content_block_stop) or when the stream ends;
//   - when no item is open any more the held events are released:
//     byte-identical when every item is allowed; without the events of a
//     removed item (later indexes renumbered; Chat: exchange_llmchat.go)
//     for remove; a refusal ends the stream with the API's error event
//     and swallows the rest;
//   - text flows until an image link opens in it ("![", "[", "<img":
//     inject.ImageWatch, one per stream, fed each text item's deltas);
//     from that event on the stream is held as for a call, until the
//     link closes; an image whose URL carries data ends the stream with
//     the API's error event (ReasonExfilImage), one longer than the
//     watch's bound too (ReasonImageLinkLimit, whatever on_error says);
//   - under StreamApprovals an approve verdict keeps the span held until
//     the caller reports the human's decision (ApprovalDone);
//   - events a client could read another way than the filter (a name
//     that disagrees with the type, an index out of order, a delta for a
//     block never started, an unknown event that carries an item) end
//     the stream as ambiguous, whatever on_error says.
//
// State is bounded: held events and the open items' data count against
// max_body_bytes together, and the per-item maps hold open items only.

// llmMaxItems bounds the items (blocks, output items, choices) tracked
// at once, and the tool calls a Responses stream may judge.
const llmMaxItems = 4096

type llmStream struct {
	held      []heldEvent
	heldBytes int
	items     map[int64]*llmItem // open items held until complete
	text      map[int64]string   // open items that flow (block or item type)
	removed   []int64            // upstream indexes of dropped items (Anthropic, Responses)
	dropped   int64              // events dropped (Responses sequence_number)
	over      bool               // a refusal ended the stream: the rest is swallowed
	awaiting  int                // items judged approve whose human decision is not in yet
	nextBlock int64              // Anthropic: the index the next content_block_start must carry
	// Chat: choices whose finish_reason was seen.
	finished map[int64]bool
	// Chat: calls taken out of a choice by remove, by choice index.
	chatDrops map[int64]*chatDrop
	// Responses: items judged, by key, in canonical form, so the final
	// response cannot say something else about them.
	judged map[string]string
	// img reads the text items for image links; imgHit is the first
	// image that carries data, found while classifying an event.
	img     *inject.ImageWatch
	imgHit  *imageHit
	imgSeen []string
}

type imageHit struct {
	inject.ImageFinding
	path string
}

type heldEvent struct {
	raw      []byte
	name, id string
	data     string // the JSON payload ("" when none)
	item     int64  // the held item it belongs to, or -1
}

type llmItem struct {
	datas []string // payloads to assemble the item from
	typ   string   // Responses: the item type output_item.added gave
}

func (x *Exchange) startLLMStream() {
	x.sse = &wire.SSEReader{Max: x.p.cfg.MaxBodyBytes}
	x.llm = &llmStream{items: map[int64]*llmItem{}, text: map[int64]string{}, finished: map[int64]bool{}, judged: map[string]string{},
		img: x.p.imageWatch()}
}

// imageLimit is the failure for an image link past the watch's bound: a
// client renders it once it closes, so never passed unjudged.
func imageLimit(path string, err error) error {
	return &llmFail{ambiguity(ReasonImageLinkLimit, path+": "+err.Error())}
}

// noteImages keeps the first image that carries data. In monitor mode
// the stream goes on: an image already reported (Responses repeats the
// text in its done events and final response) is not reported again.
func (s *llmStream) noteImages(hits []inject.ImageFinding, path string) {
	for _, h := range hits {
		if s.imgHit != nil {
			return
		}
		if slices.Contains(s.imgSeen, h.Link) {
			continue
		}
		s.imgHit = &imageHit{h, path}
		if len(s.imgSeen) < maxImagesSeen {
			s.imgSeen = append(s.imgSeen, h.Link)
		}
	}
}

// maxImagesSeen bounds the images a monitored stream remembers having
// reported.
const maxImagesSeen = 16

// textAt names a text item of a stream; its path is only written for a
// finding or a failure (not for every delta).
type textAt struct {
	kind uint8 // textBlock, textContent, textRefusal, textPart
	i, j int64
}

const (
	textBlock   uint8 = iota // Anthropic content block i
	textContent              // Chat choice i's content
	textRefusal              // Chat choice i's refusal
	textPart                 // Responses output item i's content part j
)

func (t textAt) path() string {
	i := strconv.FormatInt(t.i, 10)
	switch t.kind {
	case textBlock:
		return "content[" + i + "].text"
	case textContent:
		return "choices[" + i + "].delta.content"
	case textRefusal:
		return "choices[" + i + "].delta.refusal"
	}
	return "output[" + i + "].content[" + strconv.FormatInt(t.j, 10) + "]"
}

// feedText reads the next piece of a text item.
func (s *llmStream) feedText(key int64, at textAt, text string) error {
	if text == "" {
		return nil
	}
	_, hits, err := s.img.Feed(key, text)
	return s.afterText(hits, err, at)
}

// endText closes a text item: an image link left open is judged.
func (s *llmStream) endText(key int64, at textAt) error {
	hits, err := s.img.End(key)
	return s.afterText(hits, err, at)
}

func (s *llmStream) afterText(hits []inject.ImageFinding, err error, at textAt) error {
	if len(hits) > 0 {
		s.noteImages(hits, at.path())
	}
	if err != nil {
		return imageLimit(at.path(), err)
	}
	return nil
}

// wholeText judges a complete copy of a text (Responses' done events and
// final response): a client may render the copy rather than the deltas.
func (s *llmStream) wholeText(path, text string) error {
	hits, err := s.img.Whole(text)
	s.noteImages(hits, path)
	if err != nil {
		return imageLimit(path, err)
	}
	return nil
}

// errLLMOver ends the reading of a stream a refusal ended.
var errLLMOver = errors.New("stream ended by a refusal")

// llmFail is a failure that ends the reading of an LLM stream.
type llmFail struct{ f *Failure }

func (e *llmFail) Error() string { return e.f.Detail }

func llmAmbiguous(format string, a ...any) error {
	msg := format
	for _, s := range a {
		msg += " " + toStr(s)
	}
	return &llmFail{ambiguity(ReasonAmbiguousStream, msg)}
}

func toStr(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case int64:
		return strconv.FormatInt(t, 10)
	}
	return ""
}

// llmChunk is StreamChunk for an LLM stream.
func (x *Exchange) llmChunk(dst, chunk []byte, end bool) (out []byte, results []EventResult, fail *Failure) {
	out = dst
	s := x.llm
	if s.over {
		return out, nil, nil
	}
	judge := func(b *wire.SSEBlock) error {
		var err error
		out, results, err = x.llmEvent(out, results, b)
		return err
	}
	finish := func(err error) ([]byte, []EventResult, *Failure) {
		if errors.Is(err, errLLMOver) {
			return out, results, nil
		}
		var lf *llmFail
		if errors.As(err, &lf) {
			return out, results, lf.f
		}
		return out, results, streamFailure(err)
	}
	if err := x.sse.Feed(chunk, judge); err != nil {
		return finish(err)
	}
	if !end {
		return out, results, nil
	}
	left, err := x.endSSE(judge)
	if err != nil {
		return finish(err)
	}
	// The stream ended: what is still open is judged as the client has it.
	hits, ierr := s.img.EndAll()
	s.noteImages(hits, "")
	if ierr != nil {
		return finish(imageLimit("the stream's end", ierr))
	}
	if out, results, err = x.imageFound(out, results); err != nil {
		return finish(err)
	}
	for _, k := range sortedItemKeys(s.items) {
		if out, results, err = x.closeItem(out, results, k); err != nil {
			return finish(err)
		}
	}
	if out, err = x.release(out); err != nil {
		return finish(err)
	}
	if s.awaiting > 0 {
		// Released with the span once the human approved.
		if len(left) > 0 {
			s.held = append(s.held, heldEvent{raw: append([]byte(nil), left...), item: -1})
		}
		return out, results, nil
	}
	return append(out, left...), results, nil
}

func sortedItemKeys(m map[int64]*llmItem) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// llmEvent reads one event: it flows, or is held, and may complete an
// item (judged) and with it the held span (released).
func (x *Exchange) llmEvent(out []byte, results []EventResult, b *wire.SSEBlock) ([]byte, []EventResult, error) {
	s := x.llm
	ev := heldEvent{raw: b.Raw, item: -1}
	var payload string
	if b.Fields && b.Event.DataLines > 0 {
		p, ok, err := wire.SSEPayload(b.Event.Data)
		if err != nil {
			return out, results, err
		}
		if ok {
			payload = p
		}
	}
	ev.name, ev.id, ev.data = b.Event.Event, b.Event.ID, payload
	if payload == "" || payload == "[DONE]" {
		// Comments, empty events and the end marker carry nothing.
		return x.flowOrHold(out, results, ev, nil)
	}
	if err := jsonx.Check(jsonx.StringView(payload), x.p.cfg.MaxDepth); err != nil {
		// A client's reader may accept what ours cannot: never a pass.
		return out, results, &llmFail{ambiguity(ReasonInvalidJSON, "stream event: "+err.Error())}
	}
	d := gjson.Parse(payload)
	if !d.IsObject() {
		return out, results, llmAmbiguous("an event's data is not a JSON object")
	}
	var closes []int64
	var err error
	switch x.info.Format {
	case FormatAnthropic:
		closes, err = s.anthropicEvent(&ev, d)
	case FormatOpenAIResponses:
		closes, err = s.responsesEvent(&ev, d)
		if err == nil && d.Get("response").IsObject() {
			ev, err = x.finalResponse(ev, d)
		}
	default:
		closes, err = s.chatEvent(&ev, d)
	}
	if err != nil {
		var lf *llmFail
		if errors.As(err, &lf) && !lf.f.Ambiguous {
			// A limit: under on_error allow the event goes on unjudged
			// with what was held (Held).
			s.held = append(s.held, heldEvent{raw: append([]byte(nil), ev.raw...), item: -1})
		}
		return out, results, err
	}
	if out, results, err = x.imageFound(out, results); err != nil {
		return out, results, err
	}
	return x.flowOrHold(out, results, ev, closes)
}

// imageFound acts on an image that carries data found in the text read
// so far: its verdict is reported and, unless in monitor mode, the
// stream ends with the API's error event before the event holding it.
func (x *Exchange) imageFound(out []byte, results []EventResult) ([]byte, []EventResult, error) {
	s := x.llm
	if s.imgHit == nil {
		return out, results, nil
	}
	v := x.imageVerdict(s.imgHit.ImageFinding, s.imgHit.path)
	s.imgHit = nil
	results = append(results, EventResult{Verdict: v})
	if x.p.Monitor() {
		return out, results, nil
	}
	return x.refuseLLM(out, ReasonExfilImage), results, errLLMOver
}

// flowOrHold releases an event, or holds it while a span is open, then
// judges the items it completes.
func (x *Exchange) flowOrHold(out []byte, results []EventResult, ev heldEvent, closes []int64) ([]byte, []EventResult, error) {
	s := x.llm
	if len(s.held) == 0 && len(s.items) == 0 && s.awaiting == 0 && len(closes) == 0 && !s.img.Open() {
		var err error
		out, err = x.emit(out, ev)
		return out, results, err
	}
	if x.p.Monitor() {
		// Monitor mode judges but changes nothing, not even the timing.
		var err error
		if out, err = x.emit(out, ev); err != nil {
			return out, results, err
		}
	} else {
		ev.raw = append([]byte(nil), ev.raw...)
		s.held = append(s.held, ev)
	}
	// The event's bytes, and its data kept for the item it belongs to.
	if err := s.grow(x.p.cfg.MaxBodyBytes, len(ev.raw)+len(ev.data)); err != nil {
		return out, results, err
	}
	for _, k := range closes {
		var err error
		if out, results, err = x.closeItem(out, results, k); err != nil {
			return out, results, err
		}
	}
	if len(s.items) == 0 && !s.img.Open() {
		var err error
		out, err = x.release(out)
		return out, results, err
	}
	return out, results, nil
}

// approvable: every call of v needs a human or is allowed, and at least
// one needs a human (a call refused outright leaves no one to ask).
func approvable(v *Verdict) bool {
	if v.Action != ActionApprove || v.Payload == nil || len(v.Calls) == 0 {
		return false
	}
	for _, c := range v.Calls {
		if c.Action != ActionApprove && c.Action != ActionAllow {
			return false
		}
	}
	return true
}

// ApprovalDone reports the human's decision on the oldest item awaiting
// one (EventResult.Awaiting) and returns the bytes the client gets for
// it: when approved and nothing else is open or awaiting, the held span
// as it came; when refused (reason: denied, expired, runner failure), the
// API's error event, and nothing after reaches the client.
func (x *Exchange) ApprovalDone(approved bool, reason Reason) []byte {
	s := x.llm
	if s == nil || s.over || s.awaiting == 0 {
		return nil
	}
	s.awaiting--
	if !approved {
		return x.refuseLLM(nil, reason)
	}
	if len(s.items) > 0 || s.awaiting > 0 || s.img.Open() {
		return nil
	}
	out, _ := x.release(nil)
	return out
}

// Awaiting reports whether an item of the stream waits for a human.
func (x *Exchange) Awaiting() bool { return x.llm != nil && !x.llm.over && x.llm.awaiting > 0 }

func (s *llmStream) grow(limit, n int) error {
	s.heldBytes += n
	if s.heldBytes <= limit {
		return nil
	}
	if s.img.Open() {
		// Let through unjudged, the image would load once it closes.
		return imageLimit("held events", errors.New("an open image link and the events after it are over "+strconv.Itoa(limit)+" bytes"))
	}
	return &llmFail{&Failure{Reason: ReasonBodyTooLarge, Detail: "a held tool call and the events after it are over " + strconv.Itoa(limit) + " bytes"}}
}

// emit appends an event the client gets, renumbered after a removal.
func (x *Exchange) emit(out []byte, ev heldEvent) ([]byte, error) {
	s := x.llm
	if len(s.chatDrops) > 0 && ev.data != "" {
		return s.emitChat(out, ev)
	}
	if len(s.removed) == 0 || ev.data == "" {
		return append(out, ev.raw...), nil
	}
	data := ev.data
	var key string
	switch x.info.Format {
	case FormatAnthropic:
		key = "index"
	case FormatOpenAIResponses:
		key = "output_index"
		if s.dropped > 0 {
			if r := gjson.Get(data, "sequence_number"); r.Type == gjson.Number {
				data = spliceInt(data, r, r.Int()-s.dropped)
			}
		}
	default:
		return append(out, ev.raw...), nil
	}
	if r := gjson.Get(data, key); r.Type == gjson.Number {
		data = spliceInt(data, r, r.Int()-s.shift(r.Int()))
	}
	if data == ev.data {
		return append(out, ev.raw...), nil
	}
	return wire.AppendSSE(out, wire.SSEEvent{Event: ev.name, ID: ev.id, Data: data}), nil
}

// shift is how many removed items come before upstream index i.
func (s *llmStream) shift(i int64) int64 {
	var n int64
	for _, r := range s.removed {
		if r < i {
			n++
		}
	}
	return n
}

// spliceInt replaces the number r (read from data) with v.
func spliceInt(data string, r gjson.Result, v int64) string {
	if r.Index <= 0 || r.Index+len(r.Raw) > len(data) {
		return data
	}
	return data[:r.Index] + strconv.FormatInt(v, 10) + data[r.Index+len(r.Raw):]
}

// closeItem judges a complete item.
func (x *Exchange) closeItem(out []byte, results []EventResult, k int64) ([]byte, []EventResult, error) {
	s := x.llm
	it := s.items[k]
	delete(s.items, k)
	if it == nil {
		return out, results, nil
	}
	body, err := x.assembleItem(it)
	if err != nil {
		if errors.Is(err, wire.ErrStreamConflict) {
			return out, results, &llmFail{ambiguity(ReasonAmbiguousStream, "stream: "+err.Error())}
		}
		return out, results, &llmFail{ambiguity(ReasonInvalidJSON, "stream: "+err.Error())}
	}
	v := x.p.Evaluate(Input{Body: body, Direction: Response, Format: x.info.Format})
	x.afterResponse(v)
	r := EventResult{Verdict: v}
	if x.p.Monitor() {
		return out, append(results, r), nil
	}
	switch {
	case v.Action == ActionAllow || v.Action == ActionFlag:
	case v.Action == ActionRemove && x.info.Format != FormatOpenAIChat && len(s.removed) < llmMaxItems:
		s.removed = append(s.removed, k)
		r.Applied = true
	case v.Action == ActionRemove && x.info.Format == FormatOpenAIChat && s.dropChatCalls(k, it, v):
		r.Applied = true
	case x.StreamApprovals && approvable(v):
		// Held, with everything after it, until the caller has the
		// human's answer (ApprovalDone).
		s.awaiting++
		r.Awaiting = true
	default:
		reason := v.Reason
		if v.Action == ActionRemove {
			// What the verdict takes out is not a whole call of the
			// stream (text, or a call it cannot place): not done partly.
			reason = ReasonRewriteError
		}
		results = append(results, r)
		return x.refuseLLM(out, reason), results, errLLMOver
	}
	return out, append(results, r), nil
}

// refuseLLM ends the stream with the API's error event: what was held is
// never released, and nothing after reaches the client.
func (x *Exchange) refuseLLM(out []byte, reason Reason) []byte {
	s := x.llm
	s.over = true
	s.held, s.items, s.text = nil, nil, nil
	x.sse = nil
	return append(out, x.p.RefuseStream(x.info.Format, reason, reason.Message())...)
}

// release lets the held span go: every item in it was judged (and, for
// an item awaiting a human, approved).
func (x *Exchange) release(out []byte) ([]byte, error) {
	s := x.llm
	if s.awaiting > 0 {
		return out, nil
	}
	for _, ev := range s.held {
		if ev.item >= 0 && s.isRemoved(ev.item) {
			if ev.data != "" {
				s.dropped++
			}
			continue
		}
		var err error
		if out, err = x.emit(out, ev); err != nil {
			return out, err
		}
	}
	clear(s.held)
	s.held = s.held[:0]
	s.heldBytes = 0
	return out, nil
}

func (s *llmStream) isRemoved(i int64) bool {
	for _, r := range s.removed {
		if r == i {
			return true
		}
	}
	return false
}

// assembleItem rebuilds the response one complete item adds up to.
func (x *Exchange) assembleItem(it *llmItem) ([]byte, error) {
	if x.info.Format == FormatOpenAIResponses {
		out := []byte(`{"object":"response","model":"stream","output":[`)
		for i, d := range it.datas {
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, d...)
		}
		return append(out, "]}"...), nil
	}
	evs := make([]wire.SSEEvent, len(it.datas))
	for i, d := range it.datas {
		evs[i].Data = d
	}
	return wire.AssembleStream(x.info.Format, evs, x.p.cfg.MaxDepth)
}

func (s *llmStream) open(k int64, it *llmItem) error {
	if len(s.items)+len(s.text) >= llmMaxItems {
		return &llmFail{&Failure{Reason: ReasonBodyTooLarge, Detail: "over " + strconv.Itoa(llmMaxItems) + " items open at once"}}
	}
	s.items[k] = it
	return nil
}

// index reads a non-negative integer index field.
func index(d gjson.Result, key string) (int64, error) {
	r := d.Get(key)
	if r.Type != gjson.Number || r.Raw != strconv.FormatInt(r.Int(), 10) || r.Int() < 0 {
		return 0, llmAmbiguous(key+" is not a non-negative integer:", jsonx.Quote(truncate(r.Raw)))
	}
	return r.Int(), nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

// anthropicEvent classifies one Messages event.
func (s *llmStream) anthropicEvent(ev *heldEvent, d gjson.Result) ([]int64, error) {
	typ := d.Get("type").String()
	if ev.name != "" && ev.name != typ {
		// anthropic-sdk-go reads the data of any name but ping, error
		// and none; the TypeScript SDK only of the names it knows.
		return nil, llmAmbiguous("event name", jsonx.Quote(truncate(ev.name)), "disagrees with its type", jsonx.Quote(truncate(typ)))
	}
	switch typ {
	case "ping", "message_delta", "message_stop", "error":
		return nil, nil
	case "message_start":
		content := d.Get("message.content")
		if content.Exists() && (!content.IsArray() || len(content.Array()) > 0) {
			// The SDK's accumulator starts the message from it: a block
			// here would never be judged as a block.
			return nil, llmAmbiguous("message_start carries content blocks")
		}
		s.nextBlock = 0
		return nil, nil
	case "content_block_start":
		i, err := index(d, "index")
		if err != nil {
			return nil, err
		}
		if i != s.nextBlock {
			// anthropic-sdk-go refuses blocks out of order.
			return nil, llmAmbiguous("content block", i, "started where block", s.nextBlock, "was expected")
		}
		s.nextBlock++
		switch bt := d.Get("content_block.type").String(); bt {
		case "text", "thinking", "redacted_thinking":
			if len(s.items)+len(s.text) >= llmMaxItems {
				return nil, &llmFail{&Failure{Reason: ReasonBodyTooLarge, Detail: "over " + strconv.Itoa(llmMaxItems) + " items open at once"}}
			}
			s.text[i] = bt
			if bt == "text" {
				// The accumulator starts the block's text from it.
				return nil, s.feedText(i, textAt{kind: textBlock, i: i}, d.Get("content_block.text").String())
			}
			return nil, nil
		default:
			ev.item = i
			return nil, s.open(i, &llmItem{datas: []string{ev.data}})
		}
	case "content_block_delta", "content_block_stop":
		i, err := index(d, "index")
		if err != nil {
			return nil, err
		}
		if it := s.items[i]; it != nil {
			ev.item = i
			if typ == "content_block_stop" {
				return []int64{i}, nil
			}
			it.datas = append(it.datas, ev.data)
			return nil, nil
		}
		bt, ok := s.text[i]
		if !ok {
			return nil, llmAmbiguous("event", jsonx.Quote(typ), "for content block", i, "which is not open")
		}
		if typ == "content_block_stop" {
			delete(s.text, i)
			if bt == "text" {
				return nil, s.endText(i, textAt{kind: textBlock, i: i})
			}
			return nil, nil
		}
		dt := d.Get("delta.type").String()
		okDelta := bt == "text" && (dt == "text_delta" || dt == "citations_delta") ||
			bt == "thinking" && (dt == "thinking_delta" || dt == "signature_delta")
		if !okDelta {
			return nil, llmAmbiguous("delta", jsonx.Quote(truncate(dt)), "in a", bt, "block")
		}
		if dt == "text_delta" {
			return nil, s.feedText(i, textAt{kind: textBlock, i: i}, d.Get("delta.text").String())
		}
		return nil, nil
	}
	return nil, llmAmbiguous("unknown event type", jsonx.Quote(truncate(typ)))
}

// responsesEvent classifies one Responses event.
func (s *llmStream) responsesEvent(ev *heldEvent, d gjson.Result) ([]int64, error) {
	typ := d.Get("type").String()
	if len(ev.name) >= 7 && ev.name[:7] == "thread." {
		// openai-go reads such data wrapped in another object.
		return nil, llmAmbiguous("event name", jsonx.Quote(truncate(ev.name)))
	}
	switch typ {
	case "response.output_item.added", "response.output_item.done":
		i, err := index(d, "output_index")
		if err != nil {
			return nil, err
		}
		item := d.Get("item")
		if !item.IsObject() {
			return nil, llmAmbiguous(typ, "without an item object")
		}
		it := item.Get("type").String()
		text := it == "message" || it == "reasoning"
		if typ == "response.output_item.added" {
			if _, open := s.text[i]; open || s.items[i] != nil {
				return nil, llmAmbiguous("output item", i, "added twice")
			}
			if text {
				if len(s.items)+len(s.text) >= llmMaxItems {
					return nil, &llmFail{&Failure{Reason: ReasonBodyTooLarge, Detail: "over " + strconv.Itoa(llmMaxItems) + " items open at once"}}
				}
				s.text[i] = it
				return nil, nil
			}
			ev.item = i
			return nil, s.open(i, &llmItem{typ: it})
		}
		held := s.items[i]
		_, flowing := s.text[i]
		if held == nil && !flowing && !text {
			// Done without being added: SDKs act on the done item
			// alone, so it is judged alone.
			held = &llmItem{typ: it}
			if err := s.open(i, held); err != nil {
				return nil, err
			}
		}
		if held != nil {
			if it != held.typ {
				return nil, llmAmbiguous("output item", i, "added as", jsonx.Quote(truncate(held.typ)), "done as", jsonx.Quote(truncate(it)))
			}
			k := itemKey(item, i)
			canon := string(jsonx.Canonical([]byte(item.Raw)))
			if prev, again := s.judged[k]; again && prev != canon {
				return nil, &llmFail{ambiguity(ReasonAmbiguousStream, "stream: "+errors.Join(wire.ErrStreamConflict,
					errors.New("two output_item.done events for item "+jsonx.Quote(truncate(k))+" differ")).Error())}
			}
			if len(s.judged) >= llmMaxItems {
				return nil, &llmFail{&Failure{Reason: ReasonBodyTooLarge, Detail: "over " + strconv.Itoa(llmMaxItems) + " tool items in one stream"}}
			}
			ev.item = i
			held.datas = append(held.datas, item.Raw)
			s.judged[k] = canon
			return []int64{i}, nil
		}
		if flowing {
			if s.text[i] != it {
				return nil, llmAmbiguous("output item", i, "added as", jsonx.Quote(truncate(s.text[i])), "done as", jsonx.Quote(truncate(it)))
			}
			delete(s.text, i)
		}
		if it == "message" {
			return nil, s.messageTexts(item, "output["+strconv.FormatInt(i, 10)+"]")
		}
		return nil, nil
	}
	if d.Get("item").Exists() {
		return nil, llmAmbiguous("event", jsonx.Quote(truncate(typ)), "carries an item")
	}
	if err := s.responsesText(typ, d); err != nil {
		return nil, err
	}
	if r := d.Get("output_index"); r.Exists() {
		i, err := index(d, "output_index")
		if err != nil {
			return nil, err
		}
		if s.items[i] != nil {
			ev.item = i
			return nil, nil
		}
		if _, open := s.text[i]; !open {
			return nil, llmAmbiguous("event", jsonx.Quote(truncate(typ)), "for output item", i, "which is not open")
		}
	}
	return nil, nil
}

// itemKey names a Responses item by its id, else by its place.
func itemKey(item gjson.Result, i int64) string {
	if id := item.Get("id").String(); id != "" {
		return "id:" + id
	}
	return "#" + strconv.FormatInt(i, 10)
}

// finalResponse checks a response.* event that carries the response:
// every item in its output that is no text must be one judged from its
// own events, reading the same; a removed one is taken out of it.
func (x *Exchange) finalResponse(ev heldEvent, d gjson.Result) (heldEvent, error) {
	s := x.llm
	outp := d.Get("response.output")
	if !outp.Exists() {
		return ev, nil
	}
	if !outp.IsArray() {
		return ev, llmAmbiguous("the response's output is not an array")
	}
	var drop []gjson.Result
	var err error
	n := int64(0)
	outp.ForEach(func(_, it gjson.Result) bool {
		i := n
		n++
		t := it.Get("type").String()
		if t == "message" || t == "reasoning" {
			return true
		}
		k := itemKey(it, i)
		want, ok := s.judged[k]
		if !ok {
			err = llmAmbiguous("the response lists item", jsonx.Quote(truncate(k)), "that no output_item.done carried")
			return false
		}
		if want != string(jsonx.Canonical([]byte(it.Raw))) && !wire.SameItem(gjson.Parse(want), it) {
			err = &llmFail{ambiguity(ReasonAmbiguousStream, "stream: "+errors.Join(wire.ErrStreamConflict, errors.New("item "+jsonx.Quote(truncate(k))+" differs from its output_item.done")).Error())}
			return false
		}
		if s.isRemoved(i) {
			drop = append(drop, it)
		}
		return true
	})
	if err != nil || len(drop) == 0 || x.p.Monitor() {
		return ev, err
	}
	// Take the removed items out of the output array, last first.
	// gjson gives the items' offsets in the whole data.
	data := ev.data
	var edits []jsonx.Edit
	for _, it := range drop {
		if it.Index <= 0 || it.Index+len(it.Raw) > len(data) || data[it.Index:it.Index+len(it.Raw)] != it.Raw {
			return ev, &llmFail{&Failure{Reason: ReasonRewriteError, Detail: "cannot place an item of the response's output"}}
		}
		edits = append(edits, jsonx.Edit{Start: it.Index, End: it.Index + len(it.Raw), RemoveElement: true})
	}
	nb, e := jsonx.ApplyEdits([]byte(data), edits)
	if e != nil {
		return ev, &llmFail{&Failure{Reason: ReasonRewriteError, Detail: e.Error()}}
	}
	ev.data = string(nb)
	ev.raw = wire.AppendSSE(nil, wire.SSEEvent{Event: ev.name, ID: ev.id, Data: ev.data})
	return ev, nil
}

// chatEvent classifies one Chat Completions chunk: a choice is held from
// its first delta that is not text until its finish_reason.
func (s *llmStream) chatEvent(ev *heldEvent, d gjson.Result) ([]int64, error) {
	if len(ev.name) >= 7 && ev.name[:7] == "thread." {
		return nil, llmAmbiguous("event name", jsonx.Quote(truncate(ev.name)))
	}
	choices := d.Get("choices")
	if choices.Exists() && !choices.IsArray() {
		return nil, llmAmbiguous("choices is not an array")
	}
	var closes []int64
	var err error
	choices.ForEach(func(_, c gjson.Result) bool {
		var i int64
		if i, err = index(c, "index"); err != nil {
			return false
		}
		delta := c.Get("delta")
		call := false
		var content, refusal string
		delta.ForEach(func(k, v gjson.Result) bool {
			switch k.String() {
			case "content":
				content = v.String()
				return true
			case "refusal":
				refusal = v.String()
				return true
			case "role":
				return true
			}
			if v.Type == gjson.Null || v.IsArray() && len(v.Array()) == 0 {
				return true
			}
			call = true
			return true // on, for the text a call's delta may carry too
		})
		if s.finished[i] && (call || content != "" || refusal != "") {
			err = llmAmbiguous("choice", i, "goes on after its finish_reason")
			return false
		}
		it := s.items[i]
		if call && it == nil {
			if err = s.open(i, &llmItem{}); err != nil {
				return false
			}
			it = s.items[i]
		}
		if it != nil {
			it.datas = append(it.datas, `{"choices":[`+c.Raw+`]}`)
			if ev.item < 0 {
				ev.item = i
			}
		}
		if err = s.feedText(i, textAt{kind: textContent, i: i}, content); err != nil {
			return false
		}
		if err = s.feedText(-1-i, textAt{kind: textRefusal, i: i}, refusal); err != nil {
			return false
		}
		if fr := c.Get("finish_reason"); fr.Exists() && fr.Type != gjson.Null {
			if err = s.endText(i, textAt{kind: textContent, i: i}); err != nil {
				return false
			}
			if err = s.endText(-1-i, textAt{kind: textRefusal, i: i}); err != nil {
				return false
			}
			if len(s.finished) >= llmMaxItems {
				err = &llmFail{&Failure{Reason: ReasonBodyTooLarge, Detail: "over " + strconv.Itoa(llmMaxItems) + " choices"}}
				return false
			}
			s.finished[i] = true
			if it != nil {
				closes = append(closes, i)
			}
		}
		return true
	})
	return closes, err
}

// responsesText feeds a Responses text delta to the watch, and judges
// the complete copies of a text its done events and the final response
// carry.
func (s *llmStream) responsesText(typ string, d gjson.Result) error {
	switch typ {
	case "response.output_text.delta", "response.refusal.delta",
		"response.output_text.done", "response.refusal.done":
	case "response.content_part.done":
		part := d.Get("part")
		path := "output[" + d.Get("output_index").Raw + "].content[" + d.Get("content_index").Raw + "]"
		return s.wholeText(path, part.Get("text").String()+part.Get("refusal").String())
	default:
		if r := d.Get("response.output"); r.IsArray() {
			var err error
			r.ForEach(func(k, item gjson.Result) bool {
				if item.Get("type").String() == "message" {
					err = s.messageTexts(item, "response.output["+k.Raw+"]")
				}
				return err == nil
			})
			return err
		}
		return nil
	}
	oi, err := index(d, "output_index")
	if err != nil {
		return err
	}
	ci, err := index(d, "content_index")
	if err != nil {
		return err
	}
	if oi >= 1<<40 || ci >= 1<<20 {
		return llmAmbiguous("output_index or content_index out of range:", oi, ci)
	}
	key, at := oi<<20|ci, textAt{kind: textPart, i: oi, j: ci}
	switch typ {
	case "response.output_text.delta", "response.refusal.delta":
		return s.feedText(key, at, d.Get("delta").String())
	}
	if err := s.endText(key, at); err != nil {
		return err
	}
	return s.wholeText(at.path(), d.Get("text").String()+d.Get("refusal").String())
}

// messageTexts judges the texts of a complete message item.
func (s *llmStream) messageTexts(item gjson.Result, path string) error {
	var err error
	item.Get("content").ForEach(func(k, part gjson.Result) bool {
		err = s.wholeText(path+".content["+k.Raw+"]", part.Get("text").String()+part.Get("refusal").String())
		return err == nil
	})
	return err
}
