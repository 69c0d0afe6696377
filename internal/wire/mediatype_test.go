package wire

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReadContentType(t *testing.T) {
	for _, tc := range []struct {
		v    string
		kind BodyKind
		bad  bool
	}{
		{"", BodyJSON, false},
		{"application/json", BodyJSON, false},
		{"Application/JSON; charset=UTF-8", BodyJSON, false},
		{"application/vnd.api+json", BodyJSON, false},
		{"text/event-stream", BodySSE, false},
		{"text/event-stream; charset=utf-8", BodySSE, false},
		{"text/plain", BodyJSON, false},
		{`application/json; x="text/event-stream"`, BodyJSON, true},
		{`text/event-stream; x="application/json"`, BodySSE, true},
		{"application/json, text/event-stream", BodyJSON, true},
		{"text/event-stream, application/json", BodyJSON, true},
		{"application/json; charset=utf-16", BodyJSON, true},
		{"application/json;;", BodyJSON, true},
		{"text/plain; note=event-stream", BodyJSON, true},
		{"application/x-event-stream", BodyJSON, true},
	} {
		k, err := ReadContentType(tc.v)
		assert.Equal(t, tc.bad, err != nil, "%q: %v", tc.v, err)
		if !tc.bad {
			assert.Equal(t, tc.kind, k, "%q", tc.v)
		}
	}
}
