package wire

import (
	"bytes"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/aisecops/aisecops/internal/jsonx"
)

// SSEEvent is one server-sent event.
type SSEEvent struct {
	Event string
	ID    string
	Retry string
	Data  string
	// DataLines counts the event's data lines (0: no data field).
	DataLines int
}

// SSEBlock is one block of an event stream: the bytes up to and including
// the blank line that ends it, and the event they make. A block of
// comments only has no fields (Fields false) and dispatches nothing.
type SSEBlock struct {
	Raw    []byte // valid only during the callback
	Event  SSEEvent
	Fields bool
}

// SSEError says why a stream cannot be read one way only. Offset counts
// bytes from the start of the stream.
type SSEError struct {
	Offset int
	Msg    string
}

func (e *SSEError) Error() string {
	return "event stream at byte " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// SSELimitError says an event grew past the reader's bound.
type SSELimitError struct{ Max int }

func (e *SSELimitError) Error() string {
	return "event stream: one event is over " + strconv.Itoa(e.Max) + " bytes"
}

// SSEReader reads a text/event-stream incrementally, in chunks of any
// size, and hands over each complete block with its exact bytes, so a
// caller can forward allowed events byte-identical and judge the rest.
//
// It reads the way every client we serve does, and refuses what clients
// read differently (docs/client-readings.md): a lone CR (the spec ends a
// line there; bufio.Scanner-based clients do not), a line with no colon
// or an unknown field name (ignored by the spec, read as data by
// lenient clients), a byte-order mark (stripped by the spec, not by Go
// clients), and bytes that are not UTF-8 (replaced by the spec, kept by
// Go). State is bounded: one incomplete block, at most Max bytes.
type SSEReader struct {
	// Max bounds one block's bytes (0: 1 MiB).
	Max int

	buf    []byte // bytes read and not yet dropped; the current block starts at start
	start  int    // where the current block starts in buf
	scan   int    // where the next unread line starts in buf
	off    int    // stream offset of buf[0]
	cur    SSEEvent
	data   []byte
	fields bool
	bomOK  bool // the stream's first bytes were checked for a BOM
	err    error
}

const defaultSSEMax = 1 << 20

// Feed reads a chunk and calls fn for each block it completes, in order.
// An error (an *SSEError, an *SSELimitError, or fn's) ends the reading:
// every later call returns it.
func (r *SSEReader) Feed(chunk []byte, fn func(b *SSEBlock) error) error {
	if r.err != nil {
		return r.err
	}
	if r.start > 0 {
		// Drop the blocks handed over, once per chunk: moving the rest
		// after every block would make a body of many events quadratic.
		n := copy(r.buf, r.buf[r.start:])
		r.buf = r.buf[:n]
		r.scan -= r.start
		r.off += r.start
		r.start = 0
	}
	r.buf = append(r.buf, chunk...)
	r.err = r.parse(fn, false)
	return r.err
}

// Pending is the bytes read but not yet handed over (an unfinished block).
func (r *SSEReader) Pending() []byte { return r.buf[r.start:] }

// Close ends the stream. Bytes of an unfinished block are returned: the
// spec drops an event not ended by a blank line, while some clients
// dispatch it at end of stream, so a caller must not forward a leftover
// that has fields (HasFields says whether it has).
func (r *SSEReader) Close() (leftover []byte, hasFields bool, err error) {
	if r.err != nil {
		return nil, false, r.err
	}
	if err := r.parse(func(*SSEBlock) error { return nil }, true); err != nil {
		r.err = err
		return nil, false, err
	}
	left := r.buf[r.start:]
	has := r.fields || r.scan < len(r.buf) && len(bytes.TrimSpace(r.buf[r.scan:])) > 0
	r.buf, r.start, r.scan = nil, 0, 0
	return left, has, nil
}

func (r *SSEReader) fail(at int, msg string) error {
	return &SSEError{Offset: r.off + at, Msg: msg}
}

func (r *SSEReader) parse(fn func(b *SSEBlock) error, atEnd bool) error {
	max := r.Max
	if max <= 0 {
		max = defaultSSEMax
	}
	if !r.bomOK {
		if len(r.buf) < 3 && !atEnd && bytes.HasPrefix([]byte("\xef\xbb\xbf"), r.buf) {
			return nil // wait for the bytes that say
		}
		r.bomOK = true
		if bytes.HasPrefix(r.buf, []byte("\xef\xbb\xbf")) {
			return r.fail(0, "byte-order mark at the start (the spec strips it; Go clients read it as part of the first field name)")
		}
	}
	for {
		rest := r.buf[r.scan:]
		lf := bytes.IndexByte(rest, '\n')
		line := rest
		if lf >= 0 {
			line = rest[:lf]
		}
		if cr := bytes.IndexByte(line, '\r'); cr >= 0 && (cr != len(line)-1 || lf < 0 && atEnd) {
			return r.fail(r.scan+cr, "carriage return not followed by a line feed (the spec ends a line there; bufio-based clients do not)")
		}
		if lf < 0 {
			if len(r.buf)-r.start > max {
				return &SSELimitError{Max: max}
			}
			return nil
		}
		next := r.scan + lf + 1
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			if err := r.dispatch(next, fn); err != nil {
				return err
			}
			continue
		}
		if err := r.field(line, r.scan); err != nil {
			return err
		}
		r.scan = next
		if r.scan-r.start > max {
			return &SSELimitError{Max: max}
		}
	}
}

