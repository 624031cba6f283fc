#!/usr/bin/env python3
"""serve_damaged.py NASIR STORE: serves a copy of STORE, damages the copy
under the server (4 KiB of noise in place of the SQLite file) and restores
it: /api/trials answers 503 with the store's error while it is damaged, 200
with the same trials once it is back, and the server stays up."""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import ServedReport, fail  # noqa: E402

nasir, store = sys.argv[1], sys.argv[2]
copy = store + ".served"
shutil.copyfile(store, copy)
with ServedReport(nasir, copy) as r:
    status, _, before = r.get("/api/trials")
    shutil.copyfile(copy, copy + ".good")
    with open(copy, "wb") as f:
        f.write(os.urandom(4096))
    for path in ["/api/trials", "/"]:
        status, headers, body = r.get(path)
        if status != 503 or b"the store is corrupt" not in body:
            fail("GET %s of a damaged store: %d %r" % (path, status, body[:200]))
    print("damaged: " + body.decode().strip().split(": ", 2)[-1])
    shutil.copyfile(copy + ".good", copy)
    status, _, after = r.get("/api/trials")
    if status != 200 or after != before:
        fail("the restored store: %d" % status)
    r.stop()
print("restored: the same trials")
