package rules

import (
	"strconv"

	"github.com/aisecops/aisecops/internal/wire"
)

// Format is the API a body speaks.
type Format = wire.Format

// The formats.
const (
	FormatUnknown         = wire.FormatUnknown
	FormatOpenAIChat      = wire.FormatOpenAIChat
	FormatOpenAIResponses = wire.FormatOpenAIResponses
	FormatAnthropic       = wire.FormatAnthropic
	FormatMCP             = wire.FormatMCP
	FormatA2A             = wire.FormatA2A
)

// ParseFormat maps a format name (as printed by String) to a Format.
func ParseFormat(s string) (Format, error) { return wire.ParseFormat(s) }

// Direction says whether a body travels toward the upstream or back.
type Direction = wire.Direction

// The directions.
const (
	Request  = wire.Request
	Response = wire.Response
)

// quote quotes s for an error message, bounded to 64 bytes.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return strconv.Quote(s)
}
