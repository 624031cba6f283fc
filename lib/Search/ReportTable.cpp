//===- ReportTable.cpp - the report page's table of every trial -----------===//
//
// Everything a user wrote (labels, option strings, metric names) reaches the
// page through htmlEscape, as text or as a double-quoted attribute; the
// script is a constant: it reads the table from the DOM and never builds
// markup from data (sorting moves rows, filtering sets `hidden`, a live
// reload parses the server's own escaped page).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/ReportTable.h"
#include "lib/Support/LimitedJson.h"
#include "lib/Support/ShortestDouble.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/SHA256.h"
#include <cmath>
#include <optional>
#include <set>

using namespace nasir;
using namespace nasir::search;

/// The page's one script. It sorts and filters `table.trials`; with
/// data-live="1" on a page loaded over http(s) it also polls /api/trials
/// every 3 s and, when the trials' signature (trialsSignature) changed,
/// fetches / and puts its body in place of this one (its scripts removed:
/// this one keeps running), keeping the sort, the filter and the scroll.
static const char *kScript = R"js((function () {
  'use strict';
  var state = { col: -1, desc: false, filter: '' };
  function key(td) {
    if (!td) return null;
    var v = td.getAttribute('data-v');
    if (v !== null) return { n: parseFloat(v) };
    var s = td.textContent;
    return s === '' ? null : { s: s };
  }
  function compare(a, b) {
    if ('n' in a && 'n' in b) return a.n - b.n;
    if ('n' in a) return -1;
    if ('n' in b) return 1;
    return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  }
  function order(table) {
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (x, y) {
      if (state.col >= 0) {
        var a = key(x.cells[state.col]), b = key(y.cells[state.col]);
        if (a === null || b === null) {
          if (a !== b) return a === null ? 1 : -1;
        } else {
          var c = compare(a, b);
          if (c !== 0) return state.desc ? -c : c;
        }
      }
      return Number(x.getAttribute('data-id')) - Number(y.getAttribute('data-id'));
    });
    rows.forEach(function (r) { body.appendChild(r); });
    var ths = table.tHead.rows[0].cells;
    for (var i = 0; i < ths.length; ++i)
      ths[i].setAttribute('aria-sort', i !== state.col ? 'none' :
                          state.desc ? 'descending' : 'ascending');
    return rows;
  }
  function filter(rows) {
    var words = state.filter.toLowerCase().split(/\s+/).filter(function (w) { return w; });
    var shown = 0;
    rows.forEach(function (r) {
      var cells = Array.prototype.map.call(r.cells, function (c) {
        return c.textContent.toLowerCase();
      });
      var ok = words.every(function (w) {
        return cells.some(function (c) { return c.indexOf(w) >= 0; });
      });
      r.hidden = !ok;
      if (ok) ++shown;
    });
    var count = document.getElementById('trials-shown');
    if (count) count.textContent = shown + ' of ' + rows.length + ' trials shown';
  }
  function apply() {
    var table = document.querySelector('table.trials');
    if (table) filter(order(table));
  }
  function init() {
    var table = document.querySelector('table.trials');
    if (!table) return null;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      function sort() {
        if (state.col === i) state.desc = !state.desc;
        else { state.col = i; state.desc = false; }
        apply();
      }
      th.tabIndex = 0;
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); }
      });
    });
    var box = document.getElementById('trials-filter');
    if (box) {
      box.value = state.filter;
      box.addEventListener('input', function () { state.filter = box.value; apply(); });
    }
    apply();
    return table;
  }
  var table = init();
  if (!table || table.getAttribute('data-live') !== '1' ||
      !/^https?:$/.test(location.protocol))
    return;
  function signature(trials) {
    var done = trials.filter(function (t) {
      return t.status === 'ok' || t.status === 'failed' || t.status === 'reused';
    }).length;
    return trials.length + '/' + done;
  }
  function answer(r) {
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return r;
  }
  function reload() {
    return fetch('/', { cache: 'no-store' }).then(answer).then(function (r) {
      return r.text();
    }).then(function (text) {
      var body = new DOMParser().parseFromString(text, 'text/html').body;
      if (!body.querySelector('table.trials')) throw new Error('not a report page');
      Array.prototype.forEach.call(body.querySelectorAll('script'), function (s) { s.remove(); });
      var active = document.activeElement, focused = active && active.id === 'trials-filter';
      var caret = focused ? [active.selectionStart, active.selectionEnd] : null;
      var x = window.scrollX, y = window.scrollY;
      document.body.replaceWith(document.adoptNode(body));
      init();
      window.scrollTo(x, y);
      if (focused) {
        var box = document.getElementById('trials-filter');
        box.focus();
        box.setSelectionRange(caret[0], caret[1]);
      }
    });
  }
  function note(text) {
    var n = document.getElementById('trials-live');
    if (n) n.textContent = text;
  }
  function poll() {
    var count = 0;
    fetch('/api/trials', { cache: 'no-store' }).then(answer).then(function (r) {
      return r.json();
    }).then(function (trials) {
      if (!Array.isArray(trials)) throw new Error('not a list of trials');
      count = trials.length;
      var t = document.querySelector('table.trials');
      if (!t || signature(trials) !== t.getAttribute('data-sig')) return reload();
    }).then(function () {
      note('live: ' + count + ' trials at ' + new Date().toLocaleTimeString());
    }, function (e) {
      note('live: no answer from the server (' + e.message + '), trying again');
    }).then(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 3000);
})();
)js";

