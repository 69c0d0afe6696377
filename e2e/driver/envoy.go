package driver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	funce "github.com/tetratelabs/func-e"
	"github.com/tetratelabs/func-e/api"
)

// FindEnvoy returns an Envoy binary: $ENVOY_BIN, an envoy on PATH, or the
// one func-e downloads. When none can be had it returns why, in one line
// that says how to get one.
func FindEnvoy(ctx context.Context) (string, error) {
	if p := os.Getenv("ENVOY_BIN"); p != "" {
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			return "", fmt.Errorf("ENVOY_BIN=%s is not a file", p)
		}
		return p, nil
	}
	if p, err := exec.LookPath("envoy"); err == nil {
		return p, nil
	}
	// func-e downloads Envoy into its home; "--version" makes it fetch
	// and exit at once.
	home, err := os.UserHomeDir()
	if err != nil {
		home = os.TempDir()
	}
	funceHome := filepath.Join(home, ".func-e")
	dctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := funce.Run(dctx, []string{"--version"}, api.HomeDir(funceHome), api.Out(io.Discard),
		api.EnvoyOut(io.Discard), api.EnvoyErr(io.Discard)); err != nil {
		return "", fmt.Errorf("no Envoy: ENVOY_BIN is unset, no envoy on PATH, and func-e could not download one (%v); "+
			"install Envoy >= 1.33 or set ENVOY_BIN to run the Envoy driver", err)
	}
	matches, _ := filepath.Glob(filepath.Join(funceHome, "envoy-versions", "*", "bin", "envoy"))
	if len(matches) == 0 {
		matches, _ = filepath.Glob(filepath.Join(funceHome, "versions", "*", "bin", "envoy"))
	}
	if len(matches) == 0 {
		return "", errors.New("no Envoy: func-e ran but its download was not found under " + funceHome)
	}
	return matches[len(matches)-1], nil
}
