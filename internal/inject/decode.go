package inject

import (
	"encoding/base64"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits of decoding per segment: encoded runs are decoded at most two
// levels deep and to at most maxDecoded bytes in all.
const (
	maxDecoded   = 64 << 10
	minBase64Run = 20
	minHexRun    = 24
	minBinaryRun = 4 // bytes
)

// encodedRun is a span of text that decodes (via names how) to decoded.
type encodedRun struct {
	start, end int
	via        string
	decoded    string
}

// collectRuns finds encoded runs in text and decodes them; scanRuns scans
// those that turn out to be readable text like the rest, reporting
// evidence found inside over the span of the encoded run.
//
// It does not walk every byte: base64 and hex candidates are found from
// the tokens the tokenizer already produced (a run of 20+ encoded
// characters always contains a long alphanumeric token), and percent,
// entity and escape runs by jumping between their lead bytes.
func (s *Scanner) collectRuns(text string, toks []token) []encodedRun {
	type run = encodedRun
	var runs []run
	lastEnd := -1
	// Only tokens of minLongToken bytes can start a run; the tokenizer
	// listed them (s.tk.long), so the rest are not visited.
	for _, ti := range s.tk.long {
		t := toks[ti]
		start, end := int(t.start), int(t.end)
		if start < lastEnd {
			continue
		}
		// Bytes written in binary, eight digits each, spaced or not.
		if isBit(text[start]) {
			if e, dec, n := binaryRun(text, start); n >= minBinaryRun {
				runs = append(runs, run{start, e, "binary", dec})
				lastEnd = e
				continue
			}
		}
		if end-start < minLongToken || !isB64(text[start]) {
			continue
		}
		for start > 0 && isB64Run(text[start-1]) {
			start--
		}
		j := start
		for j < len(text) && isB64Run(text[j]) {
			j++
		}
		// A run that starts or ends in '-' may have run into the markup
		// around it: an HTML comment ("<!--SGVs...L2E+-->"), or any '-'
		// after a run of the standard alphabet ('+', '/'), which has none.
		if start >= 2 && strings.HasPrefix(text[start-2:], "<!--") {
			start += 2
		}
		if j-start > 2 && strings.HasPrefix(text[j-2:], "-->") {
			j -= 2
		} else if text[j-1] == '-' && strings.ContainsAny(text[start:j], "+/") {
			for j > start && text[j-1] == '-' {
				j--
			}
		}
		hexOnly := true
		for i := start; i < j && hexOnly; i++ {
			hexOnly = isHex(text[i])
		}
		k := j
		for k < len(text) && text[k] == '=' && k-j < 2 {
			k++
		}
		lastEnd = k
		r := text[start:j]
		switch {
		case hexOnly && len(r) >= minHexRun:
			// An odd length lost a digit somewhere: the bytes before it
			// still decode (see readablePrefix).
			runs = append(runs, run{start, j, "hex", hexDecode(r[:len(r)&^1])})
		case len(r) >= minBase64Run && hasB64Mix(r):
			if dec, ok := b64Decode(text[start:k]); ok {
				runs = append(runs, run{start, k, "base64", dec})
			}
		}
	}
	// The tokenizer saw every byte: a search for a mark it did not see
	// would find nothing.
	marks := s.tk.flags.marks
	for i := indexIf(marks&markPercent != 0, text, "%"); i >= 0 && i < len(text); {
		if i+2 < len(text) && isHex(text[i+1]) && isHex(text[i+2]) {
			end, dec, n := percentRun(text, i)
			if n >= 4 {
				runs = append(runs, run{i, end, "percent", dec})
			}
			i = max(end, i+1)
		} else {
			i++
		}
		if j := strings.IndexByte(text[i:], '%'); j >= 0 {
			i += j
		} else {
			break
		}
	}
	for i := indexIf(marks&markEntity != 0, text, "&#"); i >= 0 && i < len(text); {
		end, dec, n := entityRun(text, i)
		if n >= 4 {
			runs = append(runs, run{i, end, "html_entities", dec})
		}
		i = max(end, i+1)
		if j := strings.Index(text[i:], "&#"); j >= 0 {
			i += j
		} else {
			break
		}
	}
	for i := indexIf(marks&markBackslash != 0, text, "\\"); i >= 0 && i+1 < len(text); {
		next := i + 1
		if text[i+1] == 'u' || text[i+1] == 'x' {
			end, dec, n := escapeRun(text, i)
			if n >= 2 {
				runs = append(runs, run{i, end, "escapes", dec})
			}
			next = max(end, i+1)
		}
		j := strings.IndexByte(text[next:], '\\')
		if j < 0 {
			break
		}
		i = next + j
	}
	// Morse code: any real run contains ".-" or "-.", which a fast
	// substring search rules out for ordinary text.
	if marks&markMorse != 0 {
		for i := 0; i < len(text); {
			j := strings.IndexAny(text[i:], ".-")
			if j < 0 {
				break
			}
			i += j
			end, dec, n := morseRun(text, i)
			if n >= 4 {
				runs = append(runs, run{i, end, "morse", dec})
			}
			i = max(end, i+1)
		}
	}
	if s.tk.flags.ay >= 3 {
		runs = appendPigLatin(text, toks, runs)
	}
	return runs
}

// caesarWords are words that English prose and injections are full of.
// Their shifts by 1 to 25 letters are marked in the lexicon, so a text
// written in a Caesar cipher or ROT13 ("Lpsruh suhylrxv lqvwuxfwlrqv dqg
// vwdwh", "Vtaber cerivbhf vafgehpgvbaf") shows itself in the tokens the
// tokenizer already looked up, at no cost to other text.
var caesarWords = strings.Fields(`the and you your that this for are with not what
	is of to in it be ignore previous instructions password secret system prompt`)

// addCaesarWords marks every shift of caesarWords with its shift. A
// shifted word that is also a word of some language ("up" is "to" shifted
// by one) only votes: a run takes several near each other (appendCaesar).
func addCaesarWords(l *lexicon) {
	b := make([]byte, 0, 16)
	for _, w := range caesarWords {
		for k := 1; k < 26; k++ {
			b = b[:0]
			for i := 0; i < len(w); i++ {
				b = append(b, 'a'+(w[i]-'a'+byte(k))%26)
			}
			for _, h := range tokenHashes(string(b)) {
				if l.get(h)&lexCaesar == 0 {
					l.or(h, uint32(k)<<lexCaesarShift)
				}
			}
		}
	}
}

// Bounds of a Caesar run: at least minCaesarVotes different shifted
// words with one shift, each within caesarGap tokens of the last, making
// at least one token in caesarDensity. Different words: "set up the GPS
// and looked up" has three votes for a shift of one, from two words.
const (
	minCaesarVotes = 3
	caesarGap      = 12
	caesarDensity  = 4
)

// appendCaesar finds clusters of tokens that are caesarWords shifted by
// one shift, and decodes the sentences they span by shifting their
// letters back.
func appendCaesar(text string, toks []token, runs []encodedRun) []encodedRun {
	var first, last, votes [26]int32
	var seen [26][minCaesarVotes]uint64 // the first different words voting
	var distinct [26]int
	flush := func(k int) {
		if distinct[k] >= minCaesarVotes && last[k]-first[k]+1 <= caesarDensity*votes[k] {
			// The run is the sentences its words are in: a cipher's own
			// words between the shifted ones decode with them.
			i, j := first[k], last[k]
			for i > 0 && toks[i-1].sent == toks[first[k]].sent {
				i--
			}
			for j+1 < int32(len(toks)) && toks[j+1].sent == toks[last[k]].sent {
				j++
			}
			start, end := int(toks[i].start), int(toks[j].end)
			runs = append(runs, encodedRun{start, end, caesarVia(k), unshift(text[start:end], k)})
		}
		votes[k], distinct[k] = 0, 0
	}
	for i := range toks {
		k := toks[i].caesar()
		if k == 0 {
			continue
		}
		if votes[k] > 0 && int32(i)-last[k] > caesarGap {
			flush(k)
		}
		if votes[k] == 0 {
			first[k] = int32(i)
		}
		last[k] = int32(i)
		votes[k]++
		if d := distinct[k]; d < minCaesarVotes && !slices.Contains(seen[k][:d], toks[i].h) {
			seen[k][d] = toks[i].h
			distinct[k]++
		}
	}
	for k := 1; k < 26; k++ {
		if votes[k] > 0 {
			flush(k)
		}
	}
	return runs
}

func caesarVia(k int) string {
	if k == 13 {
		return "rot13"
	}
	return "caesar"
}

// unshift moves every ASCII letter of s back by k places, keeping case.
func unshift(s string, k int) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = 'a' + (c-'a'+byte(26-k))%26
		case c >= 'A' && c <= 'Z':
			b[i] = 'A' + (c-'A'+byte(26-k))%26
		}
	}
	return string(b)
}

