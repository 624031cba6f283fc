#!/usr/bin/env python3
"""Checks an HTML report the way a person would look at it.

check_page.py REPORT.html SCREENSHOT.png --expect chart=2,scatter=2,... [--scale 0.6]

1. The page is self-contained: no http(s) URL is loaded (no src=/href= to the
   network, no @import), no external script: every <script> is inline (no
   attribute), names no URL (no "://") and fetches nothing but paths of its
   own origin ("/...", what `report --serve` answers).
2. It holds the expected number of <svg> pictures of each class, and none is
   empty.
3. Headless Chromium renders it: every <svg> has a non-zero box (a script is
   injected into a copy and read back with --dump-dom), and a screenshot of
   the page is not blank (the PNG, decoded with zlib + struct, has many
   colours and no single colour covers almost all of it).
"""
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib

CHROMIUM = ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def chromium(args, timeout=120):
    profile = tempfile.mkdtemp(prefix="nasir-chromium-")
    r = subprocess.run(CHROMIUM + ["--user-data-dir=" + profile] + args,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return r.stdout.decode("utf-8", "replace")


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of a non-interlaced 8-bit PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(path + " is not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        fail("unexpected PNG layout (depth %d, colour type %d)" % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    html_path, png_path = sys.argv[1], sys.argv[2]
    expect = dict(kv.split("=") for kv in sys.argv[sys.argv.index("--expect") + 1].split(","))
    html = open(html_path, encoding="utf-8").read()
    if re.search(r"""(src|href)\s*=\s*["']?https?:|@import|<script(?!>)""", html, re.I):
        fail("the page loads something from outside or has a script that is not inline")
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S | re.I)
    if len(scripts) != len(re.findall(r"<script", html, re.I)):
        fail("a <script> without its end")
    for body in scripts:
        if "://" in body or re.search(r"\b(import|eval|Function|XMLHttpRequest|WebSocket|EventSource)\b", body):
            fail("a script names a URL or loads code: " + body[:80])
        for target in re.findall(r"\bfetch\(\s*([^,)]*)", body):
            if not re.fullmatch(r"'/[^/'][^']*'|'/'", target.strip()):
                fail("a script fetches %s, not a path of its own origin" % target)
    print("scripts %d inline" % len(scripts))
    svgs = re.findall(r"<svg\b([^>]*)>(.*?)</svg>", html, re.S)
    classes = {}
    for attrs, body in svgs:
        m = re.search(r'class="(\w+)"', attrs)
        cls = m.group(1) if m else "?"
        classes[cls] = classes.get(cls, 0) + 1
        if not re.search(r"<(circle|path|rect|polygon|g)\b", body):
            fail("an empty <svg class=%s>" % cls)
    for cls, n in expect.items():
        if classes.get(cls, 0) != int(n):
            fail("expected %s <svg class=%s>, found %d (all: %s)" % (n, cls, classes.get(cls, 0), classes))
    print("svg", " ".join("%s=%d" % kv for kv in sorted(classes.items())))

    # Rendered: every picture gets a box. The probe goes into a copy only.
    probe = html_path + ".probe.html"
    script = ("<script>window.addEventListener('load',function(){var s=document."
              "querySelectorAll('svg'),n=0;for(var i=0;i<s.length;++i){var r=s[i]."
              "getBoundingClientRect();if(r.width>10&&r.height>10)++n;}document.body."
              "setAttribute('data-rendered',n+'/'+s.length);});</script>")
    open(probe, "w", encoding="utf-8").write(html.replace("</body>", script + "</body>"))
    dom = chromium(["--virtual-time-budget=5000", "--dump-dom", "file://" + os.path.abspath(probe)])
    m = re.search(r'data-rendered="(\d+)/(\d+)"', dom)
    if not m:
        fail("chromium did not render the page (no probe result in --dump-dom)")
    if m.group(1) != m.group(2) or int(m.group(2)) != len(svgs):
        fail("only %s of %d pictures are visible" % (m.group(1), len(svgs)))
    print("rendered", m.group(0))

    if os.path.exists(png_path):
        os.remove(png_path)
    scale = sys.argv[sys.argv.index("--scale") + 1] if "--scale" in sys.argv else "1"
    chromium(["--screenshot=" + os.path.abspath(png_path), "--window-size=1280,2000",
              "--force-device-scale-factor=" + scale, "--hide-scrollbars",
              "file://" + os.path.abspath(html_path)])
    if not os.path.exists(png_path):
        fail("chromium wrote no screenshot")
    w, h, bpp, rows = png_pixels(png_path)
    counts = {}
    for row in rows[::4]:
        for x in range(0, w * bpp, 4 * bpp):
            px = row[x:x + 3]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    top = max(counts.values())
    if len(counts) < 50 or top > 0.97 * total:
        fail("the screenshot is (almost) blank: %d colours, the commonest covers %.1f%%"
             % (len(counts), 100.0 * top / total))
    print("screenshot %dx%d, %d colours, commonest %.0f%%" % (w, h, len(counts), 100.0 * top / total))


if __name__ == "__main__":
    main()