std::string nasir::search::reportPagePolicy() {
  llvm::StringRef script(kScript);
  auto digest = llvm::SHA256::hash(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(script.data()), script.size()));
  return "default-src 'none'; script-src 'sha256-" +
         llvm::encodeBase64(digest) +
         "'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; "
         "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

std::string
nasir::search::trialsSignature(const std::map<int64_t, Trial> &trials) {
  size_t done = 0;
  for (auto &[id, t] : trials)
    done += t.done();
  return std::to_string(trials.size()) + "/" + std::to_string(done);
}

/// A cell with its sort key: a number sorts by value (data-v), anything
/// else by its text; an empty cell (a metric not measured, an inactive
/// label) sorts last either way.
static void numberCell(llvm::raw_ostream &os, double v) {
  std::string s = formatShortest(v);
  os << "<td data-v=\"" << s << "\">" << s << "</td>";
}

void nasir::search::writeTrialTable(llvm::raw_ostream &os,
                                    const HtmlReport &r) {
  const std::map<int64_t, Trial> &trials = *r.trials;
  std::vector<std::optional<llvm::json::Object>> decisions;
  std::set<std::string> labels;
  for (auto &[id, t] : trials) {
    decisions.emplace_back();
    auto d = parseJsonLimited(t.decisions);
    if (!d) {
      llvm::consumeError(d.takeError());
      continue;
    }
    if (auto *o = d->getAsObject()) {
      for (auto &kv : *o)
        labels.insert(kv.first.str());
      decisions.back() = std::move(*o);
    }
  }
  os << "<h2 id=\"trials\">Every trial (" << trials.size() << ")</h2>\n"
     << "<style>table.trials th{cursor:pointer;white-space:nowrap}"
        "table.trials th[aria-sort=ascending]::after{content:' \\25B2'}"
        "table.trials th[aria-sort=descending]::after{content:' \\25BC'}"
        "table.trials td.s{text-align:left;font-family:monospace;"
        "font-size:12px}</style>\n"
     << "<p class=\"note\">Click a column's header to sort by it (again: the "
        "other way); the box shows only the rows in which each of its words "
        "is part of a cell.</p>\n"
     << "<p><input type=\"search\" id=\"trials-filter\" size=\"40\" "
        "placeholder=\"filter, e.g. ok nor_conv_3x3\" aria-label=\"filter "
        "the trials\"> <span id=\"trials-shown\">"
     << trials.size() << " trials</span>";
  if (r.live)
    os << " <span id=\"trials-live\" class=\"note\">live: checks the server "
          "every 3 s</span>";
  os << "</p>\n<table class=\"trials\" data-sig=\"" << trialsSignature(trials)
     << "\"" << (r.live ? " data-live=\"1\"" : "")
     << "><thead><tr><th>trial</th><th>status</th>";
  for (const Objective &o : r.objectives)
    os << "<th title=\"objective: " << (o.maximize ? "maximize" : "minimize")
       << "\">" << htmlEscape(o.metric) << "</th>";
  for (const std::string &l : labels)
    os << "<th title=\"decision\">" << htmlEscape(l) << "</th>";
  os << "</tr></thead>\n<tbody>\n";
  size_t row = 0;
  for (auto &[id, t] : trials) {
    const std::optional<llvm::json::Object> &d = decisions[row++];
    os << "<tr data-id=\"" << id << "\">";
    numberCell(os, (double)id);
    os << "<td class=\"s\">" << statusName(t.status) << "</td>";
    for (const Objective &o : r.objectives) {
      auto m = t.metrics.find(o.metric);
      if (m != t.metrics.end() && std::isfinite(m->second))
        numberCell(os, m->second);
      else
        os << "<td></td>";
    }
    for (const std::string &l : labels) {
      const llvm::json::Value *v = d ? d->get(l) : nullptr;
      if (!v)
        os << "<td></td>";
      else if (auto n = v->getAsNumber(); n && std::isfinite(*n))
        numberCell(os, *n);
      else
        os << "<td class=\"s\">" << htmlEscape(decisionCell(*v)) << "</td>";
    }
    os << "</tr>\n";
  }
  os << "</tbody></table>\n<script>" << kScript << "</script>\n";
}
