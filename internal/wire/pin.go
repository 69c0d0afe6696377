package wire

import (
	"errors"
	"strings"

	"github.com/aisecops/aisecops/internal/jsonx"
)

// PinVersion prefixes every tool pin. v2 pins the whole tool definition;
// v1 (a bare SHA-256 of name, description and input schema) left the
// title, annotations, output schema and _meta free to change.
const PinVersion = "v2:"

// ToolPinHash is what a tool is pinned by: "v2:" and the SHA-256 (hex) of
// its whole definition in canonical form (CanonicalJSON: keys sorted, no
// insignificant whitespace), so that a server that changes anything in a
// tool after it was approved ("rug pull") changes its pin. A declaration
// without its definition (not from an MCP tools/list) is pinned as the
// definition {"description", "inputSchema", "name"} it stands for.
func ToolPinHash(d ToolDecl) string {
	def := d.Def
	if def == "" {
		schema := "null"
		if len(d.Schema) > 0 {
			schema = string(d.Schema)
		}
		def = `{"description":` + jsonx.Quote(d.Description) + `,"inputSchema":` + schema + `,"name":` + jsonx.Quote(d.Name) + `}`
	}
	return PinVersion + jsonx.SHA256Hex(jsonx.Canonical([]byte(def)))
}

// CheckToolPin validates a configured pin: "v2:" and 64 hex digits.
func CheckToolPin(pin string) error {
	h, ok := strings.CutPrefix(strings.ToLower(pin), PinVersion)
	switch {
	case !ok && len(pin) == 64 && allHex(pin):
		return errors.New("pin " + quote(pin) + " is a v1 pin (name, description and input schema only); " +
			"tools are now pinned whole: recompute the pins with `aisecops pin --server <authority/path> tools-list.json`")
	case !ok || len(h) != 64 || !allHex(h):
		return errors.New("invalid pin " + quote(pin) + `: want "v2:" and a SHA-256 in hex (see aisecops pin)`)
	}
	return nil
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if unhex(s[i]) < 0 {
			return false
		}
	}
	return true
}
