#!/usr/bin/env bash
# Years of monthly history (issue 18, target 3). Generates MONTHS monthly national snapshots
# (seven regions of PEOPLE staff, every extract kind; the default 60 months are about 95 M ESR
# rows, 108 M CSV rows, 16 GB) into BENCH_DIR, which should be outside the repo, then runs
# `talentpipe run` on it cold (ingest, every shipped query, publish) within a memory pool of
# MEMORY_LIMIT, printing wall time, peak RSS, exit status and the slowest queries. The target:
# it completes on this 2-core machine with a peak RSS under 4 GB.
# Usage: BENCH_DIR=/some/dir benches/history.sh [PEOPLE] [MONTHS] [MEMORY_LIMIT]
#        (defaults 214286 60 1g; the input is generated again only when PEOPLE or MONTHS change)
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE="${1:-214286}"
MONTHS="${2:-60}"
LIMIT="${3:-1g}"
WORK="${BENCH_DIR:?set BENCH_DIR to a folder outside the repo with about 25 GB free}"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
if [ -z "${BIN:-}" ]; then
  PROFILE="${PROFILE:-release}"
  cargo build --profile "$PROFILE" --quiet
  BIN="${CARGO_TARGET_DIR:-target}/$PROFILE/talentpipe"
fi
mkdir -p "$WORK"
if [ "$(cat "$WORK/input.size" 2>/dev/null)" != "$PEOPLE x $MONTHS" ]; then
  rm -rf "$WORK/input"
  "$BIN" generate --out "$WORK/input" --regions Y56,Y58,Y59,Y60,Y61,Y62,Y63 --people "$PEOPLE" \
    --months "$MONTHS" --seed 3 >/dev/null
  echo "$PEOPLE x $MONTHS" > "$WORK/input.size"
fi
echo "input: $(ls "$WORK"/input/*/*.csv | wc -l) files, $(du -sh "$WORK/input" | cut -f1)"
printf "[runtime]\nmemory_limit = '%s'\n" "$LIMIT" > "$WORK/limited.toml"
rm -rf "$WORK/out"
set +e
TALENTPIPE_PSEUDONYM_KEY=bench-key /usr/bin/time -v -o "$WORK/run.time" "$BIN" -v --log-format json \
  --config "$WORK/limited.toml" --input "$WORK/input" --output "$WORK/out" run --queries queries \
  > "$WORK/run.out" 2> "$WORK/run.err"
set -e
awk -F': ' -v limit="$LIMIT" -v months="$MONTHS" '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]}
  /Maximum resident set size/ {mb=$2/1024} /Exit status/ {x=$2}
  END {printf "\n%d months, memory_limit %s: %.0f s, peak RSS %.0f MB, exit %s: %s\n", months, limit, s, mb, x,
       (x == 0 && mb < 4096) ? "within the 4 GB target" : "NOT within the 4 GB target"}' "$WORK/run.time"
echo "slowest queries (ms):"
grep -o '"name":"[a-z_0-9]*","file[^}]*elapsed_ms":[0-9]*' "$WORK/run.err" \
  | sed 's/"name":"\([a-z_0-9]*\)".*elapsed_ms":\([0-9]*\)/\1 \2/' | sort -k2 -n -r | head -8
