package rules

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
	"strconv"

	"github.com/aisecops/aisecops/internal/wire"
)

// SupportedEncoding reports whether the filter can undo a
// content-encoding (lower-cased, trimmed).
func SupportedEncoding(enc string) bool {
	switch enc {
	case "", "identity", "gzip", "x-gzip", "deflate":
		return true
	}
	return false
}

// ReadBody checks a body as received against the limit and undoes its
// content-encoding under the same limit.
func ReadBody(raw []byte, enc string, limit int) ([]byte, *Failure) {
	if len(raw) > limit {
		return nil, &Failure{Reason: "body_too_large", Detail: "body over " + strconv.Itoa(limit) + " bytes"}
	}
	return decodeBody(raw, enc, limit)
}

// decodeBody undoes a content-encoding, refusing output over limit (a
// small gzip body can inflate to gigabytes). Its failures follow on_error:
// decoding is the filter's own capability.
func decodeBody(b []byte, enc string, limit int) ([]byte, *Failure) {
	var r io.Reader
	switch enc {
	case "", "identity":
		return b, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, &Failure{Reason: "decode_error", Detail: "gzip: " + err.Error()}
		}
		r = zr
	case "deflate":
		// HTTP "deflate" is zlib-wrapped; some servers send raw deflate.
		if zr, err := zlib.NewReader(bytes.NewReader(b)); err == nil {
			r = zr
		} else {
			r = flate.NewReader(bytes.NewReader(b))
		}
	default:
		return nil, &Failure{Reason: "unsupported_encoding", Detail: "content-encoding " + wire.QuoteShort([]byte(enc))}
	}
	out, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, &Failure{Reason: "decode_error", Detail: enc + ": " + err.Error()}
	}
	if len(out) > limit {
		return nil, &Failure{Reason: "body_too_large", Detail: "decoded body over " + strconv.Itoa(limit) + " bytes"}
	}
	return out, nil
}
