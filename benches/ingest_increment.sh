#!/usr/bin/env bash
# Nightly-increment ingest benchmark (issue 18, target 4). Generates MONTHS + 1 monthly ESR
# snapshots (one region of PEOPLE staff each), ingests the first MONTHS, then adds the newest
# month to the same input root and times that ingest (the nightly case: the MONTHS unchanged
# files are re-used, only the new one is read and staged). Beside it, in the same script call:
# the same month ingested alone (an input root holding only it, into a fresh output), and a
# cold ingest of all MONTHS + 1. Runs interleaved RUNS times; prints medians, peak RSS, the
# ratio of the increment to the month alone and to the cold ingest (what an increment cost
# before re-use by file: the whole kind was ingested again), and where the increment's extra
# time goes (from one more increment run with `-v`: the check that the kept inputs are unchanged
# (their store version tags, else their SHA-256), the XXH64 of their staged parts, the re-fill
# of the uniqueness index from the key parts of kept files whose periods the new rows share). Fails
# unless the incremental staged folder is byte-identical to the cold one (every part; the
# markers hold timings and are not compared). Issue 18's target 4 bounds the whole run (at most
# 1.2 x the run over that month alone plus the queries): benches/run.sh measures that; this
# script shows the ingest's share.
#
# Usage: benches/ingest_increment.sh [PEOPLE] [MONTHS] [RUNS]   (defaults 1500000, 12, 3)
# BIN=/path/to/talentpipe uses that binary (e.g. a debug build, for a quick look at small
# sizes); otherwise the release binary is built in $CARGO_TARGET_DIR (or target/).
set -euo pipefail
cd "$(dirname "$0")/.."
read -r PEOPLE MONTHS RUNS <<< "${1:-1500000} ${2:-12} ${3:-3}"
WORK="${BENCH_DIR:-$(mktemp -d /tmp/talentpipe-increment.XXXXXX)}"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
if [ -z "${BIN:-}" ]; then
  PROFILE="${PROFILE:-release}"
  echo "building the $PROFILE binary in ${CARGO_TARGET_DIR:-target} ..."
  cargo build --profile "$PROFILE" --quiet
  BIN="${CARGO_TARGET_DIR:-target}/$PROFILE/talentpipe"
fi

TOTAL=$((MONTHS + 1))
if [ "$(cat "$WORK/input.people" 2>/dev/null)" != "$PEOPLE x $TOTAL" ]; then
  echo "generating $PEOPLE people, $TOTAL monthly ESR snapshots in $WORK/all ..."
  rm -rf "$WORK/all"
  "$BIN" generate --out "$WORK/all" --regions Y56 --people "$PEOPLE" --months "$TOTAL" --kinds esr_workforce --seed 1 >/dev/null
  echo "$PEOPLE x $TOTAL" > "$WORK/input.people"
