#!/bin/sh
# Runs one libFuzzer program for a fixed time, from a copy of its committed
# corpus: the inputs it finds go to WORK_DIR, never into the source tree.
#
#   run-fuzzer.sh EXE NAME SOURCE_DIR WORK_DIR SECONDS
#
# CRRC_FUZZ_SECONDS, when set, replaces SECONDS. Exits non-zero when the
# fuzzer found a crash, a leak, undefined behaviour or a timeout; the input
# is then in WORK_DIR/artifacts (add it to corpus/NAME as a regression test
# once fixed).
set -eu

exe=$1
name=$2
src=$3
work=$4
seconds=${CRRC_FUZZ_SECONDS:-$5}

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
cp "$src/corpus/$name"/* "$work/corpus/"

set -- -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$work/artifacts/"
if [ -f "$src/$name.dict" ]; then
  set -- "$@" -dict="$src/$name.dict"
fi

# The target's cache and input files: in memory when possible, and removed
# even when the target crashed.
tmp_base=/dev/shm
[ -d "$tmp_base" ] && [ -w "$tmp_base" ] || tmp_base=${TMPDIR:-/tmp}
CRRC_FUZZ_TMPDIR=$(mktemp -d "$tmp_base/crrc-fuzz-run-XXXXXX")
export CRRC_FUZZ_TMPDIR
trap 'rm -rf "$CRRC_FUZZ_TMPDIR"' EXIT

echo "fuzz-$name: $seconds s from $(ls "$work/corpus" | wc -l) seeds, in $work"
status=0
"$exe" "$@" "$work/corpus" </dev/null >"$work/fuzz.log" 2>&1 || status=$?

# The last status line, the final statistics and any report.
grep -E '^#[0-9]+' "$work/fuzz.log" | tail -n 1 || true
grep -E '^(stat::|Done )' "$work/fuzz.log" || true
echo "corpus: $(ls "$work/corpus" | wc -l) inputs"

if [ "$status" -ne 0 ] || [ -n "$(ls "$work/artifacts")" ]; then
  echo "fuzz-$name FAILED (exit status $status); the report:"
  grep -E -A 40 '^==[0-9]+==|runtime error|ERROR: libFuzzer|\*\*\*\*' "$work/fuzz.log" | head -n 80 || true
  echo "inputs: $(ls "$work/artifacts"/* 2>/dev/null | tr '\n' ' ')"
  exit 1
fi
