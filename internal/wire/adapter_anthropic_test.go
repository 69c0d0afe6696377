package wire

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnthropicClientToolsDeclared(t *testing.T) {
	body := `{"model":"claude","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[` +
		`{"type":"bash_20250124","name":"bash"},{"type":"text_editor_20250728","name":"str_replace_based_edit_tool"},` +
		`{"type":"computer_20250124","name":"computer","display_width_px":1024,"display_height_px":768}]}`
	pl, err := Extract([]byte(body), ExtractOptions{Format: FormatAnthropic})
	require.NoError(t, err)
	var names []string
	for _, d := range pl.Tools {
		names = append(names, d.Name)
	}
	assert.Equal(t, []string{"bash", "str_replace_based_edit_tool", "computer"}, names)
	assert.Empty(t, pl.Calls, "client tools are judged when called, not when offered")
	assert.Empty(t, pl.Skipped)
}
