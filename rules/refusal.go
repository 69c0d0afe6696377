package rules

import "strings"

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
func (p *Policy) Refuse(f Format, status int, reason, message string, ids []string) Refusal {
	switch f {
	case FormatMCP, FormatA2A:
		one := func(id string) []byte {
			if id == "" {
				id = "null"
			}
			b := []byte(`{"jsonrpc":"2.0","id":` + id + `,"error":{"code":`)
			b = append(b, itoa(RPCPolicyError)...)
			b = append(b, `,"message":`...)
			b = appendJSONString(b, message)
			b = append(b, `,"data":{"reason":`...)
			b = appendJSONString(b, reason)
			b = append(b, `,"policy_version":`...)
			b = appendJSONString(b, p.cfg.PolicyVersion)
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
		b = appendJSONString(b, message+" ("+reason+")")
		return Refusal{Status: status, ContentType: "application/json", Body: append(b, "}}"...)}
	default:
		b := []byte(`{"error":{"message":`)
		b = appendJSONString(b, message)
		b = append(b, `,"type":"aisecops_policy","param":null,"code":`...)
		b = appendJSONString(b, reason)
		return Refusal{Status: status, ContentType: "application/json", Body: append(b, "}}"...)}
	}
}

// RefuseStream builds a server-sent error event that ends a refused LLM
// stream, in the format's own error shape.
func (p *Policy) RefuseStream(f Format, reason, message string) []byte {
	r := p.Refuse(f, 403, reason, message, nil)
	ev := SSEEvent{Data: string(r.Body)}
	if f == FormatAnthropic {
		ev.Event = "error"
	}
	return AppendSSE(nil, ev)
}

// StatusFor maps a verdict reason to the HTTP status of a refusal.
func StatusFor(reason string) int {
	switch reason {
	case "body_too_large":
		return 413
	case "unsupported_encoding":
		return 415
	case "invalid_json", "invalid_utf8", "too_deep", "bad_shape", "unknown_format", "ambiguous_json", "decode_error":
		return 400
	case "internal_error", "runner_error", "ambiguous_media_type", "ambiguous_stream":
		return 502
	}
	return 403
}

// RefusalMessage is the human sentence for a reason.
func RefusalMessage(reason string) string {
	switch reason {
	case "ambiguous_json":
		return "Request refused by AISecOps: the JSON body has duplicate keys and could be read two ways."
	case "tool_denied":
		return "Refused by AISecOps: a tool call is not allowed by policy."
	case "tool_approve", "approval_required":
		return "Refused by AISecOps: this tool call needs human approval, which was not given."
	case "tool_sandbox":
		return "Refused by AISecOps: this tool must run in the sandbox, which is not available."
	case "injection":
		return "Refused by AISecOps: untrusted content carries a prompt injection."
	case "approval_denied":
		return "Refused by AISecOps: a human denied this tool call."
	case "approval_expired":
		return "Refused by AISecOps: nobody approved this tool call in time."
	case "approval_not_usable":
		return "Refused by AISecOps: the approval does not match this tool call or was already used."
	case "runner_error":
		return "Refused by AISecOps: the sandbox-runner could not be reached."
	case "body_too_large":
		return "Refused by AISecOps: the body is larger than the inspection limit."
	case "unsupported_encoding":
		return "Refused by AISecOps: the body's content-encoding cannot be inspected."
	case "internal_error":
		return "Refused by AISecOps: the request could not be inspected."
	case "ambiguous_media_type":
		return "Refused by AISecOps: the upstream's content-type can be read two ways."
	case "ambiguous_stream":
		return "Refused by AISecOps: the upstream's event stream can be read two ways."
	}
	return "Refused by AISecOps: " + strings.ReplaceAll(reason, "_", " ") + "."
}
