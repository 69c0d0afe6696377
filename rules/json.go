package rules

import "github.com/aisecops/aisecops/internal/jsonx"

// The strict JSON layer lives in internal/jsonx; these names keep the
// engine's API where callers find it.

// JSONErrorKind classifies why a body is not acceptable JSON.
type JSONErrorKind = jsonx.ErrorKind

// The kinds of JSONError (see jsonx.ErrorKind).
const (
	JSONSyntax       = jsonx.Syntax
	JSONInvalidUTF8  = jsonx.InvalidUTF8
	JSONTooDeep      = jsonx.TooDeep
	JSONDuplicateKey = jsonx.DuplicateKey
	JSONFoldedKey    = jsonx.FoldedKey
)

// JSONError is a typed error from CheckJSON.
type JSONError = jsonx.Error

// DefaultMaxDepth is the nesting limit when a policy sets none.
const DefaultMaxDepth = jsonx.DefaultMaxDepth

// CheckJSON validates body in one pass: grammar, UTF-8 in strings (lone
// surrogate escapes included), nesting depth, and duplicate keys in any
// object, exact or under encoding/json's case folding. It returns nil or a
// *JSONError.
func CheckJSON(body []byte, maxDepth int) error { return jsonx.Check(body, maxDepth) }

// CanonicalJSON re-encodes a valid JSON value with object keys sorted, no
// insignificant whitespace and minimal string escaping, so two documents
// that mean the same thing hash the same.
func CanonicalJSON(raw []byte) []byte { return jsonx.Canonical(raw) }

// QuoteJSON returns s as a JSON string literal.
func QuoteJSON(s string) string { return jsonx.Quote(s) }

// ArgsHash is the SHA-256 (hex) of the canonical form of a tool's arguments:
// what an approval is bound to.
func ArgsHash(args []byte) string { return jsonx.CanonicalHash(args) }

// Edit changes one span of a JSON body: Replace puts new JSON in place of
// [Start, End); RemoveElement deletes an array element and its separating
// comma.
type Edit = jsonx.Edit

// ApplyEdits applies non-overlapping edits; an edit nested inside a removed
// element is dropped. Edits that overlap otherwise are an error.
func ApplyEdits(body []byte, edits []Edit) ([]byte, error) { return jsonx.ApplyEdits(body, edits) }
