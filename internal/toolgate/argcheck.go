package toolgate

import (
	"errors"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aisecops/aisecops/internal/config"
	"github.com/aisecops/aisecops/internal/wire"
)

// URL and path checks for tool arguments. The gateway may not import net/url, and
// a strict checker of our own is what we want anyway: it refuses the forms
// that different URL parsers read differently (backslashes, userinfo,
// numeric hosts, percent-encoded hosts, non-ASCII lookalikes) instead of
// trying to agree with any one of them.

const maxURLLen = 4096

// hostRule is one compiled entry of url.hosts.
type hostRule struct {
	host       string
	subdomains bool // "*.example.com": any subdomain, not the apex
}

type urlRule struct {
	hosts   []hostRule
	schemes []string
	allowIP bool
}

func compileURLRule(c *config.URLConfig, path string) (*urlRule, error) {
	u := &urlRule{allowIP: c.AllowIP, schemes: []string{"http", "https"}}
	if len(c.Schemes) > 0 {
		u.schemes = nil
		for _, s := range c.Schemes {
			ls := strings.ToLower(s)
			if !isScheme(ls) {
				return nil, errors.New(path + ".schemes: invalid scheme " + quote(s))
			}
			u.schemes = append(u.schemes, ls)
		}
	}
	for i, h := range c.Hosts {
		hp := path + ".hosts[" + itoa(i) + "]"
		r := hostRule{host: strings.ToLower(h)}
		if strings.HasPrefix(r.host, "*.") {
			r.subdomains, r.host = true, r.host[2:]
		}
		if err := wire.CheckHostname(r.host); err != nil {
			return nil, errors.New(hp + ": invalid host " + quote(h) + ": " + err.Error())
		}
		u.hosts = append(u.hosts, r)
	}
	return u, nil
}

