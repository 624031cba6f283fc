#!/usr/bin/env python3
"""serve_page.py NASIR STORE -- SEARCH ARGS...

The served page in headless Chromium, following a search. Chromium loads the
page through a small proxy (a Python http.server in front of `nasir report
--serve`, passing its answers and headers, the Content-Security-Policy too);
when the page first polls /api/trials, the proxy runs `nasir SEARCH ARGS...`
(a --resume with a larger budget) before it forwards the poll. The DOM that
--dump-dom shows must then be the page of the store's trials after that
search (as many as /api/trials then holds): the script saw the
trials change, fetched / again and put its body in place, under the page's
policy (a script blocked by it would leave the table as it came).
The same page saved to a file and opened from file:// polls nothing: its
live note stays as the server wrote it.
"""
import html
import http.server
import os
import re
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_page import chromium  # noqa: E402
from serve import ServedReport, fail  # noqa: E402

import json  # noqa: E402

nasir, store = sys.argv[1], sys.argv[2]
search = [nasir] + sys.argv[sys.argv.index("--") + 1:]
LIVE_NOTE = "live: checks the server every 3 s"


def table_of(dom):
    m = re.search(r'<table class="trials" data-sig="(\d+)/(\d+)"[^>]*>', dom)
    if not m:
        fail("no table.trials in the DOM")
    rows = len(re.findall(r'<tr data-id="', dom))
    note = re.search(r'<span id="trials-live" class="note">([^<]*)</span>', dom)
    shown = re.search(r'<span id="trials-shown">([^<]*)</span>', dom)
    return (int(m.group(1)), int(m.group(2)), rows, html.unescape(note.group(1)) if note else None,
            shown.group(1) if shown else None)


with ServedReport(nasir, store) as r:
    seen, searched = [], []

    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            if self.path.startswith("/api/trials") and not searched:
                searched.append(subprocess.run(search, stdout=subprocess.DEVNULL).returncode)
            status, headers, body = r.get(self.path)
            self.send_response(status)
            for name in ("content-type", "content-security-policy", "cache-control"):
                if name in headers:
                    self.send_header(name, headers[name])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    before = table_of(r.get("/")[2].decode("utf-8"))
    print("served: %d trials" % before[0])
    dom = chromium(["--virtual-time-budget=20000", "--dump-dom",
                    "http://127.0.0.1:%d/" % proxy.server_address[1]])
    proxy.shutdown()
    served = r.get("/")[2].decode("utf-8")
    budget = len(json.loads(r.get("/api/trials")[2]))
    r.stop()

if searched != [0] or budget <= before[0]:
    fail("the search under the page did not run or failed: %s" % searched)
n, done, rows, note, shown = table_of(dom)
if (n, done, rows) != (budget, budget, budget):
    fail("the page in Chromium shows %d rows, signature %d/%d, expected %d; requests %s"
         % (rows, n, done, budget, seen))
if shown != "%d of %d trials shown" % (budget, budget):
    fail("the page's script did not run on the new body: %r" % shown)
if not note or not note.startswith("live: %d trials at " % budget):
    fail("the live note says %r" % note)
if seen[:3] != ["/", "/api/trials", "/"]:
    fail("the page asked for %s" % seen)
print("live: after the search the page shows %d rows, as /api/trials (%s), requests %s"
      % (rows, note.split(" at ")[0], " ".join(sorted(set(seen)))))

# Saved and opened from a file, the live page fetches nothing.
saved = store + ".saved.html"
open(saved, "w", encoding="utf-8").write(served)
n, done, rows, note, shown = table_of(chromium(["--virtual-time-budget=10000", "--dump-dom",
                                                "file://" + os.path.abspath(saved)]))
if note != LIVE_NOTE or shown != "%d of %d trials shown" % (budget, budget):
    fail("from a file the live page says %r, %r" % (note, shown))
print("file: the saved page sorts and filters, and polls nothing")
