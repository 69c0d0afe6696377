package toolgate

// globMatch reports whether name matches pattern, where '*' matches any
// run of characters (including '/' and '.', since tool names use them as
// plain characters) and '?' matches exactly one character. Matching is by
// bytes and case-sensitive: tool names are identifiers.
func globMatch(pattern, name string) bool {
	// Iterative wildcard matching with single-star backtracking: linear in
	// practice, never exponential.
	p, n := 0, 0
	star, mark := -1, 0
	for n < len(name) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == name[n]):
			p++
			n++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, n
			p++
		case star >= 0:
			p = star + 1
			mark++
			n = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func isGlob(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '*' || s[i] == '?' {
			return true
		}
	}
	return false
}
