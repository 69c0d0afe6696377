package rules

import (
	"github.com/aisecops/aisecops/internal/jsonx"
	"github.com/aisecops/aisecops/internal/wire"
)

// Refusal is a protocol-correct answer that replaces a refused request or
// response: the agent's SDK sees an error it knows how to raise.
type Refusal struct {
	Status      int
	ContentType string
	Body        []byte
}

// JSON-RPC error code for a call refused by policy (implementation-defined
// server error range).
const RPCPolicyError = -32001

// Refuse builds the refusal for a body of format f. ids are the raw JSON
// ids of the JSON-RPC requests being refused (nil: a single error with id
// null). message is a short human sentence; reason the stable code.
func (p *Policy) Refuse(f Format, status int, reason Reason, message string, ids []string) Refusal {
	switch f {
	case FormatMCP, FormatA2A:
		one := func(id string) []byte {
			if id == "" {
				id = "null"
			}
			b := []byte(`{"jsonrpc":"2.0","id":` + id + `,"error":{"code":`)
			b = append(b, itoa(RPCPolicyError)...)
			b = append(b, `,"message":`...)
			b = jsonx.AppendString(b, message)
			b = append(b, `,"data":{"reason":`...)
			b = jsonx.AppendString(b, string(reason))
			b = append(b, `,"policy_version":`...)
			b = jsonx.AppendString(b, p.cfg.PolicyVersion)
			return append(b, "}}}"...)
		}
		var body []byte
		if len(ids) > 1 {
			body = append(body, '[')
			for i, id := range ids {
				if i > 0 {
					body = append(body, ',')
				}
				body = append(body, one(id)...)
			}
			body = append(body, ']')
		} else {
			id := ""
			if len(ids) == 1 {
				id = ids[0]
			}
			body = one(id)
		}
		// JSON-RPC errors travel in a successful HTTP exchange.
		return Refusal{Status: 200, ContentType: "application/json", Body: body}
	case FormatAnthropic:
		typ := "permission_error"
		switch status {
		case 400, 415:
			typ = "invalid_request_error"
		case 413:
			typ = "request_too_large"
		}
		b := []byte(`{"type":"error","error":{"type":"` + typ + `","message":`)
		b = jsonx.AppendString(b, message+" ("+string(reason)+")")
		return Refusal{Status: status, ContentType: "application/json", Body: append(b, "}}"...)}
	default:
		b := []byte(`{"error":{"message":`)
		b = jsonx.AppendString(b, message)
		b = append(b, `,"type":"aisecops_policy","param":null,"code":`...)
		b = jsonx.AppendString(b, string(reason))
		return Refusal{Status: status, ContentType: "application/json", Body: append(b, "}}"...)}
	}
}

// RefuseStream builds a server-sent error event that ends a refused LLM
// stream, in the format's own error shape.
func (p *Policy) RefuseStream(f Format, reason Reason, message string) []byte {
	r := p.Refuse(f, 403, reason, message, nil)
	ev := wire.SSEEvent{Data: string(r.Body)}
	if f == FormatAnthropic {
		ev.Event = "error"
	}
	return wire.AppendSSE(nil, ev)
}
