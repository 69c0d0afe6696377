package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOCILayoutDigestsVerify writes the layout and checks, from the files
// alone, that the index points at the manifest by its digest, and the
// manifest at the config and the layer by theirs.
func TestOCILayoutDigestsVerify(t *testing.T) {
	dir := t.TempDir()
	wasm := append([]byte("\x00asm\x01\x00\x00\x00"), []byte("fake module body")...)
	wasmPath := filepath.Join(dir, "f.wasm")
	require.NoError(t, os.WriteFile(wasmPath, wasm, 0o644))
	out := filepath.Join(dir, "oci")
	code, stdout, stderr := runCLI("oci", "--wasm", wasmPath, "--out", out)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "manifest digest sha256:")

	blob := func(h v1.Hash) []byte {
		b, err := os.ReadFile(filepath.Join(out, "blobs", h.Algorithm, h.Hex))
		require.NoError(t, err)
		sum := sha256.Sum256(b)
		require.Equal(t, h.Hex, hex.EncodeToString(sum[:]), "blob %s does not match its digest", h)
		return b
	}
	var index v1.IndexManifest
	b, err := os.ReadFile(filepath.Join(out, "index.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &index))
	require.Len(t, index.Manifests, 1)
	assert.Equal(t, "aisecops/filter:0.1.0", index.Manifests[0].Annotations["org.opencontainers.image.ref.name"])
	var m v1.Manifest
	require.NoError(t, json.Unmarshal(blob(index.Manifests[0].Digest), &m))
	assert.Equal(t, "application/vnd.oci.image.manifest.v1+json", string(m.MediaType))
	assert.Equal(t, string(wasmConfigMediaType), string(m.Config.MediaType))
	blob(m.Config.Digest)
	require.Len(t, m.Layers, 1)
	assert.Equal(t, string(wasmLayerMediaType), string(m.Layers[0].MediaType))
	assert.Equal(t, wasm, blob(m.Layers[0].Digest), "the layer is the module itself")
	_, err = layout.FromPath(out)
	require.NoError(t, err)

	code, _, stderr = runCLI("oci", "--wasm", filepath.Join(dir, "missing.wasm"), "--out", out)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "no such file")
	require.NoError(t, os.WriteFile(wasmPath, []byte("not wasm"), 0o644))
	code, _, stderr = runCLI("oci", "--wasm", wasmPath, "--out", out)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "not a WebAssembly module")
}
