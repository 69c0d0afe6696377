// v8.js runs a wasip1 program (a Go test binary) in V8 under Node.js, the
// counterpart of wasmexec (wazero) for measuring the engine's code inside
// Wasm the way Envoy runs it:
//
//	GOOS=wasip1 GOARCH=wasm go test -c -o /tmp/rules.wasm ./rules
//	cd rules && node --no-liftoff --disable-warning=ExperimentalWarning \
//	    ../bench/wasmexec/v8.js /tmp/rules.wasm -test.run '^$' -test.bench EvaluateVsWalk
//
// As wasmexec, the module sees its arguments, the current directory
// mounted at the same path and / (tests read testdata), PWD and no other
// environment; the process exits with the module's exit code.
'use strict';
const fs = require('node:fs');
const { WASI } = require('node:wasi');

const [path, ...args] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: node --no-liftoff v8.js MODULE.wasm [ARGS...]\n');
  process.exit(2);
}
const wd = process.cwd();
const wasi = new WASI({ version: 'preview1', args: [path, ...args], env: { PWD: wd },
  preopens: { [wd]: wd, '/': '/' }, returnOnExit: true });
const mod = new WebAssembly.Module(fs.readFileSync(path));
const instance = new WebAssembly.Instance(mod, { wasi_snapshot_preview1: wasi.wasiImport });
process.exitCode = wasi.start(instance);
