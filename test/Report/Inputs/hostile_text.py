#!/usr/bin/env python3
"""hostile_text.py PAGE.html STRING...: each STRING is text of the page (it was
escaped, so the parser reads it back as characters), and the page has no
<script> or <img> element (the strings hold such markup)."""
import html.parser
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


page = Page()
page.feed(open(sys.argv[1], encoding="utf-8").read())
text = "".join(page.text)
bad = sorted(page.tags & {"script", "img"})
if bad:
    sys.exit("FAIL: the page has %s elements" % bad)
for s in sys.argv[2:]:
    if s not in text:
        sys.exit("FAIL: %r is not text of the page" % s)
print("ok: %d strings shown as text" % len(sys.argv[2:]))
