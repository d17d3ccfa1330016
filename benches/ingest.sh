#!/usr/bin/env bash
# Ingest benchmark (issue: foundation). Generates a national-scale ESR extract (1.5 million
# people, one monthly snapshot: about 1.59 million assignment rows), ingests it with the release
# binary, and converts the same CSV to zstd Parquet with DuckDB's read_csv + COPY, side by side.
# Prints rows, median seconds, rows/s and peak RSS for both, and PASS/FAIL against the targets:
#   talentpipe median wall time <= DuckDB median wall time, and talentpipe peak RSS < 1 GB.
# MONTHS > 1 generates that many monthly snapshot files (one national snapshot each) and ingests
# them in one run, to show that memory stays bounded as the input grows.
# Usage: benches/ingest.sh [PEOPLE] [RUNS] [MONTHS]      (defaults 1500000, 9 and 1)
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE="${1:-1500000}"
RUNS="${2:-9}"
MONTHS="${3:-1}"
WORK="${BENCH_DIR:-$(mktemp -d /tmp/talentpipe-bench.XXXXXX)}"
TARGET="${CARGO_TARGET_DIR:-target}"

command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb

PROFILE="${PROFILE:-release}"
echo "building the $PROFILE binary in $TARGET ..."
cargo build --profile "$PROFILE" --quiet
BIN="$TARGET/$PROFILE/talentpipe"

rm -rf "$WORK/out" "$WORK/duck.parquet"
if [ "$(cat "$WORK/input.people" 2>/dev/null)" != "$PEOPLE x $MONTHS" ]; then
  echo "generating $PEOPLE people ($MONTHS monthly ESR snapshots) in $WORK/input ..."
  rm -rf "$WORK/input"
  "$BIN" generate --out "$WORK/input" --regions Y56 --people "$PEOPLE" --months "$MONTHS" --kinds esr_workforce --seed 1 >/dev/null
  echo "$PEOPLE x $MONTHS" > "$WORK/input.people"
fi
CSV="$WORK/input/esr_workforce/*.csv"
FILES=$(ls $CSV | wc -l)
ROWS=$(($(cat $CSV | wc -l) - FILES))
echo "extract: $CSV ($FILES files, $ROWS rows, $(du -ch $CSV | tail -1 | cut -f1))"

measure() { # label, command...; prints "seconds rss_mb"
  local log="$WORK/time.$1"
  shift
  /usr/bin/time -v -o "$log" "$@" >/dev/null
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  echo "$secs $rss"
}

# Shared two-core machines are noisy: run both tools RUNS times, interleaved, and compare
# medians (the peak RSS reported is the largest of the runs).
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
TP_ALL=""; DK_ALL=""; TP_MB=0; DK_MB=0
for run in $(seq "$RUNS"); do
  read -r s mb < <(TALENTPIPE_PSEUDONYM_KEY=bench-key measure talentpipe "$BIN" -q --config /dev/null --input "$WORK/input" --output "$WORK/out" ingest --force)
  TP_ALL="$TP_ALL $s"; (( mb > TP_MB )) && TP_MB=$mb
  read -r s mb < <(measure duckdb python3 -c "
import duckdb
con = duckdb.connect()
con.execute(\"COPY (SELECT * FROM read_csv('$CSV')) TO '$WORK/duck.parquet' (FORMAT parquet, COMPRESSION zstd)\")
")
  DK_ALL="$DK_ALL $s"; (( mb > DK_MB )) && DK_MB=$mb
done
TP_S=$(echo "$TP_ALL" | median); DK_S=$(echo "$DK_ALL" | median)

printf '\n%-12s %10s %9s %12s %10s   %s\n' tool rows median_s rows/s peak_MB "runs (s)"
printf '%-12s %10d %9.2f %12.0f %10d  %s\n' talentpipe "$ROWS" "$TP_S" "$(echo "$ROWS / $TP_S" | bc -l)" "$TP_MB" "$TP_ALL"
printf '%-12s %10d %9.2f %12.0f %10d  %s\n' duckdb "$ROWS" "$DK_S" "$(echo "$ROWS / $DK_S" | bc -l)" "$DK_MB" "$DK_ALL"
echo
ok=0
if (( $(echo "$TP_S <= $DK_S" | bc -l) )); then echo "PASS time: talentpipe median ${TP_S}s <= DuckDB median ${DK_S}s"; else echo "FAIL time: talentpipe median ${TP_S}s > DuckDB median ${DK_S}s"; ok=1; fi
if (( TP_MB < 1024 )); then echo "PASS memory: peak RSS ${TP_MB} MB < 1024 MB"; else echo "FAIL memory: peak RSS ${TP_MB} MB"; ok=1; fi
exit $ok
