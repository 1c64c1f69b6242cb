"""`make attack`: the abuse probes of issue 15 against gunicorn on 127.0.0.1, bounded in
requests and time, printing what held.

Builds a small seeded database of its own (SQLite in a temporary folder), starts Redis on a
spare port when `redis-server` is installed (else the caches are per process), serves the site
with gunicorn and production settings (API_ANON_RATE 120/minute, PAGE_MISS_RATE 300/minute,
the page cache on), then:

- rotates X-Forwarded-For over uncached API requests (the rate must hold);
- forces page misses (the page rate must hold; cached pages stay open);
- floods the page cache with distinct pages (a throttled client's record must survive);
- sends Host: localhost:6666 and Host: evil.example (no poisoned links, no cached answer);
- sends TRACE, OPTIONS and overlong URLs (405, no rendering, JSON 414), and measures the log;
- fills Redis (maxmemory, noeviction), then stops it: reads must still answer.

Loopback only. Results: bench/results/attack.md and attack.json.
"""

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import PORT, PYTHON, ROOT, log, publish, run, start_server  # noqa: E402

REDIS_PORT = 6391
API_RATE = 120
PAGE_RATE = 300


def request(method, path, headers=None):
    """(status, headers, body) of one request to the local server."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.request(method, path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def statuses(paths, headers=lambda n: {}):
    counts = {}
    for n, path in enumerate(paths):
        status = request("GET", path, headers(n))[0]
        counts[status] = counts.get(status, 0) + 1
    return counts


def start_redis(folder):
    if not shutil.which("redis-server"):
        return None
    log(f"redis-server on 127.0.0.1:{REDIS_PORT}")
    process = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return process


def redis_cli(*args):
    subprocess.run(["redis-cli", "-p", str(REDIS_PORT), *args], check=True, capture_output=True)


def environment(folder, redis):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/attack.sqlite3",
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "attack-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "API_ANON_RATE": f"{API_RATE}/minute",
        "PAGE_MISS_RATE": f"{PAGE_RATE}/minute",
        "PAGE_CACHE_SECONDS": "300",
        "TRUSTED_PROXY_COUNT": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "alemkb.settings",
        "PYTHONPATH": str(ROOT),
    }
    if redis:
        env["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="alemkb-attack-"))
    redis = start_redis(folder)
    env = environment(folder, redis)
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    run(PYTHON, "manage.py", "seed", env=env, stdout=subprocess.DEVNULL)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    log_file = folder / "gunicorn.log"
    with open(log_file, "wb") as server_log:
        server = start_server(options.workers, {**env}, stderr=server_log)
        try:
            rows = probes(options.workers, redis is not None, log_file)
        finally:
            server.terminate()
            server.wait()
            if redis:
                redis.terminate()
    shared = "Redis" if redis else "each process's memory (no redis-server installed)"
    lines = [
        "# make attack",
        "",
        f"gunicorn, {options.workers} workers, SQLite, caches in {shared}; "
        f"API_ANON_RATE {API_RATE}/minute, PAGE_MISS_RATE {PAGE_RATE}/minute.",
        "",
        "| probe | expected | seen | held |",
        "| --- | --- | --- | --- |",
        *(f"| {p} | {e} | {s} | {'yes' if h else '**no**'} |" for p, e, s, h in rows),
    ]
    keys = ("probe", "expected", "seen", "held")
    figures = [dict(zip(keys, (p, e, str(s), h), strict=True)) for p, e, s, h in rows]
    publish("attack", "\n".join(lines), figures)
    shutil.rmtree(folder, ignore_errors=True)
    return 0 if all(held for *_, held in rows) else 1


def probes(workers, shared, log_file):
    """[(probe, expected, seen, held)]."""
    api_limit = API_RATE if shared else API_RATE * workers
    page_limit = PAGE_RATE if shared else PAGE_RATE * workers
    rows = []

    seen = statuses(
        [f"/api/v1/cases/?q=rotate{n}" for n in range(300)],
        headers=lambda n: {"X-Forwarded-For": f"203.0.113.{n % 250}"},
    )
    answered = seen.get(200, 0)
    rows.append(
        (
            "300 uncached API requests, X-Forwarded-For rotated",
            f"at most {api_limit} answered",
            f"{answered} answered, {seen.get(429, 0)} × 429",
            answered <= api_limit,
        )
    )

    request("GET", "/complications/dah/")
    misses = statuses([f"/search/?q=miss{n}" for n in range(400)])
    cached = request("GET", "/complications/dah/")[0]
    answered = misses.get(200, 0)
    rows.append(
        (
            "400 page misses from one client",
            f"at most {page_limit} answered; a cached page still 200",
            f"{answered} answered, {misses.get(429, 0)} × 429; cached page {cached}",
            answered <= page_limit and cached == 200,
        )
    )

    still = request("GET", "/api/v1/cases/?q=after-flood")[0]
    rows.append(("the throttled API client after 400 distinct pages", "429", still, still == 429))

    request("GET", "/api/v1/complications/", {"Host": "localhost:6666"})
    poisoned = b"6666" in request("GET", "/api/v1/complications/", {"Host": "localhost"})[2]
    rows.append(
        (
            "Host: localhost:6666, then a normal request",
            "no link to port 6666",
            "poisoned" if poisoned else "clean",
            not poisoned,
        )
    )

    evil = request("GET", "/complications/dah/", {"Host": "evil.example"})[0]
    rows.append(("Host: evil.example on a cached URL", "400", evil, evil == 400))

    status, _, body = request("TRACE", "/")
    rows.append(("TRACE /", "405, nothing rendered", f"{status}, {len(body)} bytes", status == 405))
    status, headers, body = request("OPTIONS", "/cases/")
    rows.append(
        (
            "OPTIONS /cases/",
            "200, empty, with Allow",
            f"{status}, {len(body)} bytes, Allow: {headers.get('Allow')}",
            status == 200 and not body and "GET" in headers.get("Allow", ""),
        )
    )

    status, headers, _ = request("GET", "/api/v1/cases/?q=" + "x" * 5000)
    kind = headers.get("Content-Type", "")
    rows.append(("a 5,000-character API URL", "414, JSON", f"{status}, {kind}", status == 414))

    size = log_file.stat().st_size
    for n in range(200):
        request("GET", f"/search/?q={n}{'y' * 3000}")
    grown = log_file.stat().st_size - size
    rows.append(("200 distinct 3 KB URLs", "under 100 KB of log", f"{grown:,} bytes", grown < 1e5))

    if shared:
        reads = ["/", "/complications/dah/", "/api/v1/stats/", "/cases/?sex=female"]
        redis_cli("config", "set", "maxmemory", "1")  # full: every write refused
        redis_cli("config", "set", "maxmemory-policy", "noeviction")
        full = statuses([*reads, "/search/?q=new-while-full"])
        rows.append(("Redis full (noeviction): reads", "no 5xx", full, max(full) < 500))
        redis_cli("shutdown", "nosave")
        down = statuses(reads * 5)
        rows.append(("Redis stopped: 20 reads", "no 5xx", down, max(down) < 500))
    return rows


if __name__ == "__main__":
    sys.exit(main())
