package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const runner = `"sandbox_runner": {"cluster": "r", "secret": "0123456789abcdef"}`

func TestEvidenceIsOffByDefault(t *testing.T) {
	c, err := ParseConfig([]byte(`{"policy_version": "v1", ` + runner + `}`))
	require.NoError(t, err)
	assert.Nil(t, c.Evidence)
}

func TestEvidenceDefaultsAndBounds(t *testing.T) {
	c, err := ParseConfig([]byte(`{"policy_version": "v1", ` + runner + `, "evidence": {}}`))
	require.NoError(t, err)
	require.NotNil(t, c.Evidence)
	assert.Equal(t, EvidenceConfig{SampleAllowed: 0, MaxExchangeBytes: 1 << 20, MaxBytesPerSecond: 1 << 20}, *c.Evidence)
	for _, tc := range []struct{ doc, want string }{
		{`{"policy_version": "v1", "evidence": {}}`, "evidence: needs sandbox_runner"},
		{`{"policy_version": "v1", ` + runner + `, "evidence": {"sample_allowed": 1.5}}`, "evidence.sample_allowed: value 1.5 out of range [0, 1]"},
		{`{"policy_version": "v1", ` + runner + `, "evidence": {"max_exchange_bytes": 10}}`, "evidence.max_exchange_bytes"},
		{`{"policy_version": "v1", ` + runner + `, "evidence": {"max_exchange_bytes": 4194304, "max_bytes_per_second": 1048576}}`,
			"evidence.max_bytes_per_second: 1048576 is below max_exchange_bytes (4194304)"},
		{`{"policy_version": "v1", ` + runner + `, "evidence": {"to": "log"}}`, "evidence.to"},
	} {
		_, err := ParseConfig([]byte(tc.doc))
		assert.ErrorContains(t, err, tc.want, tc.doc)
	}
}
