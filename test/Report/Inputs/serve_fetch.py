#!/usr/bin/env python3
"""serve_fetch.py NASIR STORE PAGE.html TRIALS.json: serves STORE (`nasir
report --serve --port 0`), writes what GET / and GET /api/trials answer to
PAGE.html and TRIALS.json, and stops the server (SIGINT, exit 0)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import ServedReport, fail  # noqa: E402

nasir, store, page, trials = sys.argv[1:5]
with ServedReport(nasir, store) as r:
    for path, out in [("/", page), ("/api/trials", trials)]:
        status, _, body = r.get(path)
        if status != 200:
            fail("GET %s: %d" % (path, status))
        open(out, "wb").write(body)
    r.stop()
print("fetched / and /api/trials")