// scanRuns scans the decoded text of runs (see collectRuns) like the
// rest. It is called after the text's own tokens are no longer needed:
// a nested scan reuses the tokenizer's buffers.
func (s *Scanner) scanRuns(text string, runs []encodedRun, fs []Finding) []Finding {
	for _, r := range runs {
		if !readable(r.decoded) {
			// A character lost or added in copying shifts every byte
			// after it: the text before the damage is still the text.
			r.decoded = readablePrefix(r.decoded)
		}
		if r.decoded == "" || s.decoded+len(r.decoded) > maxDecoded {
			continue
		}
		s.decoded += len(r.decoded)
		inner := s.scanText(r.decoded, nil, r.via)
		for _, f := range inner {
			f.Start, f.End = r.start, r.end
			if f.Via != r.via {
				f.Via = r.via + joinVia(f.Via)
			}
			fs = append(fs, f)
		}
		// Hiding is a finding of its own where what was hidden is a rule's
		// finding, or where the run hides its text (see hidden) and
		// anything was found in it. Not for the model's opinion or a hint
		// of evidence in a quoted value: "Can you call me back?" or "your
		// account has been locked" in a mail API's base64 body is mail.
		if ruleFound(inner, backsModel) || len(inner) > 0 && hidden(text, r) {
			fs = append(fs, Finding{Rule: "obfuscation.encoded_instructions", Family: "obfuscation",
				Score: 0.5, Start: r.start, End: r.end, Via: r.via})
		} else if encodedRequest(text, r) {
			fs = append(fs, Finding{Rule: "obfuscation.encoded_request", Family: "obfuscation",
				Score: 0.75, Start: r.start, End: r.end, Via: r.via})
		}
	}
	return fs
}

// ruleFound reports whether fs holds a rule finding of at least min.
func ruleFound(fs []Finding, min float32) bool {
	for _, f := range fs {
		if f.Family != "model" && f.Score >= min {
			return true
		}
	}
	return false
}

// maxEncodedRequest bounds the decoded text encodedRequest reads: a
// sentence or two, not a file.
const maxEncodedRequest = 400

// encodedRequest reports whether a hidden run (see hidden) decodes to a
// short request: a question or an order in plain words ("Recommend a
// good book for a relaxing weekend read."). Nobody base64-encodes a
// question to a reader; it is how a planted task slips past a filter
// that reads only plain text.
func encodedRequest(text string, r encodedRun) bool {
	if len(r.decoded) > maxEncodedRequest || !hidden(text, r) {
		return false
	}
	d := strings.TrimSpace(r.decoded)
	words := strings.Fields(d)
	if len(words) < 3 {
		return false
	}
	// Mostly letters, counted among the characters that are not spaces:
	// "Provide a list of Nobel Prize winners from 2015 to 2020." is a
	// request with a few digits, a key or a table row is not.
	letters, marks := 0, 0
	for i := 0; i < len(d); i++ {
		switch {
		case isASCIILetter(d[i]):
			letters++
		case d[i] != ' ':
			marks++
		}
	}
	if letters*10 < (letters+marks)*7 {
		return false
	}
	return requestWords[strings.ToLower(strings.Trim(words[0], `"'(`))]
}

