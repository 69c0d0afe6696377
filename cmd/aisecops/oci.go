package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Media types of the Wasm OCI artifact format Istio pulls: an OCI image
// whose single layer is the raw .wasm and whose config says so.
const (
	wasmLayerMediaType  types.MediaType = "application/vnd.module.wasm.content.layer.v1+wasm"
	wasmConfigMediaType types.MediaType = "application/vnd.module.wasm.config.v1+json"
)

// ociCmd packages the filter as an OCI image layout (no Docker needed):
// push it with any OCI client (oras, crane, skopeo) and pin the printed
// digest in the WasmPlugin.
func ociCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("oci", flag.ContinueOnError)
	fs.SetOutput(stderr)
	wasmPath := fs.String("wasm", "build/aisecops.wasm", "the compiled filter")
	out := fs.String("out", "build/oci", "directory to write the OCI image layout to (replaced)")
	ref := fs.String("ref", "aisecops/filter:0.1.0", "reference recorded in the layout's index annotations")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprint(stderr, "usage: aisecops oci [--wasm FILE] [--out DIR] [--ref NAME:TAG]\n")
		return exitUsage
	}
	digest, err := writeOCI(*wasmPath, *out, *ref)
	if err != nil {
		fmt.Fprintf(stderr, "oci: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "wrote OCI layout %s (%s)\nmanifest digest %s\n", *out, *ref, digest)
	return exitOK
}

func writeOCI(wasmPath, out, ref string) (v1.Hash, error) {
	wasm, err := os.ReadFile(wasmPath)
	if err != nil {
		return v1.Hash{}, err
	}
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" {
		return v1.Hash{}, fmt.Errorf("%s is not a WebAssembly module", wasmPath)
	}
	img, err := mutate.Append(empty.Image, mutate.Addendum{
		Layer:       static.NewLayer(wasm, wasmLayerMediaType),
		Annotations: map[string]string{"org.opencontainers.image.title": "plugin.wasm"},
	})
	if err != nil {
		return v1.Hash{}, err
	}
	img = mutate.MediaType(img, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, wasmConfigMediaType)
	cfg, err := img.ConfigFile()
	if err != nil {
		return v1.Hash{}, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "wasip1", "wasm"
	if img, err = mutate.ConfigFile(img, cfg); err != nil {
		return v1.Hash{}, err
	}
	if err := os.RemoveAll(out); err != nil {
		return v1.Hash{}, err
	}
	p, err := layout.Write(out, empty.Index)
	if err != nil {
		return v1.Hash{}, err
	}
	if err := p.AppendImage(img, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": ref})); err != nil {
		return v1.Hash{}, err
	}
	return img.Digest()
}
