package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExpandTemplate(t *testing.T) {
	got, err := expandTemplate(`ignore [all] (previous|prior) \[inst]`)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"ignore all previous [inst]", "ignore all prior [inst]", "ignore previous [inst]", "ignore prior [inst]"}, got)
	_, err = expandTemplate("a (b|c")
	assert.EqualError(t, err, "unclosed (")
	_, err = expandTemplate("a (b|[c])")
	assert.EqualError(t, err, "nested groups are not supported")
}
