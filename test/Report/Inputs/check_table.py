#!/usr/bin/env python3
"""check_table.py PAGE.html TRIALS.jsonl --objectives accuracy[,flops] --filter WORDS

The report page's table of every trial (table.trials) against `report --json`:
1. Read as HTML: one column for the id, the status, each objective metric and
   each decision label (sorted), one row per trial with its values.
2. In headless Chromium (a probe script injected into a copy, read back with
   --dump-dom as check_page.py does): the page's script sorts by a clicked
   header (a decision label, then again the other way; an objective metric,
   by value) and the filter box keeps the rows in which every word of WORDS
   is part of some cell.
"""
import html
import html.parser
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_page import chromium, fail  # noqa: E402

page_path, trials_path = sys.argv[1], sys.argv[2]
objectives = sys.argv[sys.argv.index("--objectives") + 1].split(",")
words = sys.argv[sys.argv.index("--filter") + 1]
trials = [json.loads(l) for l in open(trials_path, encoding="utf-8")]
trials = [t for t in trials if "id" in t]
page = open(page_path, encoding="utf-8").read()


class Table(html.parser.HTMLParser):
    """The header texts and rows (cells as (text, data-v)) of table.trials."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.cell, self.headers, self.rows = False, None, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "trials" in a.get("class", "").split():
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("th", "td"):
            self.cell = ["", a.get("data-v")]

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("th", "td") and self.cell is not None:
            (self.headers if tag == "th" else self.rows[-1]).append(tuple(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data


t = Table()
t.feed(page)
rows = [r for r in t.rows if r]
labels = sorted({l for tr in trials for l in tr.get("decisions", {})})
headers = [h for h, _ in t.headers]
if headers != ["trial", "status"] + objectives + labels:
    fail("the table's columns are %s" % headers)
if len(rows) != len(trials):
    fail("%d rows for %d trials" % (len(rows), len(trials)))
for row, tr in zip(rows, trials):
    cells = dict(zip(headers, row))
    if cells["trial"] != (str(tr["id"]), str(tr["id"])) or cells["status"][0] != tr["status"]:
        fail("row %s: %s" % (tr["id"], row))
    for m in objectives:
        v = tr["metrics"].get(m)
        if (v is None) != (cells[m][1] is None) or (v is not None and float(cells[m][1]) != v):
            fail("trial %d: %s is %s in the table, %s in the JSON" % (tr["id"], m, cells[m], v))
    for l in labels:
        d = tr.get("decisions", {}).get(l)
        want = "" if d is None else d if isinstance(d, str) else json.dumps(d, separators=(",", ":"))
        if cells[l][0] != want:
            fail("trial %d: %s is %r in the table, %r in the JSON" % (tr["id"], l, cells[l][0], want))
print("table: %d rows, columns trial status %s + %d decisions" % (len(rows), " ".join(objectives), len(labels)))

# In Chromium: click, click again, click another header, type a filter.
label, metric = labels[0], objectives[0]
col = {h: i for i, h in enumerate(headers)}
probe = """<script>window.addEventListener('load', function () {
  var table = document.querySelector('table.trials'), out = {};
  function column(i) {
    return Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return !r.hidden; })
      .map(function (r) { return [Number(r.getAttribute('data-id')), r.cells[i].textContent]; });
  }
  out.shownBefore = document.getElementById('trials-shown').textContent;
  var th = table.tHead.rows[0].cells;
  th[%(label)d].click(); out.up = column(%(label)d); out.sortUp = th[%(label)d].getAttribute('aria-sort');
  th[%(label)d].click(); out.down = column(%(label)d); out.sortDown = th[%(label)d].getAttribute('aria-sort');
  th[%(metric)d].click(); out.metric = column(%(metric)d);
  var box = document.getElementById('trials-filter');
  box.value = %(words)s; box.dispatchEvent(new Event('input'));
  out.filtered = column(0).map(function (x) { return x[0]; });
  out.shown = document.getElementById('trials-shown').textContent;
  document.body.setAttribute('data-probe', JSON.stringify(out));
});</script>""" % {"label": col[label], "metric": col[metric], "words": json.dumps(words)}
copy = page_path + ".table.html"
open(copy, "w", encoding="utf-8").write(page.replace("</body>", probe + "</body>"))
dom = chromium(["--virtual-time-budget=5000", "--dump-dom", "file://" + os.path.abspath(copy)])
m = re.search(r'data-probe="([^"]*)"', dom)
if not m:
    fail("no probe result in --dump-dom (the page's script failed?)")
out = json.loads(html.unescape(m.group(1)))
n = len(trials)
if out["shownBefore"] != "%d of %d trials shown" % (n, n):
    fail("the page's script did not run on load: %r" % out["shownBefore"])

ids = [tr["id"] for tr in trials]
values = {tr["id"]: tr.get("decisions", {}).get(label) for tr in trials}
present = [i for i in ids if values[i] is not None]
absent = [i for i in ids if values[i] is None]
up = sorted(present, key=lambda i: values[i]) + absent
down = sorted(present, key=lambda i: values[i], reverse=True) + absent
if [i for i, _ in out["up"]] != up or out["sortUp"] != "ascending":
    fail("sorted by %s: %s" % (label, out["up"][:8]))
if [i for i, _ in out["down"]] != down or out["sortDown"] != "descending":
    fail("sorted by %s the other way: %s" % (label, out["down"][:8]))
score = {tr["id"]: tr["metrics"].get(metric) for tr in trials}
by_metric = sorted([i for i in ids if score[i] is not None], key=lambda i: score[i]) + \
    [i for i in ids if score[i] is None]
if [i for i, _ in out["metric"]] != by_metric:
    fail("sorted by %s: %s" % (metric, out["metric"][:8]))
print("sorted: by %s both ways, by %s" % (label, metric))

texts = {int(r[0][0]): [c.lower() for c, _ in r] for r in rows}
kept = [i for i in by_metric if all(any(w in c for c in texts[i]) for w in words.lower().split())]
if out["filtered"] != kept or out["shown"] != "%d of %d trials shown" % (len(kept), n):
    fail("filtered by %r: %s (%s), expected %s" % (words, out["filtered"], out["shown"], kept))
if not 0 < len(kept) < n:
    fail("the filter %r keeps %d of %d rows: choose words that tell rows apart" % (words, len(kept), n))
print("filtered: %r keeps %d of %d" % (words, len(kept), n))
