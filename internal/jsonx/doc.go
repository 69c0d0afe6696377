// Package jsonx is the bottom layer of the engine: JSON as bytes. It holds
// the strict checker (grammar, UTF-8, depth, duplicate and case-folded
// keys), the tape the checker leaves for reading a body without rescanning
// it, canonical JSON and its hashes, JSON string quoting, and byte-span
// edits of a body.
//
// It knows nothing of APIs, policies or verdicts, and imports nothing of
// this module (internal/boundary TestLayersImportOnlyTheLayersBelow), nor any host, OS or network
// package: every layer above may use it, the compiled filter and the
// sandbox-runner alike. The checker and the tape are on every request's
// hot path: they allocate nothing for ordinary bodies, and their loops
// stay inside this package.
package jsonx
