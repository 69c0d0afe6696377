package rules

import (
	"errors"
	"path"
	"strings"
)

// URL and path checks for tool arguments. rules may not import net/url, and
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

func compileURLRule(c *URLConfig, path string) (*urlRule, error) {
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
		if err := checkHostname(r.host); err != nil {
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
	if err := checkHostname(host); err != nil {
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

// checkHostname accepts lower-case ASCII DNS names. Non-ASCII hosts are
// refused outright: a lookalike (Cyrillic "о" in "gооgle.com") must be
// written as punycode to be allowed, and then it does not match the real
// name.
func checkHostname(h string) error {
	if h == "" {
		return errors.New("empty host")
	}
	if len(h) > 253 {
		return errors.New("host longer than 253 bytes")
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 {
			return errors.New("empty or over-long label")
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return errors.New("label starts or ends with '-'")
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
			case c == '%':
				return errors.New("percent-encoded host")
			case c >= 0x80:
				return errors.New("non-ASCII host (possible lookalike; use punycode)")
			default:
				return errors.New("invalid character " + quote(string(c)) + " in host")
			}
		}
	}
	return nil
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

func compilePathRule(c *PathConfig, p string) (*pathRule, error) {
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