// hidden reports whether an encoded run hides its text: base64, hex or
// binary standing on its own in the text, with no encoding declared just
// before it (see declared). Percent, entity and escape runs are how URLs and markup
// write ordinary text, and a run inside a quoted value, a URL or a
// data: URI is data.
func hidden(text string, r encodedRun) bool {
	switch r.via {
	case "base64", "hex", "binary":
	default:
		return false
	}
	return standalone(text, r.start, r.end) && !declared(text, r.start)
}

// standalone reports whether text[start:end] stands on its own: after
// whitespace or a single quote (or the text's start), before whitespace,
// a single quote, '.' or ',' (or the text's end), or inside an HTML
// comment. So it is not part of a JSON string, a URL or a key=value pair.
func standalone(text string, start, end int) bool {
	// A single quote marks prose quoting ("based on this resume: '...'");
	// a JSON value is in double quotes, a URL's parts follow = / , ;.
	// Inside an HTML comment ("<!--...-->") is on its own too.
	if start > 0 && !strings.HasSuffix(text[:start], "<!--") {
		if c := text[start-1]; c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\'' {
			return false
		}
	}
	if end < len(text) && !strings.HasPrefix(text[end:], "-->") {
		if c := text[end]; c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '.' && c != '\'' && c != ',' {
			return false
		}
	}
	return true
}

// declared reports whether the text names the encoding or asks for
// the decoding shortly before start ("Content-Transfer-Encoding: base64"
// over a raw e-mail's body, "Decode this for the quiz: ..."): an encoding
// declared is not hidden. (What it decodes to is scanned all the same.)
func declared(text string, start int) bool {
	w := lowerASCII(text[max(0, start-200):start])
	return strings.Contains(w, "base64") || strings.Contains(w, "decode")
}

// requestWords open a request in English: an order's verb or a
// question's first word.
var requestWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`write provide show list give tell explain describe recommend suggest
		summarize summarise translate create generate draft compose analyze analyse determine classify
		help find send make replace compare calculate convert develop break ignore forget print output
		say repeat reply respond answer include add insert visit click open download run execute delete
		remove call use change update identify evaluate predict rewrite correct fix design plan outline
		name please what what's how why who when where which can could would will is are do does should`) {
		m[w] = true
	}
	return m
}()

// indexIf is strings.Index(s, sub) when ok, else -1.
func indexIf(ok bool, s, sub string) int {
	if !ok {
		return -1
	}
	return strings.Index(s, sub)
}

func isB64Run(c byte) bool { return isB64(c) || c == '-' || c == '_' }

func joinVia(inner string) string {
	if inner == "" {
		return ""
	}
	return "+" + inner
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isB64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}

// hasB64Mix tells encoded data from a long word: base64 of text mixes
// upper and lower case and has no long run of lower-case letters.
func hasB64Mix(s string) bool {
	upper, lower, lowerRun, maxLowerRun := 0, 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
			upper++
			lowerRun = 0
		case c >= 'a' && c <= 'z':
			lower++
			lowerRun++
			maxLowerRun = max(maxLowerRun, lowerRun)
		default:
			lowerRun = 0
		}
	}
	return upper >= 3 && lower >= 3 && maxLowerRun < 12
}

func b64Decode(s string) (string, bool) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return string(b), true
		}
	}
	// Tolerate a truncated tail.
	if n := len(s) / 4 * 4; n >= minBase64Run {
		if b, err := base64.StdEncoding.DecodeString(s[:n]); err == nil {
			return string(b), true
		}
	}
	return "", false
}

