"""`make bench`: AlemKB under load on this machine, against PostgreSQL, compared with static files.

Creates a fresh benchmark database, loads the seeds and synthetic data (default 100,000 patients,
20,000 citations), starts gunicorn on 127.0.0.1, drives every endpoint with wrk, and prints one
table (also written to bench/results/latest.json and latest.md). A benchmark, not a test: it
reports figures and never fails CI.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
RESULTS = ROOT / "bench" / "results"
DATABASE = "alemkb_bench"
PORT = 8123
BASE = f"http://127.0.0.1:{PORT}"
FLOOR = "/static/bench-floor.html"

# (name, URL, uncached): an uncached URL gets a fresh query string on every request (report.lua).
ENDPOINTS = [
    ("static floor", FLOOR, False),
    ("home", "/", False),
    ("complication page", "/complications/dah/", False),
    ("cases, filtered", "/cases/?complication=dah&sex=female", False),
    ("cases, deep page", "/cases/?page=200", False),
    ("search", "/search/?q=haemoptysis", False),
    ("API cases, filtered", "/api/v1/cases/?complication=hlh&outcome=died&ordering=-age", False),
    ("API cases, deep page", "/api/v1/cases/?page=199", False),
    ("API stats", "/api/v1/stats/", False),
    ("citation export (RIS)", "/api/v1/citations/?complication=dah&format=ris", False),
    ("search, uncached", "/search/?q=haemoptysis", True),
    ("search matching every synthetic row, uncached", "/search/?q=synthetic+presentation", True),
    ("API cases, filtered, uncached", "/api/v1/cases/?complication=hlh&sex=male", True),
    ("complication page, uncached", "/complications/dah/", True),
]
SMALL_SCALE = (1_000, 200)  # patients, citations: query counts are compared with the full scale
FULL_EXPORT = "/api/v1/cases/?format=csv"
FLOOR_SECONDS = 5


def publish(name, text, figures):
    """Print the summary and write it to bench/results/NAME.md, the figures to NAME.json."""
    print("\n" + text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.md").write_text(text + "\n")
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2) + "\n")


def log(message):
    print(f"[bench] {message}", flush=True)


def run(*args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def environment(database_url):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "benchmark-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "ALEMKB_BENCHMARK_DATABASE": "1",
        "API_ANON_RATE": "",
        "PAGE_MISS_RATE": "",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "alemkb.settings",
        "PYTHONPATH": str(ROOT),
    }


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("installing wrk from Debian's packages")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


def fresh_database(admin_url):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def database_exists(admin_url):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        return connection.execute(query, [DATABASE]).fetchone() is not None


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def memory_kb(pid, field):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+)", status).group(1))


def start_server(workers, env, stderr=None):
    """gunicorn on 127.0.0.1, as in production (DEBUG off, static files through WhiteNoise)."""
    log(f"gunicorn with {workers} workers on {BASE}")
    server = subprocess.Popen(
        [GUNICORN, "alemkb.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", str(workers)]
        + ["--timeout", "120", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stderr=stderr,
    )
    try:
        wait_for_server()
    except RuntimeError:
        server.terminate()
        raise
    return server


def wait_for_server():
    """Until gunicorn answers anything at all (a 404 means it is up too)."""
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/", timeout=1).read()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def wrk(url, seconds, connections, uncached=False, paths=None):
    """Drive `url` (or, with `paths`, a rotation of URLs) and return wrk's figures."""
    env = {**os.environ}
    if uncached:
        env["BENCH_UNCACHED"] = "1"
    if paths:
        env["BENCH_PATHS"] = " ".join(paths)
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            BASE + url,
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    return json.loads(output.split("RESULT ", 1)[1])


def full_export(master):
    before = {pid: memory_kb(pid, "VmHWM") for pid in worker_pids(master)}
    started = time.monotonic()
    with urllib.request.urlopen(BASE + FULL_EXPORT, timeout=300) as response:
        rows = sum(chunk.count(b"\n") for chunk in iter(lambda: response.read(1 << 16), b"")) - 1
    seconds = time.monotonic() - started
    growth = max(memory_kb(pid, "VmHWM") - kb for pid, kb in before.items())
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "peak_memory_growth_mb": round(growth / 1024, 1),
    }


