#!/usr/bin/env bash
# compare.sh: the performance check of issue 18's acceptance. Builds two
# revisions in detached worktrees, runs their benchmarks alternately
# (old, new, old, new, ...) and compares them with benchstat.
#
#   bench/compare.sh [OLD [NEW]]        defaults: OLD=313cd5d NEW=HEAD
#
# Environment:
#   COUNT      rounds (default 10); each round runs every benchmark once per side
#   OUT        where the results are kept (default /tmp/benchcompare)
#   BENCHTIME  -test.benchtime of each benchmark (default 2s)
#   MAXREG     largest median regression allowed, percent (default 5)
#   MAXGROW    largest .wasm growth allowed, percent (default 2)
#   GROUPS_    which groups to run, of those below (default "native wasm parts filter")
#
# Groups (one old/new file pair each in $OUT):
#   native  ./rules BenchmarkEvaluateVsWalk, native test binary
#   wasm    ./rules BenchmarkEvaluateVsWalk, wasip1 test binary under the side's wasmexec
#   filter  ./bench BenchmarkFilterVsNoop, against the side's build/aisecops.wasm and noop.wasm
#
# Fails (exit 1) when a benchstat row shows a significant median regression
# above MAXREG (a rise of sec/op, x-walk, B/op or allocs/op; a drop of B/s),
# or when build/aisecops.wasm grew more than MAXGROW.
set -euo pipefail

OLD=${1:-313cd5d}
NEW=${2:-HEAD}
COUNT=${COUNT:-10}
OUT=${OUT:-/tmp/benchcompare}
BENCHTIME=${BENCHTIME:-2s}
MAXREG=${MAXREG:-5}
MAXGROW=${MAXGROW:-2}
# Pinned: what @latest resolved to on 2026-12-07.
BENCHSTAT=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da

GO=${GO:-go}
REPO=$(git rev-parse --show-toplevel)
OLDREV=$(git -C "$REPO" rev-parse --short=12 "$OLD^{commit}")
NEWREV=$(git -C "$REPO" rev-parse --short=12 "$NEW^{commit}")
TMP=$(mktemp -d /tmp/benchcompare.XXXXXX)
START=$(date +%s)

cleanup() {
	for side in old new; do
		if [ -d "$TMP/$side" ]; then
			git -C "$REPO" worktree remove --force "$TMP/$side" || true
		fi
	done
	rm -rf "$TMP"
}
trap cleanup EXIT