func isScheme(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// check validates a URL argument and returns why it is refused.
func (u *urlRule) check(s string) error {
	if len(s) > maxURLLen {
		return errors.New("URL longer than 4096 bytes")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f {
			return errors.New("URL contains whitespace or a control character")
		}
		if c == '\\' {
			return errors.New("URL contains a backslash")
		}
	}
	colon := strings.IndexByte(s, ':')
	if colon <= 0 {
		return errors.New("URL has no scheme")
	}
	scheme := strings.ToLower(s[:colon])
	ok := false
	for _, a := range u.schemes {
		ok = ok || a == scheme
	}
	if !ok {
		return errors.New("URL scheme " + quote(scheme) + " is not allowed")
	}
	rest := s[colon+1:]
	if !strings.HasPrefix(rest, "//") {
		return errors.New("URL has no authority (expected scheme://host)")
	}
	rest = rest[2:]
	end := strings.IndexAny(rest, "/?#")
	authority := rest
	if end >= 0 {
		authority = rest[:end]
	}
	if strings.IndexByte(authority, '@') >= 0 {
		return errors.New("URL has userinfo (user@host)")
	}
	host := authority
	if strings.HasPrefix(host, "[") {
		if !u.allowIP {
			return errors.New("URL host is an IP literal")
		}
		close := strings.IndexByte(host, ']')
		if close < 0 {
			return errors.New("URL has an unterminated IPv6 literal")
		}
		return u.allowedHost(strings.ToLower(host[:close+1]), "")
	}
	port := ""
	if c := strings.LastIndexByte(host, ':'); c >= 0 {
		host, port = host[:c], host[c+1:]
		if port == "" || len(port) > 5 || strings.Trim(port, "0123456789") != "" || atoiSmall(port) > 65535 || atoiSmall(port) == 0 {
			return errors.New("URL has an invalid port")
		}
	}
	host = strings.ToLower(host)
	host = strings.TrimSuffix(host, ".")
	if err := wire.CheckHostname(host); err != nil {
		return errors.New("URL host: " + err.Error())
	}
	if looksLikeIPv4(host) && !u.allowIP {
		return errors.New("URL host is an IP literal")
	}
	return u.allowedHost(host, port)
}

func (u *urlRule) allowedHost(host, _ string) error {
	if len(u.hosts) == 0 {
		return nil
	}
	for _, h := range u.hosts {
		if h.subdomains {
			if strings.HasSuffix(host, "."+h.host) {
				return nil
			}
		} else if host == h.host {
			return nil
		}
	}
	return errors.New("URL host is not in the allowed hosts")
}

func atoiSmall(s string) int {
	n := 0
	for i := 0; i < len(s) && n < 1<<20; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// looksLikeIPv4 follows the WHATWG URL rule: a host whose last label is
// numeric (decimal, 0x-hex or octal) is parsed as IPv4, so "2130706433",
// "0x7f.1" and "127.1" all mean 127.0.0.1 to a browser or curl.
func looksLikeIPv4(h string) bool {
	last := h
	if i := strings.LastIndexByte(h, '.'); i >= 0 {
		last = h[i+1:]
	}
	if last == "" {
		return false
	}
	if strings.HasPrefix(last, "0x") {
		return strings.Trim(last[2:], "0123456789abcdef") == ""
	}
	return strings.Trim(last, "0123456789") == ""
}

type pathRule struct {
	prefixes      []string
	allowRelative bool
}

func compilePathRule(c *config.PathConfig, p string) (*pathRule, error) {
	r := &pathRule{allowRelative: c.AllowRelative}
	for i, pre := range c.Prefixes {
		if !strings.HasPrefix(pre, "/") || strings.Contains(pre, "..") || strings.ContainsRune(pre, 0) {
			return nil, errors.New(p + ".prefixes[" + itoa(i) + "]: invalid prefix " + quote(pre) + ": must be absolute, without '..'")
		}
		clean := path.Clean(pre)
		r.prefixes = append(r.prefixes, clean)
	}
	return r, nil
}

// check validates a filesystem path argument.
func (r *pathRule) check(s string) error {
	if s == "" {
		return errors.New("empty path")
	}
	if len(s) > 4096 {
		return errors.New("path longer than 4096 bytes")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return errors.New("path contains a NUL byte")
	}
	if strings.IndexByte(s, '\\') >= 0 {
		return errors.New("path contains a backslash")
	}
	if i := strings.IndexByte(s, '%'); i >= 0 {
		low := strings.ToLower(s)
		for _, enc := range [...]string{"%2e", "%2f", "%5c", "%00", "%25", "%c0", "%c1", "%e0"} {
			if strings.Contains(low, enc) {
				return errors.New("path contains percent-encoded traversal characters")
			}
		}
	}
	for _, seg := range strings.Split(s, "/") {
		if seg == ".." {
			return errors.New("path contains a '..' segment")
		}
	}
	if s[0] == '~' {
		return errors.New("path starts with '~'")
	}
	abs := strings.HasPrefix(s, "/")
	if !abs && !r.allowRelative {
		return errors.New("path is not absolute")
	}
	if len(r.prefixes) == 0 {
		return nil
	}
	clean := path.Clean(s)
	if !abs {
		return errors.New("relative path cannot be checked against prefixes")
	}
	for _, pre := range r.prefixes {
		if pre == "/" || clean == pre || strings.HasPrefix(clean, pre+"/") {
			return nil
		}
	}
	return errors.New("path is outside the allowed prefixes")
}

// Character checks for text arguments. A value that looks one way to the
// reviewer and another to the program that uses it is what these refuse:
// CR/LF that start a new mail header, bidi controls that reorder what a
// human approves, zero-width characters that split a word a filter looks
// for.

// checkChars refuses control characters (C0, DEL, C1), line and paragraph
// separators, and invisible format characters (Unicode Cf: zero-width
// characters, bidi controls, the BOM, the soft hyphen, tag characters),
// other default-ignorable code points and variation selectors. multiLine
// lets LF, CR LF and tab through.
func checkChars(s string, multiLine bool) error {
	n := 0
	for i, r := range s {
		n++
		if multiLine && (r == '\n' || r == '\t' || r == '\r' && i+1 < len(s) && s[i+1] == '\n') {
			continue
		}
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return errors.New("contains invalid UTF-8 at character " + itoa(n))
			}
		}
		if what := forbiddenChar(r); what != "" {
			mode := "single_line"
			if multiLine {
				mode = "multi_line"
			}
			return errors.New("contains " + what + " (" + codePoint(r) + ") at character " + itoa(n) + "; chars is " + mode)
		}
	}
	return nil
}

