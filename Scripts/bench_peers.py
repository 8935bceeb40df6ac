"""Per-day aggregates of every column of a wide log, by DuckDB or pandas, for the report benchmark.
Usage: python bench_peers.py duckdb|pandas FILE"""
import sys, time

which, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
if which == "duckdb":
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    rows = con.execute(
        f"SELECT date_trunc('day', \"timestamp\") AS day, avg(COLUMNS(* EXCLUDE (\"timestamp\"))) "
        f"FROM read_csv('{path}') GROUP BY day ORDER BY day").fetchall()
else:
    import pandas as pd
    df = pd.read_csv(path, parse_dates=["timestamp"], index_col="timestamp")
    rows = df.resample("D").mean()
print(f"{which}: {len(rows)} days in {time.perf_counter() - t0:.3f} s", file=sys.stderr)
