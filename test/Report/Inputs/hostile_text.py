#!/usr/bin/env python3
"""hostile_text.py PAGE.html STRING...: each STRING is text of the page (it was
escaped, so the parser reads it back as characters), the page has no <img>
element and one <script> only, the page's own (the trial table's), in which
no STRING occurs (the strings hold such markup)."""
import html.parser
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.scripts, self.in_script = {}, [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.in_script = tag == "script"
        if self.in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


page = Page()
page.feed(open(sys.argv[1], encoding="utf-8").read())
text = "".join(page.text)
if page.tags.get("img") or page.tags.get("script", 0) != 1:
    sys.exit("FAIL: the page has %d <img> and %d <script> elements (one script expected)"
             % (page.tags.get("img", 0), page.tags.get("script", 0)))
if "table.trials" not in page.scripts[0]:
    sys.exit("FAIL: the page's script is not the trial table's")
for s in sys.argv[2:]:
    if s not in text:
        sys.exit("FAIL: %r is not text of the page" % s)
    if s in page.scripts[0]:
        sys.exit("FAIL: %r is in the page's script" % s)
print("ok: %d strings shown as text" % len(sys.argv[2:]))