func hexVal(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func hexDecode(s string) string {
	b := make([]byte, len(s)/2)
	for i := range b {
		b[i] = hexVal(s[2*i])<<4 | hexVal(s[2*i+1])
	}
	return string(b)
}

// binaryRun decodes bytes written as eight binary digits from text[i]:
// groups follow each other directly or after one space, and the run ends
// at the first group that is not eight digits. n counts the bytes.
func binaryRun(text string, i int) (end int, dec string, n int) {
	var b []byte
	end = i
	for i+8 <= len(text) {
		var c byte
		for k := i; k < i+8; k++ {
			if !isBit(text[k]) {
				return end, string(b), len(b)
			}
			c = c<<1 | (text[k] - '0')
		}
		// A group runs on only into the next group: eight digits followed
		// by other digits or letters ("010010012", "01001001x") are no byte.
		if i+8 < len(text) {
			if d := text[i+8]; d >= '2' && d <= '9' || d|0x20 >= 'a' && d|0x20 <= 'z' {
				break
			}
		}
		b = append(b, c)
		i += 8
		end = i
		if i+1 < len(text) && text[i] == ' ' && isBit(text[i+1]) {
			i++
		}
	}
	return end, string(b), len(b)
}

// percentRun decodes a run of text that contains %XX escapes; n counts them.
func percentRun(text string, i int) (end int, dec string, n int) {
	var b []byte
	j := i
	for j < len(text) {
		c := text[j]
		if c == '%' && j+2 < len(text) && isHex(text[j+1]) && isHex(text[j+2]) {
			b = append(b, hexVal(text[j+1])<<4|hexVal(text[j+2]))
			j += 3
			n++
			continue
		}
		if c <= ' ' || c == '"' || c == '<' || c == '>' {
			break
		}
		if c == '+' {
			c = ' '
		}
		b = append(b, c)
		j++
	}
	return j, string(b), n
}

// entityRun decodes consecutive numeric HTML entities (&#105; &#x69;).
func entityRun(text string, i int) (end int, dec string, n int) {
	var b []byte
	j := i
	for j+2 < len(text) && text[j] == '&' && text[j+1] == '#' {
		k := j + 2
		hex := k < len(text) && (text[k] == 'x' || text[k] == 'X')
		if hex {
			k++
		}
		var r rune
		digits := 0
		for k < len(text) && digits < 7 {
			c := text[k]
			if hex && isHex(c) {
				r = r*16 + rune(hexVal(c))
			} else if !hex && c >= '0' && c <= '9' {
				r = r*10 + rune(c-'0')
			} else {
				break
			}
			k++
			digits++
		}
		if digits == 0 || k >= len(text) || text[k] != ';' || !utf8.ValidRune(r) {
			break
		}
		b = utf8.AppendRune(b, r)
		j = k + 1
		n++
		// Allow plain characters between entities (partial encoding).
		for j < len(text) && text[j] != '&' && text[j] != '<' && text[j] != '\n' && j-i < 4096 && n > 0 {
			if text[j] == ' ' || isB64(text[j]) {
				b = append(b, text[j])
				j++
				continue
			}
			break
		}
	}
	return j, string(b), n
}

// escapeRun decodes literal \uXXXX and \xXX escapes (JSON text embedded in
// a string, or code), keeping the plain characters between them.
func escapeRun(text string, i int) (end int, dec string, n int) {
	var b []byte
	j := i
	for j < len(text) && j-i < 4096 {
		if text[j] == '\\' && j+1 < len(text) {
			switch text[j+1] {
			case 'u':
				if j+6 <= len(text) && isHex(text[j+2]) && isHex(text[j+3]) && isHex(text[j+4]) && isHex(text[j+5]) {
					r := rune(hexVal(text[j+2]))<<12 | rune(hexVal(text[j+3]))<<8 | rune(hexVal(text[j+4]))<<4 | rune(hexVal(text[j+5]))
					b = utf8.AppendRune(b, r)
					j += 6
					n++
					continue
				}
			case 'x':
				if j+4 <= len(text) && isHex(text[j+2]) && isHex(text[j+3]) {
					b = append(b, hexVal(text[j+2])<<4|hexVal(text[j+3]))
					j += 4
					n++
					continue
				}
			case 'n', 't', 'r', '"', '\\', '/':
				b = append(b, ' ')
				j += 2
				continue
			}
		}
		c := text[j]
		if c == '\n' {
			break
		}
		b = append(b, c)
		j++
	}
	return j, string(b), n
}

var morseCodes = map[string]byte{
	".-": 'a', "-...": 'b', "-.-.": 'c', "-..": 'd', ".": 'e', "..-.": 'f', "--.": 'g', "....": 'h',
	"..": 'i', ".---": 'j', "-.-": 'k', ".-..": 'l', "--": 'm', "-.": 'n', "---": 'o', ".--.": 'p',
	"--.-": 'q', ".-.": 'r', "...": 's', "-": 't', "..-": 'u', "...-": 'v', ".--": 'w', "-..-": 'x',
	"-.--": 'y', "--..": 'z', ".----": '1', "..---": '2', "...--": '3', "....-": '4', ".....": '5',
	"-....": '6', "--...": '7', "---..": '8', "----.": '9', "-----": '0', "..--..": '?', ".-.-.-": '.',
	"--..--": ',', ".----.": '\'',
}

// morseRun decodes a run of Morse code starting at text[i]: letters are
// groups of dots and dashes separated by a space, words by '/', '|' or
// two spaces. n counts decoded letters; a run with an unknown group is
// not Morse (a row of dashes, an ellipsis).
func morseRun(text string, i int) (end int, dec string, n int) {
	var b []byte
	j := i
	for j < len(text) && j-i < 4096 {
		k := j
		for k < len(text) && (text[k] == '.' || text[k] == '-') && k-j < 8 {
			k++
		}
		if k == j {
			break
		}
		c, ok := morseCodes[text[j:k]]
		if !ok {
			break
		}
		b = append(b, c)
		n++
		end = k
		// Separators: one space between letters; '/', '|' or more spaces
		// between words.
		sp, word := 0, false
		for k < len(text) && (text[k] == ' ' || text[k] == '/' || text[k] == '|') {
			word = word || text[k] != ' '
			sp++
			k++
		}
		if sp == 0 || k >= len(text) || (text[k] != '.' && text[k] != '-') {
			break
		}
		if word || sp > 1 {
			b = append(b, ' ')
		}
		j = k
	}
	if n < 4 {
		return i + 1, "", 0
	}
	return end, string(b), n
}

// appendPigLatin finds runs of words mostly in Pig Latin ("ethay
// asswordpay") among the tokens and turns them back into English: a word
// ending in "yay" or "way" drops it, one ending in "ay" moves the
// consonants before it to the front. Ordinary words that end in "ay"
// (today, play, Friday) rarely make three in four of a run.
func appendPigLatin(text string, toks []token, runs []encodedRun) []encodedRun {
	for i := 0; i < len(toks); {
		if !toks[i].ay() {
			i++
			continue
		}
		// Extend while at least three in four words are Pig Latin.
		j, pig := i, 0
		for k := i; k < len(toks) && k-i < 256; k++ {
			if toks[k].ay() {
				pig++
				j = k + 1
			} else if (k+1-i)*3 > pig*4+3 {
				break
			}
		}
		if pig >= 3 && pig*4 >= (j-i)*3 {
			var b []byte
			for k := i; k < j; k++ {
				w := strings.ToLower(text[toks[k].start:toks[k].end])
				if toks[k].ay() {
					w = unPig(w)
				}
				if k > i {
					b = append(b, ' ')
				}
				b = append(b, w...)
			}
			runs = append(runs, encodedRun{int(toks[i].start), int(toks[j-1].end), "pig_latin", string(b)})
		}
		i = max(j, i+1)
	}
	return runs
}

func unPig(w string) string {
	stem := w[:len(w)-2]
	if strings.HasSuffix(w, "yay") || strings.HasSuffix(w, "way") {
		return w[:len(w)-3]
	}
	// The moved consonants are the word's onset: take the longest tail
	// of the stem that is one ("asswordp" -> "p", "eth" -> "th").
	for n := min(3, len(stem)-1); n >= 1; n-- {
		if onsets[stem[len(stem)-n:]] {
			return stem[len(stem)-n:] + stem[:len(stem)-n]
		}
	}
	return stem
}

// onsets are the consonant clusters English words begin with.
var onsets = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range "bcdfghjklmnpqrstvwxz" {
		m[string(c)] = true
	}
	for _, o := range strings.Fields("th sh ch wh ph st str sp spr spl sc scr sk sl sm sn sw tw tr dr pr br cr gr fr bl cl fl gl pl thr shr sch kn wr gn qu squ") {
		m[o] = true
	}
	return m
}()