func (r *SSEReader) field(line []byte, at int) error {
	if !utf8.Valid(line) {
		return r.fail(at, "line is not valid UTF-8 (the spec replaces such bytes; Go clients keep them)")
	}
	if line[0] == ':' {
		return nil // a comment
	}
	i := bytes.IndexByte(line, ':')
	if i < 0 {
		return r.fail(at, "line without a colon")
	}
	name, value := line[:i], line[i+1:]
	if len(value) > 0 && value[0] == ' ' {
		value = value[1:]
	}
	switch string(name) {
	case "data":
		if r.cur.DataLines > 0 {
			r.data = append(r.data, '\n')
		}
		r.data = append(r.data, value...)
		r.cur.DataLines++
	case "event":
		r.cur.Event = string(value)
	case "id":
		r.cur.ID = string(value)
	case "retry":
		r.cur.Retry = string(value)
	default:
		return r.fail(at, "unknown field "+QuoteShort(name))
	}
	r.fields = true
	return nil
}

// dispatch hands over the block ending at end and starts the next.
func (r *SSEReader) dispatch(end int, fn func(b *SSEBlock) error) error {
	r.cur.Data = string(r.data)
	b := SSEBlock{Raw: r.buf[r.start:end], Event: r.cur, Fields: r.fields}
	err := fn(&b)
	r.start, r.scan = end, end
	r.cur, r.data, r.fields = SSEEvent{}, r.data[:0], false
	return err
}

// ReadSSE reads a whole event stream strictly: its events (blocks with
// fields) in order, or the first reason it cannot be read one way only.
// An unfinished last block with fields is an error too.
func ReadSSE(b []byte, max int) ([]SSEEvent, error) {
	r := SSEReader{Max: max}
	var out []SSEEvent
	err := r.Feed(b, func(blk *SSEBlock) error {
		if blk.Fields {
			out = append(out, blk.Event)
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	_, has, err := r.Close()
	if err == nil && has {
		err = &SSEError{Offset: len(b), Msg: "stream ends inside an event (no blank line after it)"}
	}
	return out, err
}

// ParseSSE reads a complete event stream and returns its events, up to
// the first framing error (ReadSSE says which).
func ParseSSE(b []byte) []SSEEvent {
	evs, _ := ReadSSE(b, len(b)+1)
	return evs
}

// SSEPayload returns an event's data as the JSON text clients parse: with
// JSON's own white space around it removed. ok is false for an event with
// no data to parse. Unicode white space at either end is an error: Go
// clients that trim with bytes.TrimSpace parse the JSON inside, JSON.parse
// and encoding/json alone reject it.
func SSEPayload(data string) (payload string, ok bool, err error) {
	t := trimJSONSpace(data)
	if t == "" {
		if data != "" && !isJSONSpaceOnly(data) {
			return "", false, &SSEError{Msg: "event data is Unicode white space only"}
		}
		return "", false, nil
	}
	if r, _ := utf8.DecodeRuneInString(t); r >= utf8.RuneSelf && (unicode.IsSpace(r) || r == '\ufeff') {
		return "", false, &SSEError{Msg: "event data starts with Unicode white space"}
	}
	if r, _ := utf8.DecodeLastRuneInString(t); r >= utf8.RuneSelf && (unicode.IsSpace(r) || r == '\ufeff') {
		return "", false, &SSEError{Msg: "event data ends with Unicode white space"}
	}
	return t, true, nil
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isJSONSpaceOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isJSONSpace(s[i]) {
			return false
		}
	}
	return true
}

func trimJSONSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isJSONSpace(s[i]) {
		i++
	}
	for j > i && isJSONSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// AppendSSE writes an event; multi-line data becomes several data lines.
func AppendSSE(out []byte, e SSEEvent) []byte {
	if e.Event != "" {
		out = append(out, "event: "...)
		out = append(out, e.Event...)
		out = append(out, '\n')
	}
	if e.ID != "" {
		out = append(out, "id: "...)
		out = append(out, e.ID...)
		out = append(out, '\n')
	}
	if e.Retry != "" {
		out = append(out, "retry: "...)
		out = append(out, e.Retry...)
		out = append(out, '\n')
	}
	for _, line := range bytes.Split([]byte(e.Data), []byte("\n")) {
		out = append(out, "data: "...)
		out = append(out, line...)
		out = append(out, '\n')
	}
	return append(out, '\n')
}

// QuoteShort renders at most 40 bytes of b as a JSON string, for an error
// message.
func QuoteShort(b []byte) string {
	if len(b) > 40 {
		b = b[:40]
	}
	return jsonx.Quote(string(b))
}
