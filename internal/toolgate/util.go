package toolgate

import "strconv"

func itoa(n int) string { return strconv.Itoa(n) }

// quote quotes s for an error message, bounded to 64 bytes.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return strconv.Quote(s)
}
