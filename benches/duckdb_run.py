"""Runs talentpipe's shipped queries in DuckDB over the generated CSVs (benches/run.sh).

Usage: python3 duckdb_run.py INPUT_ROOT QUERIES_DIR TALENTPIPE_OUTPUT
Creates the views of duckdb_views.sql and the run tables of talentpipe's latest committed run in
TALENTPIPE_OUTPUT (its manifest's run_tables: the same reporting date, windows and reference
lists), then every regional query file as a table named after the file, in dependency order
(retrying until no progress), and prints the queries DuckDB rejected.
"""
import json
import pathlib
import sys
import tempfile
import time

import duckdb

input_root, queries, output = (pathlib.Path(a) for a in sys.argv[1:4])
con = duckdb.connect()
views = (pathlib.Path(__file__).parent / "duckdb_views.sql").read_text().replace("INPUT", str(input_root))
con.execute(views)
run_id = (output / "LATEST").read_text().strip()
run_tables = json.loads((output / "runs" / run_id / "manifest.json").read_text())["run_tables"]
with tempfile.TemporaryDirectory() as tmp:
    for name, rows in run_tables.items():
        path = pathlib.Path(tmp) / f"{name}.json"
        path.write_text(json.dumps(rows if isinstance(rows, list) else [rows]))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_json_auto('{path}')")
    # Dates arrive as text in JSON: give run_parameters its DATE columns.
    con.execute("""CREATE OR REPLACE TABLE run_parameters AS SELECT * REPLACE (
        CAST(reporting_date AS DATE) AS reporting_date,
        CAST(reporting_year_start AS DATE) AS reporting_year_start,
        CAST(disciplinary_window_start AS DATE) AS disciplinary_window_start,
        CAST(oldest_usable_snapshot_date AS DATE) AS oldest_usable_snapshot_date) FROM run_parameters""")
pending = {
    p.name[: -len(".sql")]: p.read_text()
    for p in sorted(queries.rglob("*.sql"))
    if "national" not in p.relative_to(queries).parts and not p.name.endswith(".test.sql")
}
errors = {}
start = time.time()
while pending:
    progress = False
    for name, sql in list(pending.items()):
        try:
            con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")
            del pending[name]
            progress = True
        except duckdb.CatalogException as e:  # depends on a table not created yet
            errors[name] = str(e).splitlines()[0]
        except duckdb.Error as e:
            errors[name] = str(e).splitlines()[0]
            del pending[name]
            progress = True
    if not progress:
        break
elapsed = time.time() - start
failed = {n: e for n, e in errors.items() if n in pending or not con.execute(
    "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [n]).fetchone()[0]}
print(f"duckdb: {len(failed)} queries rejected, queries took {elapsed:.2f}s")
for n, e in sorted(failed.items()):
    print(f"  {n}: {e}")
