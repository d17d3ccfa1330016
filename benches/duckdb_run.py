"""Runs talentpipe's shipped queries in DuckDB over the generated CSVs (benches/run.sh).

Usage: python3 duckdb_run.py INPUT_ROOT QUERIES_DIR
Creates the views of duckdb_views.sql, then every regional query file as a table named after the
file, in dependency order (retrying until no progress), and prints the queries DuckDB rejected.
"""
import pathlib
import sys
import time

import duckdb

input_root, queries = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
con = duckdb.connect()
views = (pathlib.Path(__file__).parent / "duckdb_views.sql").read_text().replace("INPUT", str(input_root))
con.execute(views)
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
