package wire

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKeySpan(t *testing.T) {
	o := `{"a\"b\\" : 1, "c":{"d":2}}`
	start, end, ok := keySpan(o, strings.Index(o, "1"))
	require.True(t, ok)
	assert.Equal(t, `"a\"b\\"`, o[start:end])
	start, end, ok = keySpan(o, strings.Index(o, "{\"d"))
	require.True(t, ok)
	assert.Equal(t, `"c"`, o[start:end])
	_, _, ok = keySpan(`[1]`, 1)
	assert.False(t, ok)
}