def exports_beside_copies(master, database_url, rounds=3):
    """The full export and PostgreSQL's COPY of its columns, alternately, `rounds` times each:
    the medians, so that a slow moment of the machine does not fall on one side only."""
    exports, copies = [], []
    for _ in range(rounds):
        exports.append(full_export(master))
        copies.append(postgres_copy(database_url))
    export = sorted(exports, key=lambda e: e["seconds"])[rounds // 2]
    export["peak_memory_growth_mb"] = max(e["peak_memory_growth_mb"] for e in exports)
    export["copy"] = sorted(copies, key=lambda c: c["seconds"])[rounds // 2]
    export["ratio_to_copy"] = round(export["seconds"] / export["copy"]["seconds"], 2)
    export["rounds"] = {
        "export": [e["seconds"] for e in exports],
        "copy": [c["seconds"] for c in copies],
    }
    return export


def postgres_copy(database_url):
    """PostgreSQL's own COPY of the export's columns (bench/export_copy.sql), read to the end."""
    import psycopg

    query = (ROOT / "bench" / "export_copy.sql").read_text()
    query = "\n".join(line for line in query.splitlines() if not line.startswith("--"))
    started = time.monotonic()
    rows = -1  # the header
    statement = f"COPY ({query}) TO STDOUT (FORMAT csv, HEADER)"
    with (
        psycopg.connect(database_url) as connection,
        connection.cursor() as cursor,
        cursor.copy(statement) as copy,
    ):
        for block in copy:
            rows += bytes(block).count(b"\n")
    return {"rows": rows, "seconds": round(time.monotonic() - started, 2)}


def after_publication(database_url):
    """Each uncached URL once, right after a publication: nothing is kept for the new content
    version yet, so the page, its parts, counts and rows are all computed afresh (the first
    reader after a publish pays this; everyone after reuses it)."""
    import psycopg

    timings = []
    for name, url, uncached in ENDPOINTS:
        if not uncached:
            continue
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(
                "UPDATE curation_contentversion SET number = number + 1, changed_at = now()"
            )
        time.sleep(1.5)  # every worker rereads the version within CONTENT_VERSION_CHECK_SECONDS
        started = time.monotonic()
        urllib.request.urlopen(BASE + url, timeout=60).read()
        timings.append({"name": name, "ms": round((time.monotonic() - started) * 1000, 1)})
    return timings


def table(results, export, patients, citations, first_after_publication):
    when = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    lines = [
        f"AlemKB benchmark, {when}: {patients:,} synthetic patients, {citations:,} citations, "
        f"PostgreSQL, gunicorn, wrk at {results[0]['connections']} connections. Each ratio is "
        "to the static floor measured right before the endpoint (a file the size of the home "
        "page, served by the same server).",
        "",
        "| endpoint | req/s | floor req/s | ratio to floor | p50 ms | p95 ms | p99 ms | errors "
        f"| queries at {SMALL_SCALE[0]:,} | queries at {patients:,} |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['name']} | {r['rps']:.0f} | {r['floor_rps']:.0f} | "
            f"{r['rps'] / r['floor_rps']:.2f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['p99']:.1f} | {r['errors']} | {r['queries_small']} | {r['queries']} |"
        )
    lines += [
        "",
        f"Full CSV export of {export['rows']:,} patients: {export['seconds']} s (median of "
        f"{export['rounds']['export']}), peak worker memory grew by "
        f"{export['peak_memory_growth_mb']} MB; PostgreSQL's own COPY of the same columns "
        f"({export['copy']['rows']:,} rows, bench/export_copy.sql), run alternately with it: "
        f"{export['copy']['seconds']} s (median of {export['rounds']['copy']}). The export "
        f"takes {export['ratio_to_copy']:.2f}× as long.",
        "",
        "The first request after a publication, one at a time (nothing kept yet for the new "
        "content version): "
        + "; ".join(f"{t['name']} {t['ms']:.0f} ms" for t in first_after_publication)
        + ".",
        "",
        "Targets (issue 15):",
        "",
        *(f"- {text}: {'met' if met else 'NOT MET'}" for text, met in targets(results, export)),
    ]
    return "\n".join(lines)


def targets(results, export):
    """[(what, whether it holds)] for the targets this benchmark is held to."""
    by_name = {r["name"]: r for r in results}

    def ratio(name):
        return by_name[name]["rps"] / by_name[name]["floor_rps"]

    search, fresh = by_name["search"], by_name["search, uncached"]
    every = by_name["search matching every synthetic row, uncached"]
    listed = by_name["API cases, filtered, uncached"]
    cached = [r for r in results if not r["uncached"] and r["url"] != FLOOR]
    lowest = min(cached, key=lambda r: r["rps"] / r["floor_rps"])
    found = [
        (
            f"uncached complication page at least 0.03 of the floor "
            f"({ratio('complication page, uncached'):.2f})",
            ratio("complication page, uncached") >= 0.03,
        ),
        (
            f"uncached filtered API list at least 0.03 of the floor "
            f"({ratio('API cases, filtered, uncached'):.2f})",
            ratio("API cases, filtered, uncached") >= 0.03,
        ),
        (
            f"uncached search p95 within 5× a cached search's "
            f"({fresh['p95']:.1f} ms against {search['p95']:.1f} ms: "
            f"{fresh['p95'] / search['p95']:.1f}×)",
            fresh["p95"] <= 5 * search["p95"],
        ),
        (
            f"a search matching every synthetic row no slower than a filtered list, both "
            f"uncached ({every['rps']:.0f} against {listed['rps']:.0f} req/s)",
            every["rps"] >= listed["rps"],
        ),
        (
            f"full CSV export within 2× of COPY ({export['ratio_to_copy']:.2f}×)",
            export["ratio_to_copy"] <= 2,
        ),
        (
            f"cached rows at least 0.9 of the floor (lowest: {lowest['name']}, "
            f"{lowest['rps'] / lowest['floor_rps']:.2f})",
            lowest["rps"] / lowest["floor_rps"] >= 0.9,
        ),
    ]
    return found


def generate(patients, citations, seed, env):
    log(f"{patients:,} synthetic patients, {citations:,} citations")
    run(
        PYTHON,
        "manage.py",
        "generate_synthetic",
        *("--patients", str(patients), "--citations", str(citations), "--seed", str(seed)),
        env=env,
    )


def query_counts(env):
    urls = [url for _, url, _ in ENDPOINTS[1:]]
    # Cache off: count what computing each answer costs (a URL measured twice, as its cached
    # and uncached rows, would otherwise count a hit the second time).
    env = {**env, "PAGE_CACHE_SECONDS": "0"}
    output = run(
        PYTHON, "bench/query_counts.py", *urls, env=env, capture_output=True, text=True
    ).stdout
    return json.loads(output)


def load_database(options, env):
    """A fresh database at the small scale, its query counts, then the rest of the data."""
    log(f"fresh database {DATABASE}")
    fresh_database(options.postgres)
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    run(PYTHON, "manage.py", "seed", env=env)
    small_patients, small_citations = SMALL_SCALE
    generate(small_patients, small_citations, 1, env)
    small = query_counts(env)
    generate(options.patients - small_patients, options.citations - small_citations, 2, env)
    analyze(env["DATABASE_URL"])
    return small


def analyze(database_url):
    """Planner statistics for the bulk-loaded rows, as autovacuum would gather them in time."""
    import psycopg

    log("VACUUM ANALYZE")
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--citations", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the benchmark database of an earlier run (migrated, not regenerated)",
    )
    options = parser.parse_args()

    ensure_wrk()
    database_url = options.postgres.rsplit("/", 1)[0] + f"/{DATABASE}"
    env = environment(database_url)
    # Pages name their files through the static manifest, also when query_counts reads them.
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    if options.reuse_database and database_exists(options.postgres):
        log(f"reusing database {DATABASE}")
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
        small = {"counts": {}}
    else:
        small = load_database(options, env)

    log("queries per request")
    measured = query_counts(env)
    # The floor: a static file as large as the home page, served by the same server.
    (ROOT / "staticfiles" / "bench-floor.html").write_bytes(b"x" * measured["home_bytes"])

    server = start_server(options.workers, env)
    try:
        results = []
        for name, url, uncached in ENDPOINTS:
            wrk(url, 5, options.connections, uncached)  # warm up: every worker fills its cache
            # The floor again right before each endpoint: on a shared machine the speed drifts
            # within a run, and a ratio to a floor measured minutes earlier would measure that.
            floor = wrk(FLOOR, FLOOR_SECONDS, options.connections)
            result = wrk(url, options.seconds, options.connections, uncached)
            results.append(
                {
                    "name": name,
                    "url": url,
                    "uncached": uncached,
                    "connections": options.connections,
                    "floor_rps": floor["rps"],
                    "queries": measured["counts"].get(url, {"queries": 0})["queries"],
                    "queries_small": small["counts"].get(url, {"queries": "-"})["queries"],
                    **result,
                }
            )
            log(
                f"{name}: {result['rps']:.0f} req/s (floor {floor['rps']:.0f}), "
                f"p99 {result['p99']:.1f} ms"
            )
        export = exports_beside_copies(server.pid, database_url)
        first = after_publication(database_url)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    report = table(results, export, options.patients, options.citations, first)
    publish(
        "latest",
        report,
        {
            "patients": options.patients,
            "citations": options.citations,
            "endpoints": results,
            "full_csv_export": export,
            "first_after_publication": first,
        },
    )


if __name__ == "__main__":
    sys.exit(main())
