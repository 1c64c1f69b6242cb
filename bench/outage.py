"""`make outage`: stop PostgreSQL under load, start it again, and report what clients saw.

Builds a small database of its own (alemkb_outage), serves it with gunicorn, and keeps
readers busy on pages and API endpoints (each request a cache miss, so each reaches the
database). After a few seconds PostgreSQL is stopped; an editor submits a change during the
outage; PostgreSQL is started again. Prints the answers seen in each phase, whether any was
a 500 or showed a stack trace, what the editor was told and whether anything was saved, and
how long after PostgreSQL returned everything answered normally. Needs root (pg_ctlcluster).
"""

import argparse
import http.cookiejar
import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import BASE, PYTHON, environment, log, publish, run, start_server  # noqa: E402

DATABASE = "alemkb_outage"
READERS = 8
URLS = ["/", "/complications/dah/", "/cases/", "/api/v1/cases/", "/api/v1/stats/"]
EDITOR, PASSWORD = "outage-editor", "outage-editor-password-1"
CHANGE_FORM = "/admin/complications/complication/1/change/"


def cluster(action):
    version, name = subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True, check=True
    ).stdout.split()[:2]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action]
        + (["-m", "fast"] if action == "stop" else []),
        check=True,
    )


def fetch(url, opener=urllib.request.urlopen, data=None, headers=None):
    """(status, content type, body) without raising on an error status."""
    request = urllib.request.Request(BASE + url, data=data, headers=headers or {})
    try:
        with opener(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()
    except OSError as error:
        return 0, "", str(error).encode()


def reader(n, seen, stop, started):
    i = 0
    while not stop.is_set():
        url = URLS[(n + i) % len(URLS)]
        fresh = f"{n}-{i}"
        if url.startswith("/api/"):
            # The API refuses unknown parameters; a fresh Accept header is a cache miss too.
            accept = {"Accept": f"application/json, text/x-outage-{fresh}"}
            status, content_type, body = fetch(url, headers=accept)
        else:
            separator = "&" if "?" in url else "?"
            status, content_type, body = fetch(f"{url}{separator}outage={fresh}")
        seen.append((time.monotonic() - started, url, status, content_type, body))
        i += 1


def friendly(status, content_type, body):
    """A 503 that explains itself: JSON for the API, the page for the site, no stack trace."""
    text = body.decode(errors="replace")
    if "Traceback" in text or "OperationalError" in text:
        return False
    if content_type.startswith("application/json"):
        return "unavailable" in json.loads(text).get("detail", "")
    return "briefly unavailable" in text


def signed_in_editor():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)).open
    _, _, page = fetch("/admin/login/", opener)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = {"username": EDITOR, "password": PASSWORD, "csrfmiddlewaretoken": token}
    fetch("/admin/login/", opener, urllib.parse.urlencode(form).encode())
    # Signing in rotates the CSRF token: take the one the change form carries, as a browser would.
    _, _, page = fetch(CHANGE_FORM, opener)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    return opener, token


def editor_saves_during_outage(opener, token):
    """What the editor is told when a change meets the outage."""
    form = {"csrfmiddlewaretoken": token, "name": "Renamed during the outage"}
    status, _, body = fetch(CHANGE_FORM, opener, urllib.parse.urlencode(form).encode())
    return status, "Nothing you submitted was saved" in body.decode(errors="replace")


def prepare(env, postgres):
    import psycopg

    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    run(PYTHON, "manage.py", "seed", env=env)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    run(
        PYTHON, "manage.py", "createsuperuser", "--noinput", "--username", EDITOR,
        "--email", "editor@example.org", env={**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )  # fmt: skip


def wait_for_postgres():
    while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", type=float, default=5, help="seconds of load before")
    parser.add_argument("--outage", type=float, default=10, help="seconds PostgreSQL is down")
    parser.add_argument("--after", type=float, default=15, help="seconds of load after")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    options = parser.parse_args()

    env = environment(options.postgres.rsplit("/", 1)[0] + f"/{DATABASE}")
    log(f"fresh database {DATABASE}")
    prepare(env, options.postgres)
    server = start_server(4, env)
    seen, stop, started = [], threading.Event(), time.monotonic()
    try:
        opener, token = signed_in_editor()
        readers = [
            threading.Thread(target=reader, args=(n, seen, stop, started)) for n in range(READERS)
        ]
        for thread in readers:
            thread.start()
        time.sleep(options.before)
        log("stopping PostgreSQL")
        down_at = time.monotonic() - started
        cluster("stop")
        time.sleep(options.outage / 2)
        editor_status, editor_told = editor_saves_during_outage(opener, token)
        time.sleep(options.outage / 2)
        log("starting PostgreSQL")
        cluster("start")
        wait_for_postgres()
        up_at = time.monotonic() - started
        time.sleep(options.after)
        stop.set()
        for thread in readers:
            thread.join()
        _, _, body = fetch("/api/v1/complications/?format=json")
        names = [c["name"] for c in json.loads(body)["results"]]
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)

    def phase(t):
        return "before" if t < down_at else "outage" if t < up_at else "after"

    statuses = {p: Counter() for p in ("before", "outage", "after")}
    for t, _, status, _, _ in seen:
        statuses[phase(t)][status] += 1
    unfriendly = sum(
        1
        for _, _, status, ctype, body in seen
        if status == 503 and not friendly(status, ctype, body)
    )
    server_errors = sum(1 for _, _, status, _, _ in seen if status >= 500 and status != 503)
    failures_after = [t for t, _, status, _, _ in seen if t >= up_at and status != 200]
    recovery = (max(failures_after) - up_at) if failures_after else 0.0
    report = {
        "requests": len(seen),
        "statuses_by_phase": {p: dict(c) for p, c in statuses.items()},
        "other_5xx": server_errors,
        "unexplained_503": unfriendly,
        "outage_seconds": round(up_at - down_at, 1),
        "recovery_seconds": round(recovery, 2),
        "editor_save_status": editor_status,
        "editor_told_nothing_saved": editor_told,
        "change_saved": "Renamed during the outage" in names,
    }
    lines = [
        f"Database outage under load: {READERS} readers, PostgreSQL down for "
        f"{report['outage_seconds']} s",
        "",
        *(f"- {p}: {dict(sorted(c.items()))}" for p, c in statuses.items()),
        f"- 5xx other than 503: {server_errors}; 503s without their explanation page or JSON: "
        f"{unfriendly}",
        f"- an editor's save during the outage: HTTP {editor_status}, told nothing was saved: "
        f"{editor_told}; the change is in the database afterwards: {report['change_saved']}",
        f"- every request answered normally again {report['recovery_seconds']} s after "
        "PostgreSQL accepted connections",
    ]
    publish("outage", "\n".join(lines), report)


if __name__ == "__main__":
    sys.exit(main())
