"""Queries per request for each benchmarked URL, and the size of the home page (for the floor)."""

import json
import sys

import django
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

django.setup()


def main(urls):
    client = Client()
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
            if response.streaming:
                for _ in response.streaming_content:
                    pass
        counts[url] = {"status": response.status_code, "queries": len(context.captured_queries)}
    home = client.get("/")
    json.dump({"counts": counts, "home_bytes": len(home.content)}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
