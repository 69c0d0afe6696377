// Package boundary checks the module's import boundaries with go list -deps:
// what the compiled filter links, and what each engine layer may import.
package boundary

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/aisecops/aisecops"

// deps lists pkg and everything it imports, for the given GOOS/GOARCH
// ("" keeps the host's).
func deps(t *testing.T, goos, goarch, pkg string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", pkg)
	if goos != "" {
		cmd.Env = append(cmd.Environ(), "GOOS="+goos, "GOARCH="+goarch)
	}
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, stderr)
	}
	list := strings.Fields(string(out))
	if len(list) == 0 {
		t.Fatalf("go list -deps %s listed nothing", pkg)
	}
	return list
}

// under returns the packages of list that are one of roots or below one.
func under(list []string, roots ...string) []string {
	var hits []string
	for _, p := range list {
		for _, r := range roots {
			if p == r || strings.HasPrefix(p, r+"/") {
				hits = append(hits, p)
				break
			}
		}
	}
	return hits
}

// reached returns the roots that list reaches (a root or a package below
// it), in the order given.
func reached(list []string, roots ...string) []string {
	var hits []string
	for _, r := range roots {
		if len(under(list, r)) > 0 {
			hits = append(hits, r)
		}
	}
	return hits
}

// Test hosts, wazero and model training stay out of the filter: the Wasm
// main package links neither internal/wasmhost, internal/testbuild,
// wazero nor internal/inject/train.
func TestFilterLinksNoTestHost(t *testing.T) {
	noTestHost := []string{module + "/internal/wasmhost", module + "/internal/testbuild", "github.com/tetratelabs/wazero"}
	train := module + "/internal/inject/train"
	list := deps(t, "wasip1", "wasm", module+"/filter")
	if !contains(list, module+"/filter/internal/plugin") {
		t.Fatalf("go list -deps of the filter does not list filter/internal/plugin: %v", list)
	}
	if hits := reached(list, noTestHost...); len(hits) > 0 {
		t.Errorf("the filter (wasip1) depends on %v; only tests, e2e and bench may", hits)
	}
	if contains(list, train) {
		t.Errorf("the filter (wasip1) links %s; only the CLI may", train)
	}
	if !contains(deps(t, "", "", module+"/cmd/aisecops"), train) {
		t.Errorf("cmd/aisecops no longer links %s: is training still where the docs say?", train)
	}
	// The check sees such imports where they are allowed: the embedded e2e
	// driver links the host and wazero.
	if hits := reached(deps(t, "", "", module+"/e2e/driver"), noTestHost...); len(hits) < 2 {
		t.Errorf("e2e/driver should depend on internal/wasmhost and wazero, go list found %v", hits)
	}
}

// The engine's layers import only the layers below them, and none of
// them a host, network or proxy-wasm package, natively and for wasip1:
// internal/jsonx nothing of ours, internal/wire only jsonx,
// internal/config (the policy document) only those two,
// internal/toolgate (the tool gateway) only those three, the detector
// (internal/inject) nothing of ours and its training only the detector,
// and
// internal/runnerapi and internal/recording (shared by the filter and the
// runner) nothing of ours, so neither side drags the other's code along.
func TestLayersImportOnlyTheLayersBelow(t *testing.T) {
	layers := []struct {
		pkg     string
		allowed []string // of this module, besides pkg
		uses    []string // must appear: the layer really sits on them
	}{
		{pkg: "internal/jsonx"},
		{pkg: "internal/wire", allowed: []string{"internal/jsonx"}, uses: []string{"internal/jsonx"}},
		{pkg: "internal/runnerapi"},
		{pkg: "internal/recording"},
		{pkg: "internal/config", allowed: []string{"internal/jsonx", "internal/wire"}, uses: []string{"internal/wire"}},
		{pkg: "internal/toolgate", allowed: []string{"internal/jsonx", "internal/wire", "internal/config"}, uses: []string{"internal/jsonx", "internal/wire", "internal/config"}},
		{pkg: "internal/inject"},
		{pkg: "internal/inject/train", allowed: []string{"internal/inject"}, uses: []string{"internal/inject"}},
	}
	for _, l := range layers {
		for _, target := range [][2]string{{"", ""}, {"wasip1", "wasm"}} {
			list := deps(t, target[0], target[1], module+"/"+l.pkg)
			for _, p := range list {
				rel := strings.TrimPrefix(p, module+"/")
				ours := rel != p && rel != l.pkg && !contains(l.allowed, rel)
				host := strings.Contains(p, "proxy-wasm") || strings.Contains(p, "wazero") || p == "net" || strings.HasPrefix(p, "net/")
				if ours || host {
					t.Errorf("%s (GOOS=%q) depends on %s; it may import only %v of this module", l.pkg, target[0], p, l.allowed)
				}
			}
			for _, u := range l.uses {
				if !contains(list, module+"/"+u) {
					t.Errorf("%s (GOOS=%q) no longer uses %s", l.pkg, target[0], u)
				}
			}
		}
	}
	// Both sides use it.
	for _, user := range []string{module + "/filter/internal/plugin", module + "/sandbox-runner/internal/server"} {
		if !contains(deps(t, "", "", user), module+"/internal/runnerapi") {
			t.Errorf("%s does not use internal/runnerapi", user)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The runner shares the wire types (runnerapi, jsonx) with the filter,
// not its engine: it links neither rules nor the detector.
func TestRunnerLinksNoEngine(t *testing.T) {
	list := deps(t, "", "", module+"/sandbox-runner")
	if !contains(list, module+"/internal/runnerapi") {
		t.Fatalf("go list -deps of the runner does not list internal/runnerapi: %v", list)
	}
	if hits := reached(list, module+"/rules", module+"/internal/inject", module+"/internal/toolgate"); len(hits) > 0 {
		t.Errorf("the sandbox runner depends on %v", hits)
	}
}

// engine lists the packages that judge traffic: they build natively and
// for wasip1 and do no I/O of their own.
var engine = []string{"rules", "internal/jsonx", "internal/wire", "internal/config", "internal/inject", "internal/toolgate"}

// TestEngineDoesNoIO: no engine package imports os, net, syscall or a
// host package itself. (fmt and crypto/sha256 reach os inside the
// standard library; that gives the engine no I/O of its own, so only
// direct imports are checked for os; net, proxy-wasm and wazero may not
// appear even transitively, which TestLayersImportOnlyTheLayersBelow and
// the check below cover.)
func TestEngineDoesNoIO(t *testing.T) {
	for _, pkg := range engine {
		out, err := exec.Command("go", "list", "-f", `{{join .Imports " "}}`, module+"/"+pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, imp := range strings.Fields(string(out)) {
			if imp == "os" || strings.HasPrefix(imp, "os/") || imp == "net" || strings.HasPrefix(imp, "net/") || imp == "syscall" {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
		for _, dep := range deps(t, "", "", module+"/"+pkg) {
			if strings.Contains(dep, "proxy-wasm") || strings.Contains(dep, "wazero") || dep == "net" || strings.HasPrefix(dep, "net/") {
				t.Errorf("%s depends on %s", pkg, dep)
			}
		}
	}
}
