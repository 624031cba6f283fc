#!/usr/bin/env python3
"""serve_checks.py NASIR STORE TRIALS.jsonl PAGE.html

Runs `nasir report STORE --serve --port 0` and checks what it answers:
GET / is PAGE.html (what `report --html` wrote) but live; GET /api/trials is
the trials of TRIALS.jsonl (`report --json`); unknown paths, other methods,
malformed, oversized and slow requests, foreign Host headers and clients
that go away early get their error (or nothing) and the server keeps
answering; SIGINT ends it with status 0.
"""
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import ServedReport, fail, read_all, status_of  # noqa: E402

nasir, store, trials_path, page_path = sys.argv[1:5]
expected = [json.loads(l) for l in open(trials_path, encoding="utf-8")]
expected = [t for t in expected if "id" in t]  # a one-shot phase line is no trial
page = open(page_path, encoding="utf-8").read()


def check_answers(r):
    status, headers, body = r.get("/api/trials")
    if status != 200 or not headers["content-type"].startswith("application/json"):
        fail("/api/trials: %d %s" % (status, headers.get("content-type")))
    return json.loads(body)


with ServedReport(nasir, store) as r:
    # The page: the --html page, with the live table (data-live and its note).
    status, headers, body = r.get("/")
    if status != 200 or headers["content-type"] != "text/html; charset=utf-8":
        fail("GET /: %d %s" % (status, headers.get("content-type")))
    served = body.decode("utf-8")
    if ' data-live="1"' not in served or 'id="trials-live"' not in served:
        fail("the served page is not live")
    static = served.replace(' data-live="1"', "")
    static = static.replace(' <span id="trials-live" class="note">live: checks the server '
                            'every 3 s</span>', "")
    if static != page:
        fail("GET / is not the page of report --html (%d vs %d characters)" % (len(static), len(page)))
    policy = headers.get("content-security-policy", "")
    if "default-src 'none'" not in policy or "connect-src 'self'" not in policy \
            or "script-src 'sha256-" not in policy:
        fail("the page's Content-Security-Policy: %r" % policy)
    print("ok: / is the page of report --html, live, under %s" % policy.split(";")[0])

    trials = check_answers(r)
    if trials != expected:
        fail("/api/trials differs from report --json: %d vs %d trials" % (len(trials), len(expected)))
    print("ok: /api/trials holds the %d trials of report --json" % len(trials))
    if r.get("/api/trials?since=3")[0] != 200:
        fail("a query string is not ignored")

    # Errors, each on a connection of its own; the server answers after each.
    checks = [
        ("unknown path", lambda: r.get("/api/nothing")[0], 404),
        ("path outside", lambda: r.get("/../e.db")[0], 404),
        ("POST", lambda: r.request("POST", "/", body=b"x" * 20000)[0], 405),
        ("DELETE", lambda: r.request("DELETE", "/api/trials")[0], 405),
        ("foreign Host", lambda: r.get("/", headers={"Host": "attacker.example:80"})[0], 403),
        ("9 KiB header", lambda: r.get("/", headers={"X-Big": "a" * 9216})[0], 431),
        ("a header line too long with no end",
         lambda: status_of(r.raw(b"GET / HTTP/1.1\r\nX: " + b"b" * 20000)), 431),
        ("garbage", lambda: status_of(r.raw(b"HELLO\r\n\r\n")), 400),
        ("no version", lambda: status_of(r.raw(b"GET /\r\n\r\n")), 400),
        ("HTTP/1.1 without Host", lambda: status_of(r.raw(b"GET / HTTP/1.1\r\n\r\n")), 400),
        ("a control character", lambda: status_of(r.raw(b"GET /\x01 HTTP/1.0\r\n\r\n")), 400),
        ("a binary header", lambda: status_of(r.raw(b"GET / HTTP/1.0\r\nX\x00: y\r\n\r\n")), 400),
        ("HTTP/1.0 without Host", lambda: status_of(r.raw(b"GET /api/trials HTTP/1.0\r\n\r\n")), 200),
    ]
    for name, ask, want in checks:
        got = ask()
        if got != want:
            fail("%s: status %s, expected %d" % (name, got, want))
        if check_answers(r) != expected:
            fail("after %s the server answers otherwise" % name)
    print("ok: 404, 405, 403, 431, 400 and the server answers after each")

    # A request that arrives a byte at a time (partial reads) is answered.
    s = r.connect()
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for b in b"GET /api/trials HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % r.port:
        s.sendall(bytes([b]))
        time.sleep(0.005)
    answer = read_all(s)
    s.close()
    if status_of(answer) != 200 or json.loads(answer.split(b"\r\n\r\n", 1)[1]) != expected:
        fail("a request sent a byte at a time: %r" % answer[:60])
    print("ok: a request a byte at a time is answered")

    # Clients that go away: before sending anything, after the request
    # without reading (the big page), after a few bytes of the answer.
    for data, read in [(b"", 0), (b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % r.port, 0),
                       (b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % r.port, 100)]:
        s = r.connect()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.sendall(data)
        if read:
            s.recv(read)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()  # with SO_LINGER 0: a reset, the server's send fails
    time.sleep(0.5)
    if not r.alive() or check_answers(r) != expected:
        fail("a client that went away early stopped the server")
    print("ok: clients closing early, the server stays up")

    # A slow client holds only its own connection: others are answered
    # meanwhile, and it gets 408 after the read timeout (5 s).
    slow = r.connect(timeout=30)
    slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1")
    t0 = time.time()
    if check_answers(r) != expected or time.time() - t0 > 3:
        fail("a slow client holds the server up")
    answer = read_all(slow)
    waited = time.time() - t0
    slow.close()
    if status_of(answer) != 408 or not 3 < waited < 15:
        fail("the slow client got %r after %.1f s" % (answer[:40], waited))
    print("ok: a slow client gets 408 after the read timeout, others are answered meanwhile")

    # Many idle connections at once do not stop it either.
    idle = [r.connect() for _ in range(80)]
    got = []
    th = threading.Thread(target=lambda: got.append(check_answers(r)))
    th.start()
    th.join(20)
    for s in idle:
        s.close()
    if got != [expected]:
        fail("80 idle connections hold the server up")
    print("ok: 80 idle connections, the server answers within the read timeout")

    # A second server on the same port: a clear error, exit 1.
    second = subprocess.run([nasir, "report", store, "--serve", "--port", str(r.port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    want = "error: cannot listen on 127.0.0.1:%d: " % r.port
    if second.returncode != 1 or not second.stderr.decode().startswith(want):
        fail("a second server on port %d: %d %r" % (r.port, second.returncode, second.stderr))
    print("ok: the port taken: " + second.stderr.decode().strip().split(": ", 2)[-1])

    r.stop(signal.SIGINT)
    print("ok: SIGINT stops it, exit status 0")

with ServedReport(nasir, store) as r:
    check_answers(r)
    r.stop(signal.SIGTERM)
    print("ok: SIGTERM stops it, exit status 0")