fi
mapfile -t FILES < <(ls "$WORK"/all/esr_workforce/*.csv | sort)
NEWEST="${FILES[$MONTHS]}"
# Input roots: `nightly` (the first MONTHS files, then the newest too), `month` (the newest
# alone). Hard links: the same bytes, no copies.
rm -rf "$WORK/nightly" "$WORK/month" "$WORK"/out-*
mkdir -p "$WORK/nightly/esr_workforce" "$WORK/month/esr_workforce"
for f in "${FILES[@]:0:$MONTHS}"; do ln "$f" "$WORK/nightly/esr_workforce/"; done
ln "$NEWEST" "$WORK/month/esr_workforce/"
echo "input: $TOTAL files, $(du -ch "${FILES[@]}" | tail -1 | cut -f1); the newest month $(du -h "$NEWEST" | cut -f1)"

measure() { # label, command...; prints "seconds rss_mb"
  local log="$WORK/time.$1"
  shift
  /usr/bin/time -v -o "$log" "$@" >"$log.out"
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%s ", s}
              /Maximum resident set size/ {printf "%.0f\n", $2/1024}' "$log"
}
tp() { # tp LABEL INPUT OUTPUT [--force]
  TALENTPIPE_PSEUDONYM_KEY=bench-key measure "$1" "$BIN" -q --config /dev/null --input "$2" --output "$3" ingest ${4:-}
}
newest_in() { ln -f "$NEWEST" "$WORK/nightly/esr_workforce/"; }
newest_out() { rm -f "$WORK/nightly/esr_workforce/$(basename "$NEWEST")"; }

echo "staging the first $MONTHS months ..."
tp setup "$WORK/nightly" "$WORK/out-nightly" --force >/dev/null
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
INC_ALL=""; ONE_ALL=""; INC_MB=0; ONE_MB=0
for run in $(seq "$RUNS"); do
  # Back to MONTHS files (this ingest removes the newest month's parts), then the increment.
  newest_out
  tp reset "$WORK/nightly" "$WORK/out-nightly" >/dev/null
  newest_in
  read -r s mb < <(tp increment "$WORK/nightly" "$WORK/out-nightly")
  INC_ALL="$INC_ALL $s"; (( mb > INC_MB )) && INC_MB=$mb
  read -r s mb < <(tp month "$WORK/month" "$WORK/out-month" --force)
  ONE_ALL="$ONE_ALL $s"; (( mb > ONE_MB )) && ONE_MB=$mb
done
grep -q "$MONTHS unchanged file(s) re-used as staged" "$WORK/time.increment.out" \
  || { echo "FAIL: the increment did not re-use the $MONTHS unchanged files:"; cat "$WORK/time.increment.out"; exit 1; }
read -r COLD_S COLD_MB < <(tp cold "$WORK/nightly" "$WORK/out-cold" --force)
INC_S=$(echo "$INC_ALL" | median); ONE_S=$(echo "$ONE_ALL" | median)
# One more increment, logged: the time of each step of the re-use.
newest_out
tp reset "$WORK/nightly" "$WORK/out-nightly" >/dev/null
newest_in
TALENTPIPE_PSEUDONYM_KEY=bench-key "$BIN" -v --log-format json --config /dev/null --input "$WORK/nightly" \
  --output "$WORK/out-nightly" ingest 2>"$WORK/increment.log" >/dev/null
step() { grep -F "\"message\":\"$1" "$WORK/increment.log" | sed 's/.*"elapsed_ms":\([0-9]*\).*/\1/' | head -1; }

printf '\n%-44s %9s %9s   %s\n' "ingest" median_s peak_MB "runs (s)"
printf '%-44s %9.2f %9d  %s\n' "increment: $MONTHS months staged, 1 added" "$INC_S" "$INC_MB" "$INC_ALL"
printf '%-44s %9.2f %9d  %s\n' "that month alone" "$ONE_S" "$ONE_MB" "$ONE_ALL"
printf '%-44s %9.2f %9d\n' "cold: all $TOTAL months" "$COLD_S" "$COLD_MB"
printf '\nincrement / month alone: %.2f   increment / cold: %.2f\n' "$(echo "$INC_S / $ONE_S" | bc -l)" "$(echo "$INC_S / $COLD_S" | bc -l)"
printf 'increment steps (ms): kept inputs checked unchanged (version tag, else SHA-256) %s, their staged parts verified %s, index re-filled %s\n' \
  "$(step 'inputs unchanged')" "$(step 'staged parts verified')" "$(step 'uniqueness index re-filled')"
ok=0
if diff -r -q -x '*.json' "$WORK/out-nightly/staged" "$WORK/out-cold/staged" >/dev/null; then
  echo "PASS identical: the incremental staged folder is byte-identical to the cold one"
else
  echo "FAIL identical: $(diff -r -q -x '*.json' "$WORK/out-nightly/staged" "$WORK/out-cold/staged" | head -3)"; ok=1
fi
exit $ok
