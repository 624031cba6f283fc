#!/usr/bin/env python3
"""serve_live.py NASIR STORE BUDGET -- SEARCH ARGS...

Serves STORE (a search of a few trials) while `nasir SEARCH ARGS...` (a
`--resume` with a larger BUDGET) adds trials to it, and reads /api/trials and
(and every fifth time /) every 0.05 s: the count of trials grows while the search runs, every answer
is 200 (the server reads the store while the search writes it), and in the
end /api/trials holds BUDGET trials.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import ServedReport, fail  # noqa: E402

nasir, store, budget = sys.argv[1], sys.argv[2], int(sys.argv[3])
search = [nasir] + sys.argv[sys.argv.index("--") + 1:]

with ServedReport(nasir, store) as r:
    status, _, body = r.get("/api/trials")
    if status != 200:
        fail("/api/trials: %d" % status)
    first = len(json.loads(body))
    print("before: %d trials" % first)
    proc = subprocess.Popen(search, stdout=subprocess.DEVNULL)
    seen, pages, step = [], 0, 0
    while True:
        running = proc.poll() is None
        # The trials often, the page (slower: it draws architectures) at
        # every fifth step.
        for path in ["/api/trials"] + (["/"] if step % 5 == 0 else []):
            status, _, body = r.get(path)
            if status != 200:
                fail("GET %s while the search runs: %d %s" % (path, status, body[:200]))
            if path == "/":
                pages += 1
            else:
                n = len(json.loads(body))
                if not seen or seen[-1] != n:
                    seen.append(n)
        step += 1
        if not running:
            break
        time.sleep(0.05)
    status, _, body = r.get("/api/trials")
    n = len(json.loads(body))
    if seen[-1] != n:
        seen.append(n)
    if proc.returncode != 0:
        fail("the search failed: %d" % proc.returncode)
    done = [t for t in json.loads(r.get("/api/trials")[2]) if t["status"] == "ok"]
    r.stop()

growing = [n for n in seen if first < n < budget]
print("seen: %s" % " ".join(map(str, seen)))
if seen != sorted(seen):
    fail("the count of trials went down")
if len(growing) < 2:
    fail("fewer than two counts between %d and %d seen while the search ran: %s"
         % (first, budget, seen))
if seen[-1] != budget or len(done) != budget:
    fail("in the end %d trials (%d ok), expected %d" % (seen[-1], len(done), budget))
print("ok: the count grew from %d to %d in %d steps while the search ran, %d pages served"
      % (first, budget, len(growing) + 1, pages))
