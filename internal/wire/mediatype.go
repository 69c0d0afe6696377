package wire

import (
	"errors"
	"mime"
	"strings"
)

// BodyKind is how a client reads a response body.
type BodyKind uint8

const (
	// BodyJSON is one JSON document (application/json, */*+json), and the
	// reading of a body with no or another media type: SDKs decode any
	// non-stream success body as JSON.
	BodyJSON BodyKind = iota
	// BodySSE is a text/event-stream.
	BodySSE
)

// ErrAmbiguousMediaType is wrapped by ReadContentType's errors.
var ErrAmbiguousMediaType = errors.New("ambiguous media type")

// ReadContentType decides from a response's Content-Type how clients read
// its body, and refuses a value that clients read two ways: the Go SDKs
// parse it with mime.ParseMediaType and compare the type, the TypeScript
// MCP SDK and some others look for a substring ("text/event-stream",
// "application/json") anywhere in the value. So a value is refused when it
// does not parse, lists several types, names a charset other than UTF-8,
// or holds a substring that reads as another kind than its type.
func ReadContentType(v string) (BodyKind, error) {
	if strings.TrimSpace(v) == "" {
		return BodyJSON, nil
	}
	lower := strings.ToLower(v)
	bad := func(why string) (BodyKind, error) {
		return BodyJSON, errors.Join(ErrAmbiguousMediaType, errors.New("content-type "+QuoteShort([]byte(v))+": "+why))
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil {
		return bad(err.Error())
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return bad("charset " + QuoteShort([]byte(cs)) + " is not UTF-8")
	}
	kind := BodyJSON
	if mt == "text/event-stream" {
		kind = BodySSE
	}
	sseSub := strings.Contains(lower, "event-stream")
	jsonSub := strings.Contains(lower, "json")
	switch {
	case kind == BodySSE && jsonSub:
		return bad("an event stream whose parameters name JSON")
	case kind == BodyJSON && sseSub:
		return bad("not an event stream by its type, but names one")
	}
	return kind, nil
}
