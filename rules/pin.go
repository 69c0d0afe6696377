package rules

import "github.com/aisecops/aisecops/internal/wire"

// PinVersion prefixes every tool pin.
const PinVersion = wire.PinVersion

// ToolPinHash is what a tool is pinned by (see wire.ToolPinHash).
func ToolPinHash(d ToolDecl) string { return wire.ToolPinHash(d) }

// PinServer is the server a tool pin is kept under (see wire.PinServer).
func PinServer(authority, path string) string { return wire.PinServer(authority, path) }
