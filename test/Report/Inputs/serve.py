#!/usr/bin/env python3
"""Starts `nasir report STORE --serve --port 0` and talks to it.

serve.py start NASIR STORE: a context manager (ServedReport) that runs the
server, reads its port from the first stderr line and stops it with a signal
(checking exit status 0); get()/request()/raw() talk HTTP to it. Used by
serve_checks.py, serve_live.py and serve_page.py.
"""
import http.client
import re
import signal
import socket
import subprocess
import sys
import time


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


class ServedReport:
    def __init__(self, nasir, store, *extra):
        self.cmd = [nasir, "report", store, "--serve", "--port", "0"] + list(extra)

    def __enter__(self):
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stderr.readline().decode("utf-8", "replace")
        m = re.match(r"serving http://127\.0\.0\.1:(\d+)/ \(Ctrl-C stops\)$", line.strip())
        if not m:
            self.proc.kill()
            fail("no 'serving http://127.0.0.1:PORT/' line on stderr: %r" % line)
        self.port = int(m.group(1))
        return self

    def stop(self, sig=signal.SIGINT):
        """Sends `sig`; the server must end with exit status 0 within 10 s."""
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the server did not stop on signal %d" % sig)
        if rc != 0:
            fail("the server ended with status %d on signal %d: %s"
                 % (rc, sig, self.proc.stderr.read().decode("utf-8", "replace")))
        return rc

    def __exit__(self, kind, value, tb):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def alive(self):
        return self.proc.poll() is None

    def request(self, method, path, body=None, headers=None, timeout=30):
        """(status, headers dict with lower-case names, body bytes)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            c.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def connect(self, timeout=30):
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)

    def raw(self, data, timeout=30):
        """Sends `data` on a connection of its own; everything it got back."""
        s = self.connect(timeout)
        try:
            s.sendall(data)
            return read_all(s)
        finally:
            s.close()


def read_all(s):
    out = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        out += chunk
    return out


def status_of(response):
    m = re.match(rb"HTTP/1\.1 (\d{3}) ", response)
    return int(m.group(1)) if m else None
