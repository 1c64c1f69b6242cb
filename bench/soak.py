"""`make soak`: the benchmark harness at 64 connections for 2 minutes, watching for errors and
for workers whose memory keeps growing.

Every endpoint of the benchmark is requested in turn, the uncached ones with a fresh query
string each time, so the database works throughout. Reuses the benchmark database when one
exists (`make bench` builds it), otherwise builds it first. Prints figures; never fails CI.
"""

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (  # noqa: E402
    DATABASE,
    ENDPOINTS,
    FLOOR,
    PYTHON,
    database_exists,
    ensure_wrk,
    environment,
    load_database,
    log,
    memory_kb,
    publish,
    run,
    start_server,
    worker_pids,
    wrk,
)

SAMPLE_SECONDS = 5


def sample_memory(master, samples, stop):
    """Every few seconds, each worker's resident memory in MB."""
    started = time.monotonic()
    while not stop.wait(SAMPLE_SECONDS):
        rss = {pid: round(memory_kb(pid, "VmRSS") / 1024, 1) for pid in worker_pids(master)}
        samples.append({"second": round(time.monotonic() - started), "rss_mb": rss})


def growth(samples, since):
    """The largest rise of any worker's memory between second `since` and the end."""
    start = next(s for s in samples if s["second"] >= since)["rss_mb"]
    end = samples[-1]["rss_mb"]
    return max(end[pid] - start[pid] for pid in end if pid in start)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--citations", type=int, default=20_000)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    options = parser.parse_args()

    ensure_wrk()
    env = environment(options.postgres.rsplit("/", 1)[0] + f"/{DATABASE}")
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    if database_exists(options.postgres):
        log(f"reusing database {DATABASE}")
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    else:
        load_database(options, env)

    paths = [("!" if uncached else "") + url for _, url, uncached in ENDPOINTS if url != FLOOR]
    server = start_server(options.workers, env)
    samples, stop = [], threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(server.pid, samples, stop))
    sampler.start()
    try:
        log(f"{options.connections} connections for {options.seconds} s over {len(paths)} URLs")
        result = wrk("/", options.seconds, options.connections, paths=paths)
    finally:
        stop.set()
        sampler.join()
        server.terminate()
        server.wait(timeout=30)

    half = options.seconds // 2
    report = {
        "connections": options.connections,
        "seconds": options.seconds,
        "workers": options.workers,
        **result,
        "memory_growth_second_half_mb": growth(samples, half),
        "memory_samples": samples,
    }
    first, last = samples[0]["rss_mb"], samples[-1]["rss_mb"]
    lines = [
        f"Soak: {options.connections} connections for {options.seconds} s, "
        f"{options.workers} gunicorn workers, PostgreSQL, {len(paths)} URLs in turn",
        "",
        f"- requests: {result['requests']:,} ({result['rps']:.0f}/s), "
        f"p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms",
        f"- errors: {result['socket_errors']} socket errors, "
        f"{result['non_2xx_3xx']} responses other than 2xx/3xx",
        f"- worker memory (MB) at {samples[0]['second']} s: {sorted(first.values())}; "
        f"at {samples[-1]['second']} s: {sorted(last.values())}",
        f"- largest growth of one worker over the second half: "
        f"{report['memory_growth_second_half_mb']:.1f} MB",
    ]
    publish("soak", "\n".join(lines), report)


if __name__ == "__main__":
    sys.exit(main())
