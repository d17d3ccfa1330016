#!/usr/bin/env bash
# Whole-run benchmark (issue: queries and publishing). Generates a multi-region input root,
# runs `talentpipe run` end to end (ingest, every shipped query, publish) with the release
# binary, and runs the same SQL files in DuckDB over the same CSVs (duckdb_run.py: views with the
# staged column names, then every query as a table), printing wall time and peak RSS for both.
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
cargo build --release --quiet
BIN="$TARGET/release/talentpipe"

rm -rf "$WORK/input" "$WORK/out"
"$BIN" generate --out "$WORK/input" --regions Y56,Y58,Y59,Y60,Y61,Y62,Y63 --people "$PEOPLE" --months "$MONTHS" --seed 3 >/dev/null
ROWS=$(cat "$WORK"/input/*/*.csv | wc -l)
echo "input: $ROWS lines in $(ls "$WORK"/input/*/*.csv | wc -l) files ($(du -sh "$WORK/input" | cut -f1))"

measure() {
  local log="$WORK/time.$1"; shift
  /usr/bin/time -v -o "$log" "$@" > "$log.out"
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%s ", s}
              /Maximum resident set size/ {printf "%.0f\n", $2/1024}' "$log"
}
read -r TP_S TP_MB < <(TALENTPIPE_PSEUDONYM_KEY=bench-key measure talentpipe "$BIN" -q --config /dev/null \
  --input "$WORK/input" --output "$WORK/out" run --force --queries queries)
read -r DK_S DK_MB < <(measure duckdb python3 benches/duckdb_run.py "$WORK/input" queries "$WORK/out")
grep -h "rejected" "$WORK/time.duckdb.out" || true
printf '\n%-28s %9s %10s\n' "tool" seconds peak_MB
printf '%-28s %9.2f %10d\n' "talentpipe run (end to end)" "$TP_S" "$TP_MB"
printf '%-28s %9.2f %10d\n' "duckdb (same SQL over CSV)" "$DK_S" "$DK_MB"
