#!/usr/bin/env bash
# Whole-run benchmark (issue: queries and publishing). Generates a multi-region input root,
# runs `talentpipe run` end to end (ingest, every shipped query, publish) with the release
# binary, cold (ingest too), warm (inputs unchanged: ingest reused) and warm within a 1 GB memory
# pool, and runs the same SQL files in DuckDB over the same CSVs (duckdb_run.py: views with the
# staged column names, then every query as a table), printing wall time, peak RSS, the ratio to
# DuckDB's time and the exit status of each. Then the nightly increment (issue 18, target 4):
# the newest ESR month is taken out of the input root and the rest ingested, then it is put back
# and `talentpipe run` timed (ingest of that file alone, every query, publish); beside it, that
# month ingested alone. The bound: the increment at most 1.2 x the month alone plus the warm run
# (the queries and publish over the same inputs).
# Usage: benches/run.sh [PEOPLE_PER_REGION] [MONTHS]   (default 50000 people, 3 months, 7 regions)
# National scale: benches/run.sh 200000 13  (about 18 million ESR rows; needs time and disk)
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE="${1:-50000}"
MONTHS="${2:-3}"
WORK="${BENCH_DIR:-$(mktemp -d /tmp/talentpipe-run-bench.XXXXXX)}"
TARGET="${CARGO_TARGET_DIR:-target}"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb
PROFILE="${PROFILE:-release}"
cargo build --profile "$PROFILE" --quiet
BIN="$TARGET/$PROFILE/talentpipe"

rm -rf "$WORK/input" "$WORK/out"
"$BIN" generate --out "$WORK/input" --regions Y56,Y58,Y59,Y60,Y61,Y62,Y63 --people "$PEOPLE" --months "$MONTHS" --seed 3 >/dev/null
ROWS=$(cat "$WORK"/input/*/*.csv | wc -l)
echo "input: $ROWS lines in $(ls "$WORK"/input/*/*.csv | wc -l) files ($(du -sh "$WORK/input" | cut -f1))"

measure() {
  local log="$WORK/time.$1"; shift
  /usr/bin/time -v -o "$log" "$@" > "$log.out" 2> "$log.err" || true
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%s ", s}
              /Maximum resident set size/ {printf "%.0f ", $2/1024}
              /Exit status/ {printf "%s\n", $2}' "$log"
}
tp() {  # tp NAME [CONFIG]: talentpipe run over the bench input
  local config="${2:-/dev/null}"
  TALENTPIPE_PSEUDONYM_KEY=bench-key measure "$1" "$BIN" -q --config "$config" \
    --input "$WORK/input" --output "$WORK/out" run ${FORCE:-} --queries queries
}
read -r TP_S TP_MB TP_X < <(FORCE=--force tp talentpipe)
# Inputs unchanged: ingest reuses every staged kind, so this is the queries and publish alone.
read -r TW_S TW_MB TW_X < <(tp talentpipe-warm)
read -r DK_S DK_MB DK_X < <(measure duckdb python3 benches/duckdb_run.py "$WORK/input" queries "$WORK/out")
grep -h "rejected" "$WORK/time.duckdb.out" || true
# The same warm run within a 1 GB memory pool: sorts and aggregations spill to TMPDIR.
printf "[runtime]\nmemory_limit = '1g'\n" > "$WORK/limited.toml"
read -r TL_S TL_MB TL_X < <(tp talentpipe-1g "$WORK/limited.toml")
printf '\n%-38s %9s %10s %8s %5s\n' "tool" seconds peak_MB "x duckdb" exit
row() { awk -v n="$1" -v s="$2" -v m="$3" -v x="$4" -v d="$DK_S" 'BEGIN {printf "%-38s %9.2f %10d %8.2f %5s\n", n, s, m, s / d, x}'; }
row "talentpipe run (cold: ingest too)" "$TP_S" "$TP_MB" "$TP_X"
row "talentpipe run (warm: ingest reused)" "$TW_S" "$TW_MB" "$TW_X"
row "talentpipe run (warm, 1 GB pool)" "$TL_S" "$TL_MB" "$TL_X"
row "duckdb (same SQL over CSV)" "$DK_S" "$DK_MB" "$DK_X"

# The nightly increment. `mv` keeps each file's inode and time, so the kept files are the ones
# staged before (their version tags unchanged).
NEWEST=$(ls "$WORK"/input/esr_workforce/*.csv | sort | tail -1)
rm -rf "$WORK/aside" "$WORK/month" "$WORK/out-month"
mkdir -p "$WORK/aside" "$WORK/month/esr_workforce"
mv "$NEWEST" "$WORK/aside/"
TALENTPIPE_PSEUDONYM_KEY=bench-key "$BIN" -q --config /dev/null --input "$WORK/input" --output "$WORK/out" ingest >/dev/null
mv "$WORK/aside/$(basename "$NEWEST")" "$NEWEST"
read -r TI_S TI_MB TI_X < <(tp talentpipe-increment)
ln "$NEWEST" "$WORK/month/esr_workforce/"
read -r TM_S TM_MB TM_X < <(TALENTPIPE_PSEUDONYM_KEY=bench-key measure month "$BIN" -q --config /dev/null \
  --input "$WORK/month" --output "$WORK/out-month" ingest)
row "talentpipe run (increment: 1 month added)" "$TI_S" "$TI_MB" "$TI_X"
row "ingest of that month alone" "$TM_S" "$TM_MB" "$TM_X"
awk -v i="$TI_S" -v m="$TM_S" -v w="$TW_S" 'BEGIN {b = 1.2 * m + w;
  printf "\nincrement %.2f s against 1.2 x month alone + warm run = %.2f s: %s\n", i, b, (i <= b) ? "within" : "above"}'