// forbiddenChar names the class of a character checkChars refuses, or "".
func forbiddenChar(r rune) string {
	switch {
	case r == '\r' || r == '\n':
		return "a line break"
	case r < 0x20 || r == 0x7f:
		return "a control character"
	case r >= 0x80 && r <= 0x9f:
		return "a C1 control character"
	case r == 0x2028 || r == 0x2029:
		return "a line or paragraph separator"
	case r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
		return "a bidirectional control character"
	case r < 0xad:
		return ""
	case unicode.Is(unicode.Cf, r):
		return "an invisible format character"
	case unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Variation_Selector, r):
		return "an invisible character"
	}
	return ""
}

func codePoint(r rune) string {
	const hex = "0123456789ABCDEF"
	b := []byte("U+")
	digits := 4
	if r > 0xffff {
		digits = 6
	}
	for i := digits - 1; i >= 0; i-- {
		b = append(b, hex[(r>>(4*i))&15])
	}
	return string(b)
}

// emailRule is a compiled email constraint: the value is one addr-spec
// (local@domain) in the plain dot-atom form every mail system reads the
// same way. Refused rather than interpreted: quoted local parts, comments,
// display names, lists, source routes ('%', '!', "@a:"), address literals
// and non-ASCII (SMTPUTF8 addresses are not supported: an invisible or
// lookalike character would pass as part of the name).
type emailRule struct {
	domains []hostRule
}

const maxEmailLen = 254

func compileEmailRule(c *config.EmailConfig, path string) (*emailRule, error) {
	e := &emailRule{}
	for i, d := range c.Domains {
		r := hostRule{host: strings.ToLower(d)}
		if strings.HasPrefix(r.host, "*.") {
			r.subdomains, r.host = true, r.host[2:]
		}
		if err := wire.CheckHostname(r.host); err != nil {
			return nil, errors.New(path + ".domains[" + itoa(i) + "]: invalid domain " + quote(d) + ": " + err.Error())
		}
		e.domains = append(e.domains, r)
	}
	return e, nil
}

// check validates an e-mail argument; the reasons never quote the value.
func (e *emailRule) check(s string) error {
	if s == "" {
		return errors.New("empty e-mail address")
	}
	if len(s) > maxEmailLen {
		return errors.New("e-mail address longer than 254 bytes")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			r, _ := utf8.DecodeRuneInString(s[i:])
			return errors.New("e-mail address contains a non-ASCII character (" + codePoint(r) + "): invisible, lookalike and internationalised addresses are refused")
		case c <= ' ' || c == 0x7f:
			return errors.New("e-mail address contains whitespace or a control character")
		case c == ',' || c == ';':
			return errors.New("not a single address: contains '" + string(c) + "' (a list of addresses)")
		case c == '%':
			return errors.New("e-mail address contains '%' (source routing through another host)")
		case c == '!':
			return errors.New("e-mail address contains '!' (bang-path routing)")
		case c == '"':
			return errors.New("e-mail address has a quoted part")
		case c == '(' || c == ')':
			return errors.New("e-mail address has a comment")
		case c == '<' || c == '>':
			return errors.New("e-mail address has a display name or angle brackets")
		case c == ':':
			return errors.New("e-mail address has a route or group (':')")
		case c == '[' || c == ']':
			return errors.New("e-mail address has an address literal ('[...]')")
		case c == '\\':
			return errors.New("e-mail address contains a backslash")
		}
	}
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return errors.New("not an e-mail address: no '@'")
	}
	if strings.IndexByte(s[at+1:], '@') >= 0 {
		return errors.New("not a single address: more than one '@'")
	}
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if local == "" || len(local) > 64 {
		return errors.New("e-mail local part is empty or longer than 64 bytes")
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return errors.New("e-mail local part has a leading, trailing or double '.'")
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".#$&'*+-/=?^_`{|}~", c) >= 0) {
			return errors.New("e-mail local part has an invalid character")
		}
	}
	if err := wire.CheckHostname(domain); err != nil {
		return errors.New("e-mail domain: " + err.Error())
	}
	if looksLikeIPv4(domain) {
		return errors.New("e-mail domain is an IP address")
	}
	if len(e.domains) == 0 {
		return nil
	}
	for _, d := range e.domains {
		if d.subdomains && strings.HasSuffix(domain, "."+d.host) || !d.subdomains && domain == d.host {
			return nil
		}
	}
	return errors.New("e-mail domain is not in the allowed domains")
}
