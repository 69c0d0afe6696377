// Package inject is the context sanitizer's detector (layer 1): text in,
// findings and a score out. It normalises text (case, width, homoglyphs,
// invisible characters, leetspeak), decodes encoded runs (base64, hex,
// percent, entities, escapes, Morse, Caesar), matches phrase families in
// one pass with an automaton over token hashes, checks markup (hidden
// elements and comments, exfiltration URLs), and asks a small logistic
// model about sentence windows that address the model.
//
// No regexp runs on the text: the automaton and the decoders read each
// byte a bounded number of times, whatever the text repeats.
//
// Layer: below rules, beside wire and toolgate. It imports nothing of this
// module (the policy's phrases arrive as []Phrase), and never proxywasm,
// net/http, os or wazero. Training lives in inject/train, which only the
// CLI imports: the filter links the detector and its shipped model, not
// the code that fits it.
package inject