// readable reports whether decoded bytes are text worth scanning: mostly
// valid UTF-8 and printable, with some letters.
func readable(s string) bool {
	if len(s) < 4 {
		return false
	}
	// A damaged byte or two (a character lost in copying shifts the rest
	// of a base64 run) does not make the text around them unreadable.
	letters, bad := 0, 0
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			bad++
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f:
			letters++
		case r < 0x20 && r != '\n' && r != '\r' && r != '\t':
			bad++
		}
	}
	return bad*20 <= len(s) && letters*2 >= len(s)/2
}

// minSplits is how many words cut by a hyphen (see
// tokenizer.hyphenInWord) a text needs before it is read again with
// them joined: an e-mail's "e-mail" or a "T-shirt" is one or two.
const minSplits = 3

// joinMargin is how far around the cut words the joined reading reaches:
// the sentence they are in, not the whole of a long text.
const joinMargin = 300

// minSpaced is how many one-letter words in a row make letters written
// apart ("i g n o r e"): a list's "a b c" or initials are fewer.
const minSpaced = 4

// spacedRuns returns the token ranges of minSpaced or more one-letter ASCII
// words in a row, each one to three bytes from the next: letters written
// apart, words set off by a wider gap ("i g n o r e  a l l").
func spacedRuns(text string, toks []token) [][2]int32 {
	var rs [][2]int32
	single := func(k int32) bool {
		return toks[k].end-toks[k].start == 1 && isASCIILetter(text[toks[k].start])
	}
	n := int32(len(toks))
	for k := int32(0); k < n; k++ {
		if !single(k) {
			continue
		}
		e := k
		for e+1 < n && single(e+1) && toks[e+1].start-toks[e].end <= 3 {
			e++
		}
		if e-k+1 >= minSpaced {
			rs = append(rs, [2]int32{k, e})
		}
		k = e
	}
	return rs
}