mkdir -p "$OUT"
rm -f "$OUT"/*.txt
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# benchstat, built once.
log "benchstat: $BENCHSTAT"
GOBIN="$TMP/bin" GOFLAGS= $GO install "$BENCHSTAT"
BS="$TMP/bin/benchstat"

GROUPS_="${GROUPS_:-native wasm parts filter}"
declare -A NAME=([native]=BenchmarkEvaluateVsWalk [wasm]=BenchmarkEvaluateVsWalk [parts]=BenchmarkEvaluate [filter]=BenchmarkFilterVsNoop)
declare -A FILE=([native]=rules/bench_test.go [wasm]=rules/bench_test.go [parts]=rules/bench_test.go [filter]=bench/filter_test.go)
# parts runs Evaluate and the gjson walk apart (not the regexp baseline):
# x-walk is their ratio, and a change that moves only the walk (code
# layout moves gjson by 15-20% between builds) moves x-walk.
declare -A SUB=([parts]='/(evaluate|gjson-walk)/')
for g in $GROUPS_; do
	if [ -z "${NAME[$g]:-}" ]; then
		echo "compare.sh: GROUPS_ names \"$g\", which is no group (native, wasm, parts, filter)" >&2
		exit 2
	fi
done

# Worktrees, builds, test binaries. The old side's tests may find build/
# by their source path rather than $AISECOPS_BUILD, so each side builds into
# its own worktree's build/ and sets AISECOPS_BUILD to it as well.
for side in old new; do
	rev=$OLDREV
	[ "$side" = new ] && rev=$NEWREV
	wt="$TMP/$side"
	log "$side: worktree at $rev"
	git -C "$REPO" worktree add --detach --quiet "$wt" "$rev"
	for g in $GROUPS_; do
		if ! grep -q "^func ${NAME[$g]}(" "$wt/${FILE[$g]}" 2>/dev/null; then
			echo "compare.sh: ${NAME[$g]} not in ${FILE[$g]} at $side ($rev)" >&2
			exit 2
		fi
	done
	log "$side: make build"
	(cd "$wt" && make --no-print-directory build BUILD="$wt/build" >"$OUT/build-$side.log" 2>&1) ||
		{ cat "$OUT/build-$side.log" >&2; exit 2; }
	log "$side: wasmexec and test binaries"
	(
		cd "$wt"
		$GO build -o "$wt/build/wasmexec" ./bench/wasmexec
		$GO test -c -o "$TMP/$side-native.test" ./rules
		GOOS=wasip1 GOARCH=wasm $GO test -c -o "$TMP/$side-wasm.test" ./rules
		$GO test -c -o "$TMP/$side-filter.test" ./bench
	)
done

# One benchmark of one side, appended to $OUT/<group>-<side>.txt.
run() {
	local side=$1 g=$2 wt="$TMP/$1"
	local args=(-test.run '^$' -test.bench "^${NAME[$g]}\$${SUB[$g]:-}" -test.benchtime "$BENCHTIME" -test.count 1)
	case $g in
	native | parts) (cd "$wt/rules" && AISECOPS_BUILD="$wt/build" "$TMP/$side-native.test" "${args[@]}") ;;
	wasm) (cd "$wt/rules" && AISECOPS_BUILD="$wt/build" "$wt/build/wasmexec" "$TMP/$side-wasm.test" "${args[@]}") ;;
	filter) (cd "$wt/bench" && AISECOPS_BUILD="$wt/build" "$TMP/$side-filter.test" "${args[@]}") ;;
	esac >>"$OUT/$g-$side.txt" 2>&1 || { tail -20 "$OUT/$g-$side.txt" >&2; exit 2; }
}

for ((i = 1; i <= COUNT; i++)); do
	for side in old new; do
		log "round $i/$COUNT: $side"
		for g in $GROUPS_; do run "$side" "$g"; done
	done
done

# Tables and the verdict.
fail=0
{
	echo "compare.sh: old $OLDREV, new $NEWREV, $COUNT rounds, -benchtime $BENCHTIME, $(nproc) CPUs, $(uname -sr), $($GO version | cut -d' ' -f3)"
	echo
} | tee "$OUT/summary.txt"
for g in $GROUPS_; do
	echo "### $g: ${NAME[$g]}" | tee -a "$OUT/summary.txt"
	"$BS" old="$OUT/$g-old.txt" new="$OUT/$g-new.txt" | tee "$OUT/$g.benchstat" | tee -a "$OUT/summary.txt"
	echo | tee -a "$OUT/summary.txt"
	# Each table starts with a header line whose second column names its
	# unit ("│ sec/op │"); rows carry "+7.12% (p=0.000 n=10)", or "~" when
	# benchstat finds no significant difference. x-walk is printed, not
	# judged: it is a ratio to a gjson walk whose own speed moves with code
	# layout; the parts group judges Evaluate's time itself.
	bad=$(awk -v max="$MAXREG" '
		/│/ { if (/vs base/) { split($0, c, "│"); unit = c[2]; gsub(/ /, "", unit) } next }
		unit == "x-walk" { next }
		/\(p=[0-9.]+ n=[0-9]+\)/ {
			if (!match($0, /[-+][0-9.]+% \(p=/)) next
			d = substr($0, RSTART, RLENGTH - 4) + 0
			worse = (unit ~ /\/s$/) ? -d : d
			if (worse > max) print unit ": " $0
		}' "$OUT/$g.benchstat")
	if [ -n "$bad" ]; then
		fail=1
		{ echo "REGRESSION in $g (above ${MAXREG}%, significant):"; echo "$bad"; echo; } | tee -a "$OUT/summary.txt"
	fi
done

oldsz=$(stat -c %s "$TMP/old/build/aisecops.wasm")
newsz=$(stat -c %s "$TMP/new/build/aisecops.wasm")
ratio=$(awk -v a="$oldsz" -v b="$newsz" 'BEGIN { printf "%.4f", b / a }')
grow=$(awk -v a="$oldsz" -v b="$newsz" 'BEGIN { printf "%+.2f", (b - a) * 100 / a }')
{
	echo "aisecops.wasm: old $oldsz bytes, new $newsz bytes, new/old $ratio ($grow%)"
	if awk -v g="$grow" -v m="$MAXGROW" 'BEGIN { exit !(g > m) }'; then
		fail=1
		echo "SIZE: aisecops.wasm grew more than ${MAXGROW}%"
	fi
	echo "wall time: $(($(date +%s) - START)) s"
	if [ "$fail" = 0 ]; then echo "PASS"; else echo "FAIL"; fi
} | tee -a "$OUT/summary.txt"
exit "$fail"