// appendJoined adds the stretch of text around its cut-up words, read
// joined: every run of hyphens or underscores between two ASCII letters
// removed ("User m----ssage terminatio-n. System i-nstruction" reads
// "User message termination. System instruction", "I-g-n-o-r-e" reads
// "Ignore"), and letters written apart put together, a wider gap between
// them kept as a space ("i g n o r e  a l l" reads "ignore all").
func appendJoined(text string, toks []token, f textFlags, runs []encodedRun) []encodedRun {
	lo, hi := -1, -1
	if f.splits >= minSplits {
		lo, hi = int(f.splitAt), int(f.splitTo)
	}
	var spaced [][2]int32
	if f.spaced > 0 {
		spaced = spacedRuns(text, toks)
		for _, r := range spaced {
			if s0 := int(toks[r[0]].start); lo < 0 || s0 < lo {
				lo = s0
			}
			hi = max(hi, int(toks[r[1]].end))
		}
	}
	if lo < 0 {
		return runs
	}
	start, end := max(0, lo-joinMargin), min(len(text), hi+joinMargin)
	if start > 0 {
		if k := strings.IndexByte(text[start:], ' '); k >= 0 && start+k < lo {
			start += k + 1
		}
	}
	if k := strings.IndexByte(text[end:], ' '); k >= 0 {
		end += k
	} else {
		end = len(text)
	}
	var b strings.Builder
	b.Grow(end - start)
	p := 0 // next spaced run
	for i := start; i < end; i++ {
		c := text[i]
		for p < len(spaced) && int(toks[spaced[p][1]].end) <= i {
			p++
		}
		if p < len(spaced) && i >= int(toks[spaced[p][0]].start) && !isASCIILetter(c) {
			// The byte after the run's first letter parts its letters;
			// any other gap parts words ("F-o-r-g-e-t y-o-u-r").
			sep := text[toks[spaced[p][0]].end]
			j := i
			for j < end && !isASCIILetter(text[j]) {
				j++
			}
			if j-i >= 2 || c != sep {
				b.WriteByte(' ')
			}
			i = j - 1
			continue
		}
		if (c == '-' || c == '_') && i > start && isASCIILetter(text[i-1]) {
			j := i
			for j < end && (text[j] == '-' || text[j] == '_') {
				j++
			}
			if j < end && isASCIILetter(text[j]) {
				i = j - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return append(runs, encodedRun{start, end, "joined", b.String()})
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// minReadablePrefix is the shortest damaged run's readable start that is
// scanned: a few words, not the letters a random blob decodes to by chance.
const minReadablePrefix = 24

// readablePrefix returns the start of s up to its first undecodable byte
// or control character when that much is readable prose of at least
// minReadablePrefix bytes and five words, or "". Binary formats carry
// strings too (a certificate's "crl.example.net/root-r3.crl"), without
// the spaces of a sentence.
func readablePrefix(s string) string {
	for i, r := range s {
		if r == utf8.RuneError || r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
			if i >= minReadablePrefix && strings.Count(s[:i], " ") >= 4 && readable(s[:i]) {
				return s[:i]
			}
			return ""
		}
	}
	return ""
}

// hiddenAndExfil looks at markup in the raw text: instructions hidden from
// a human reader (HTML comments, hidden elements), Markdown or HTML
// images whose URL carries data out and, in untrusted text, markup that
// runs script set out after a colon for the reader to reproduce
// (scriptPayload).
func hiddenAndExfil(text string, marks uint8, untrusted bool) []Finding {
	var fs []Finding
	// Everything below needs a '<' (HTML) or a "](" (Markdown link), which
	// the tokenizer has looked for (marks).
	if marks&(markAngle|markLink) == 0 {
		return nil
	}
	// ASCII only: the marks searched for are ASCII, and strings.ToLower
	// changes the length of some text ("İ" is two bytes and lowercases to
	// three; invalid UTF-8 becomes U+FFFD), which would put every offset
	// after it past the evidence, or past the end of the text.
	low := lowerASCII(text)
	// HTML comments with words in them. "<! --" with a space (a copy or a
	// translation broke it) is still hidden: a browser reads "<!" and what
	// follows as a bogus comment, up to the next '>'.
	for off := 0; ; {
		i := strings.Index(low[off:], "<!")
		if i < 0 {
			break
		}
		i += off
		k := i + 2
		for k < len(low) && (low[k] == ' ' || low[k] == '\t') {
			k++
		}
		if !strings.HasPrefix(low[k:], "--") {
			off = i + 2
			continue
		}
		j := strings.Index(low[k+2:], "-->")
		end := len(low)
		if j >= 0 {
			end = k + 2 + j + 3
		}
		if wordCount(low[i:end]) >= 6 {
			fs = append(fs, Finding{Rule: "hidden.html_comment", Family: "hidden", Score: 0.45, Start: i, End: end})
		}
		off = end
		if j < 0 {
			break
		}
	}
	// Elements hidden by style or attribute. What a hidden element holds
	// is looked for within maxMarkupScan bytes of its tag, and a few
	// findings are evidence enough: a body of unclosed hidden tags must
	// not cost a scan to its end per tag.
	hidden, payloads := 0, 0
	m := newMarkupIndex(low)
	for off := 0; hidden < maxFindings; {
		i := strings.IndexByte(low[off:], '<')
		if i < 0 {
			break
		}
		i += off
		gt := m.gtAfter(i)
		if gt < 0 || gt-i >= maxMarkupScan {
			off = i + 1
			continue
		}
		tag := low[i : gt+1]
		off = gt + 1
		if untrusted && payloads < maxFindings && scriptPayload(text, i, tag) {
			fs = append(fs, Finding{Rule: "structure.script_markup", Family: "structure", Score: 0.8, Start: i, End: gt + 1})
			payloads++
		}
		if isHiddenTag(tag) {
			name := tagName(tag)
			end := off + len(window(low, off))
			if k := m.closeBefore(name, off, end); k >= 0 && name != "" {
				end = k
			}
			if hiddenProse(&m, off, end) >= 4 {
				fs = append(fs, Finding{Rule: "hidden.hidden_element", Family: "hidden", Score: 0.6, Start: i, End: end})
				hidden++
			}
		}
	}
	// Markdown images ![alt](url) and links [text](url); HTML img src.
	for off := 0; ; {
		i := strings.Index(low[off:], "](")
		if i < 0 {
			break
		}
		i += off
		j := strings.IndexByte(low[i+2:], ')')
		if j < 0 {
			break
		}
		url := text[i+2 : i+2+min(j, maxMarkupScan)]
		image := false
		if k := strings.LastIndex(low[max(0, i-200):i], "!["); k >= 0 {
			image = true
		}
		if score := exfilURLScore(url, image, false); score > 0 {
			rule := "exfiltration.markdown_link"
			if image {
				rule = "exfiltration.markdown_image"
			}
			fs = append(fs, Finding{Rule: rule, Family: "exfiltration", Score: score, Start: i + 2, End: i + 2 + j})
		}
		off = i + 2 + j
	}
	for off, images := 0, 0; images < maxFindings; {
		i := strings.Index(low[off:], "<img")
		if i < 0 {
			break
		}
		i += off
		s, gt := m.srcAfter(i), m.gtAfter(i)
		off = i + 4
		if s < 0 || s-i+4 > maxMarkupScan || (gt >= 0 && s > gt) {
			continue
		}
		s -= i
		u := window(text, i+s+4)
		if len(u) > 0 && (u[0] == '"' || u[0] == '\'') {
			q := u[0]
			u = u[1:]
			if k := strings.IndexByte(u, q); k >= 0 {
				u = u[:k]
			}
		} else if k := strings.IndexAny(u, " \t\r\n>"); k >= 0 {
			// An unquoted value ends at a space or the tag's end, as
			// HTML reads it: "<img src=http://a/b.gif border=0><br>"
			// is no URL with "<br>" in it.
			u = u[:k]
		}
		if score := exfilURLScore(u, true, false); score > 0 {
			fs = append(fs, Finding{Rule: "exfiltration.html_image", Family: "exfiltration", Score: score, Start: i, End: i + s + 4 + len(u)})
			images++
		}
	}
	return fs
}

// maxMarkupScan bounds how far past a tag the markup checks look.
const maxMarkupScan = 4 << 10

// lowerASCII lowercases A-Z and leaves every other byte, so offsets into
// the result are offsets into s.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// window returns s from i, at most maxMarkupScan bytes.
func window(s string, i int) string { return s[i:min(len(s), i+maxMarkupScan)] }

// exfilURLScore scores a URL for carrying data out. Content cannot know
// the user's data, so a URL in it carries data out only when the model is
// to fill it in: a named placeholder ("?q={conversation_history}",
// "<user_email>", "$SECRET"). A static query, however long ("?uri=
// github.com/org/repo", a badge's "?style=flat-square", an issue search
// link), is a README's, and was flagged as if it were data. Images load
// without a click, so they score higher than links, and a link's slot in
// the path is evidence only: issue templates write ".../milestone/<Release
// Milestone>" for a person to fill. In text the model wrote (filled), the
// slot may already hold the data: a query or fragment value that reads
// as data (filledQuery) counts as a slot.
func exfilURLScore(u string, image, filled bool) float32 {
	if !hasPrefixFold(u, "http://") && !hasPrefixFold(u, "https://") && !strings.HasPrefix(u, "//") {
		return 0
	}
	switch {
	case !hasPlaceholder(u) && !(filled && filledQuery(u)):
		return 0
	case image:
		return 0.9
	}
	// A link whose query value is a slot ("?disclaimer=<URL ENCODED
	// DISCLAIMER>") asks for data to be put in it; a slot in the path is
	// more often a template for a person.
	if q := strings.IndexByte(u, '?'); q >= 0 && hasPlaceholder(u[q:]) {
		return 0.75
	}
	return evidence
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// filledQuery reports whether a URL's query or fragment holds a value
// that reads as data rather than as an option: words (a space, "+" or
// "%20" between them), an e-mail address, 16 characters or more mixing
// letters and digits (a key, a token, base64), or 32 characters or more
// of anything. Options such as "?style=flat-square", "?w=1200&h=630" or
// "#section-2" hold none.
func filledQuery(u string) bool {
	q := strings.IndexAny(u, "?#")
	if q < 0 {
		return false
	}
	for _, part := range strings.FieldsFunc(u[q+1:], func(r rune) bool { return r == '&' || r == ';' || r == '?' || r == '#' }) {
		if k := strings.IndexByte(part, '='); k >= 0 {
			part = part[k+1:]
		}
		if dataValue(part) {
			return true
		}
	}
	return false
}

// dataValue reads one percent-encoded value (see filledQuery).
func dataValue(v string) bool {
	n, letters, digits := 0, 0, 0
	space, word := false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '%' && i+2 < len(v) && isHex(v[i+1]) && isHex(v[i+2]) {
			c = hexVal(v[i+1])<<4 | hexVal(v[i+2])
			i += 2
		}
		if c == '+' {
			c = ' '
		}
		n++
		switch {
		case c == '@':
			return true
		case c == ' ' || c == '\t' || c == '\n':
			space = word
		case c >= '0' && c <= '9':
			digits++
			word = true
		case c|0x20 >= 'a' && c|0x20 <= 'z' || c >= 0x80:
			letters++
			if space {
				return true // a second word
			}
			word = true
		}
	}
	return n >= 32 || n >= 16 && letters > 0 && digits > 0
}

// upperName reports whether s starts with a shell-style variable name:
// two or more upper-case letters, digits or underscores, the first a
// letter or underscore ("SECRET", "USER_EMAIL").
func upperName(s string) bool {
	n := 0
	for n < len(s) && (s[n] >= 'A' && s[n] <= 'Z' || s[n] == '_' || n > 0 && s[n] >= '0' && s[n] <= '9') {
		n++
	}
	return n >= 2
}

// upperOnly reports whether s is all upper-case ASCII letters, digits
// and underscores.
func upperOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// hasPlaceholder reports whether a URL holds a named slot to fill:
// "{name}", "{{name}}", "<name>", "$NAME", "${name}", "[NAME]" or an
// encoded "{" or "<" with a name after it. Not "{}" (a badge's literal
// braces), nor a bracketed query key ("?filter[status]=open", "ids[]=").
func hasPlaceholder(u string) bool {
	for i := 0; i+1 < len(u); i++ {
		next := u[i+1]
		named := next|0x20 >= 'a' && next|0x20 <= 'z' || next == '_'
		switch u[i] {
		case '{':
			if (named || next == '{') && strings.IndexByte(u[i+1:], '}') >= 0 {
				return true
			}
		case '<':
			if named && strings.IndexByte(u[i+1:], '>') >= 0 {
				return true
			}
		case '[':
			// "?q=[QUERY]": an upper-case name in brackets that no '='
			// follows, so not a key of the query.
			if k := strings.IndexByte(u[i+1:], ']'); k > 0 && upperName(u[i+1:i+1+k]) && upperOnly(u[i+1:i+1+k]) && (i+2+k >= len(u) || u[i+2+k] != '=' && u[i+2+k] != '[') {
				return true
			}
		case '$':
			// "$SECRET" or "${name}"; not OData's lower-case query
			// options ("?$select=subject&$top=10"), which are the URL's.
			if next == '{' || upperName(u[i+1:]) {
				return true
			}
		case '%':
			// An encoded '{' or '<'.
			if i+3 < len(u) && (strings.EqualFold(u[i+1:i+3], "7b") || strings.EqualFold(u[i+1:i+3], "3c")) {
				c := u[i+3]
				if c|0x20 >= 'a' && c|0x20 <= 'z' || c == '_' {
					return true
				}
			}
		}
	}
	return false
}

func isHiddenTag(tag string) bool {
	if strings.HasPrefix(tag, "</") || strings.HasPrefix(tag, "<!") {
		return false
	}
	compact := strings.ReplaceAll(tag, " ", "")
	for _, h := range [...]string{"display:none", "visibility:hidden", "font-size:0", "opacity:0", "color:white", "color:#fff", "height:0", "width:0"} {
		for off := 0; ; {
			i := strings.Index(compact[off:], h)
			if i < 0 {
				break
			}
			i += off
			off = i + 1
			// The property itself, not the end of another one:
			// "background-color:#ffffff" or "line-height:0" hide nothing.
			if i > 0 && compact[i-1] == '-' {
				continue
			}
			// White text hides only on a white page: on a coloured cell
			// ("bgcolor=#ffff99") it is read, and "#fff" must be white,
			// not the start of "#ffff00".
			if strings.HasPrefix(h, "color:") && (!whiteValue(compact[i+len("color:"):]) || coloredBackground(compact)) {
				continue
			}
			return true
		}
	}
	return strings.Contains(tag, " hidden") || strings.Contains(tag, "aria-hidden=\"true\"")
}

// whiteValue reports whether a CSS or HTML colour value at the start of v
// is white: "white", "#fff", "#ffffff", optionally quoted.
func whiteValue(v string) bool {
	v = strings.TrimLeft(v, "\"'")
	if strings.HasPrefix(v, "white") {
		return true
	}
	v = strings.TrimPrefix(v, "#")
	n := 0
	for n < len(v) && isHexDigit(v[n]) {
		n++
	}
	return (n == 3 || n == 6) && strings.Trim(v[:n], "f") == ""
}

func isHexDigit(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }

// coloredBackground reports whether a tag (spaces removed) sets its own
// background to a colour that is not white.
func coloredBackground(compact string) bool {
	for _, p := range [...]string{"bgcolor=", "background-color:", "background:"} {
		if i := strings.Index(compact, p); i >= 0 && (i == 0 || compact[i-1] != '-') {
			v := compact[i+len(p):]
			if len(strings.TrimLeft(v, "\"'")) > 0 && !whiteValue(v) {
				return true
			}
		}
	}
	return false
}

// scriptPayload reports whether the tag at i (tag: lower-cased, from '<'
// to '>') is markup that runs script when it is displayed and that the
// text sets out after a colon, as the thing to put somewhere: "include
// this string exactly: <img src=x onerror=...>", "...: `<a
// href="javascript:...">`", in any language. Untrusted text has no use
// for such markup but to have the reader echo it into a page that renders
// it. A page's own markup is not set out after a word and a colon
// ("<body onload=...>" opens its line), a control that runs on a click
// ("<button onclick=...>", "Search: <form onsubmit=...>") is not one that
// runs when shown, and code puts a quotation mark before the colon
// (`"main": "<a onclick=...>"`).
func scriptPayload(text string, i int, tag string) bool {
	if !runsWhenShown(tag) {
		return false
	}
	j := i
	for j > 0 && (text[j-1] == ' ' || text[j-1] == '\t') {
		j--
	}
	switch {
	case j > 0 && strings.IndexByte("`\"'", text[j-1]) >= 0:
		j--
	case strings.HasSuffix(text[:j], "“"), strings.HasSuffix(text[:j], "「"):
		j -= 3
	case strings.HasSuffix(text[:j], "«"):
		j -= 2
	}
	for j > 0 && text[j-1] == ' ' {
		j--
	}
	if strings.HasSuffix(text[:j], "：") {
		return true
	}
	// A word before the colon: a letter, or the last byte of a letter of
	// another script.
	return j >= 2 && text[j-1] == ':' && (text[j-2] >= 0x80 || letterLower[text[j-2]] != 0)
}

// runsWhenShown reports whether a lower-cased tag runs script as soon as
// it is displayed: a handler of an event the page fires by itself (an
// image that fails to load, an element that loads, takes focus or starts
// an animation), or a javascript: URL. Handlers of a click or a submit
// wait for the person at the screen. A script element is left out: install
// guides set one out after a colon for the reader's own page ("paste this
// into your site's header: <script src=...>"), and code assigns them
// (`Body: "<script>..."`).
func runsWhenShown(tag string) bool {
	if tagName(tag) == "" {
		return false
	}
	if strings.Contains(tag, "javascript:") {
		return true
	}
	for off := 0; ; {
		k := strings.Index(tag[off:], "on")
		if k < 0 {
			return false
		}
		k += off
		off = k + 2
		if c := tag[k-1]; c != '/' && c != '"' && c != '\'' && !htmlSpace(c) {
			continue
		}
		e := off
		for e < len(tag) && tag[e] >= 'a' && tag[e] <= 'z' {
			e++
		}
		v := e
		for v < len(tag) && htmlSpace(tag[v]) {
			v++
		}
		if v == len(tag) || tag[v] != '=' {
			continue
		}
		switch tag[off:e] {
		case "error", "load", "begin", "focus", "focusin", "toggle", "pageshow", "animationstart", "animationend", "transitionend":
			return true
		}
	}
}

// htmlSpace reports the bytes HTML parses as whitespace between an
// attribute's name and its "=": a browser runs "onerror\n=..." as it runs
// "onerror=...".
func htmlSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func tagName(tag string) string {
	n := 1
	for n < len(tag) && (tag[n] >= 'a' && tag[n] <= 'z' || tag[n] >= '0' && tag[n] <= '9') {
		n++
	}
	return tag[1:n]
}

// proseWords counts the words of text in markup: tags are skipped, and a
// word is two letters or more without digits, so a hidden theme button's
// SVG ("<path d="M0 0h24v24H0z"/>") holds none, and a hidden "Ignore all
// previous instructions" holds four.
func proseWords(s string) int {
	var st proseState
	for i := 0; i < len(s); i++ {
		st.step(s[i])
	}
	return int(st.n) + st.pending()
}

// proseState is proseWords' reader between two bytes: the words counted,
// whether it is inside a tag, and the word being read.
type proseState struct {
	n       int32
	inTag   bool
	word    bool
	digit   bool
	letters uint8 // capped at 2: only "two or more" matters
}

// pending is 1 when the word being read counts once it ends.
func (st *proseState) pending() int {
	if st.word && st.letters >= 2 && !st.digit {
		return 1
	}
	return 0
}

func (st *proseState) flush() {
	st.n += int32(st.pending())
	st.word, st.letters, st.digit = false, 0, false
}

func (st *proseState) step(c byte) {
	switch {
	case c == '<':
		st.flush()
		st.inTag = true
	case c == '>':
		st.inTag = false
	case st.inTag:
	case c >= 'a' && c <= 'z' || c >= 0x80:
		st.word = true
		st.letters = min(st.letters+1, 2)
	case c >= '0' && c <= '9':
		st.word = true
		st.digit = true
	case c == '\'' || c == '-':
		// inside a word: "don't", "e-mail"
	default:
		st.flush()
	}
}

func wordCount(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 0x80
		if letter && !in {
			n++
		}
		in = letter
	}
	return n
}
