//===- Report.cpp - leaderboard, Pareto front, exports --------------------===//
#include "lib/Search/Report.h"
#include "lib/Search/LearningCurve.h"
#include "lib/Search/OneShot.h"
#include "lib/Search/ReportPlot.h"
#include "lib/Search/ReportViews.h"
#include "lib/Support/LimitedJson.h"
#include "lib/Support/ShortestJson.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <set>

using namespace nasir;
using namespace nasir::search;
using namespace nasir::search::svg;

std::vector<const Trial *>
nasir::search::ranked(const std::map<int64_t, Trial> &trials,
                      const std::vector<Objective> &objectives) {
  std::vector<const Trial *> out;
  for (auto &[id, t] : trials)
    if (t.status == TrialStatus::Ok &&
        std::isfinite(signedValue(t, objectives[0])))
      out.push_back(&t);
  std::stable_sort(out.begin(), out.end(), [&](const Trial *a, const Trial *b) {
    return signedValue(*a, objectives[0]) > signedValue(*b, objectives[0]);
  });
  return out;
}

std::vector<const Trial *>
nasir::search::paretoFront(const std::map<int64_t, Trial> &trials,
                           const std::vector<Objective> &objectives) {
  std::vector<const Trial *> all = ranked(trials, objectives), out;
  std::vector<std::vector<double>> pts;
  for (const Trial *t : all) {
    std::vector<double> p;
    for (const Objective &o : objectives)
      p.push_back(signedValue(*t, o));
    pts.push_back(p);
  }
  auto fronts = nondominatedSort(pts);
  if (fronts.empty())
    return out;
  std::set<std::vector<double>> seen; // one trial per point
  for (size_t i : fronts[0])
    if (seen.insert(pts[i]).second)
      out.push_back(all[i]);
  std::stable_sort(out.begin(), out.end(), [&](const Trial *a, const Trial *b) {
    return signedValue(*a, objectives[0]) > signedValue(*b, objectives[0]);
  });
  return out;
}

static std::string num(const Trial &t, const char *m, const char *fmt) {
  auto it = t.metrics.find(m);
  if (it == t.metrics.end())
    return "-";
  char buf[64];
  snprintf(buf, sizeof buf, fmt, it->second);
  return buf;
}

static std::string human(double v) {
  char buf[32];
  if (v >= 1e9)
    snprintf(buf, sizeof buf, "%.2fG", v / 1e9);
  else if (v >= 1e6)
    snprintf(buf, sizeof buf, "%.2fM", v / 1e6);
  else if (v >= 1e3)
    snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
  else
    snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

std::string nasir::search::workerOf(const Trial &t) {
  if (t.workerHost.empty())
    return "-";
  std::string w = t.workerHost + ":" + std::to_string(t.workerPid);
  return t.workerDevice.empty() ? w : w + "/" + t.workerDevice;
}

void nasir::search::printTable(llvm::raw_ostream &os,
                               const std::vector<const Trial *> &rows,
                               const ExtraMetrics &extra, bool timing) {
  std::vector<Metrics> extras;
  std::set<std::string> extraNames;
  for (const Trial *t : rows) {
    extras.push_back(extra ? extra(*t) : Metrics{});
    for (auto &[k, v] : extras.back())
      extraNames.insert(k);
  }
  // Latency and training time only when an evaluator measured them.
  bool latency = false, trainTime = false, estimate = false, workers = false;
  for (const Trial *t : rows) {
    workers |= !t->workerDevice.empty(); // run by a `nasir worker`
    latency |= timing && t->metrics.count("latency") > 0;
    trainTime |= timing && t->metrics.count("train_seconds") > 0;
    estimate |= t->metrics.count(kOneShotMetric) > 0;
  }
  os << "rank  trial  accuracy";
  if (estimate)
    os << " oneshot_est*";
  for (const std::string &n : extraNames)
    os << llvm::format(" %10s", n.c_str());
  os << "    params     flops      macs";
  if (latency)
    os << " latency_ms";
  if (trainTime)
    os << "  train_s";
  os << "   time_s epochs";
  if (workers)
    os << "  worker";
  os << "  decisions\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Trial &t = *rows[i];
    os << llvm::format("%4zu %6lld %9s", i + 1, (long long)t.id,
                       num(t, "accuracy", "%.2f").c_str());
    if (estimate)
      os << llvm::format(" %12s", num(t, kOneShotMetric, "%.2f").c_str());
    for (const std::string &n : extraNames) {
      auto it = extras[i].find(n);
      char buf[32] = "-";
      if (it != extras[i].end())
        snprintf(buf, sizeof buf, "%.2f", it->second);
      os << llvm::format(" %10s", (const char *)buf);
    }
    os << llvm::format(
        " %9s %9s %9s",
        t.metrics.count("params") ? human(t.metrics.at("params")).c_str() : "-",
        t.metrics.count("flops") ? human(t.metrics.at("flops")).c_str() : "-",
        t.metrics.count("macs") ? human(t.metrics.at("macs")).c_str() : "-");
    if (latency)
      os << llvm::format(" %10s", num(t, "latency", "%.3f").c_str());
    if (trainTime)
      os << llvm::format(" %8s", num(t, "train_seconds", "%.1f").c_str());
    os << llvm::format(" %8.1f %6lld", t.evalSeconds, (long long)t.epochs);
    if (workers)
      os << "  " << workerOf(t);
    os << "  " << t.decisions << "\n";
  }
  if (estimate)
    os << kOneShotNote << "\n";
}

void nasir::search::printFailures(llvm::raw_ostream &os,
                                  const std::map<int64_t, Trial> &trials,
                                  size_t limit) {
  size_t n = 0;
  for (auto &[id, t] : trials)
    if (t.status == TrialStatus::Failed && n++ < limit)
      os << "  trial " << id << ": " << t.error << "  " << t.decisions << "\n";
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line
/// break, its quotes doubled.
static std::string csvCell(const std::string &s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos)
    return s;
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::optional<std::map<std::string, std::string>>
nasir::search::decisionCells(const Trial &t) {
  auto d = parseJsonLimited(t.decisions);
  if (!d) {
    llvm::consumeError(d.takeError());
    return std::nullopt;
  }
  auto *obj = d->getAsObject();
  if (!obj)
    return std::nullopt;
  std::map<std::string, std::string> cells;
  for (auto &kv : *obj)
    cells[kv.first.str()] = decisionCell(kv.second);
  return cells;
}

std::string nasir::search::decisionCell(const llvm::json::Value &v) {
  if (auto s = v.getAsString())
    return s->str();
  return printJson(v);
}

/// The decisions of `t` as a JSON object, or null when the store's text is
/// not one.
static std::optional<llvm::json::Object> decisionsOf(const Trial &t) {
  auto d = parseJsonLimited(t.decisions);
  if (!d) {
    llvm::consumeError(d.takeError());
    return std::nullopt;
  }
  if (auto *o = d->getAsObject())
    return std::move(*o);
  return std::nullopt;
}

/// Metrics that `extra` adds to those the trial stored (a stored metric of
/// the same name wins).
static Metrics reportMetricsOf(const Trial &t, const ExtraMetrics &extra) {
  Metrics out;
  if (!extra)
    return out;
  for (auto &[k, v] : extra(t))
    if (!t.metrics.count(k))
      out[k] = v;
  return out;
}

void nasir::search::writeCsv(llvm::raw_ostream &os,
                             const std::vector<const Trial *> &rows,
                             const ExtraMetrics &extra) {
  std::vector<Metrics> reported;
  std::vector<std::optional<llvm::json::Object>> decisions;
  std::set<std::string> metricNames, labels;
  for (const Trial *t : rows) {
    reported.push_back(reportMetricsOf(*t, extra));
    decisions.push_back(decisionsOf(*t));
    for (auto &[k, v] : t->metrics)
      metricNames.insert(k);
    for (auto &[k, v] : reported.back())
      metricNames.insert(k);
    if (decisions.back())
      for (auto &kv : *decisions.back())
        labels.insert(kv.first.str());
  }
  // Every column name once: the trial's own columns, one per metric, one
  // per decision label; a metric whose name is taken gets "metric.".
  std::vector<std::string> header = {
      "id",          "status",       "epoch_budget", "fingerprint",
      "reused_from", "eval_seconds", "error",        "decisions",
      "worker_host", "worker_pid",   "worker_device"};
  std::set<std::string> taken(header.begin(), header.end());
  for (const std::string &l : labels)
    taken.insert("decision." + l);
  std::vector<std::pair<std::string, std::string>> metricColumns; // name, col
  for (const std::string &n : metricNames) {
    std::string col = n;
    while (taken.count(col))
      col = "metric." + col;
    taken.insert(col);
    metricColumns.push_back({n, col});
  }
  for (size_t i = 0; i < header.size(); ++i)
    os << (i ? "," : "") << header[i];
  for (auto &[n, col] : metricColumns)
    os << "," << csvCell(col);
  for (const std::string &l : labels)
    os << "," << csvCell("decision." + l);
  os << "\n";
  for (size_t r = 0; r < rows.size(); ++r) {
    const Trial &t = *rows[r];
    os << t.id << "," << statusName(t.status) << "," << t.epochs << ","
       << csvCell(t.fingerprint) << ","
       << (t.reusedFrom ? std::to_string(t.reusedFrom) : "") << ","
       << formatShortest(t.evalSeconds) << "," << csvCell(t.error) << ","
       << csvCell(t.decisions) << "," << csvCell(t.workerHost) << ","
       << (t.workerPid ? std::to_string(t.workerPid) : "") << ","
       << csvCell(t.workerDevice);
    for (auto &[n, col] : metricColumns) {
      os << ",";
      if (auto it = t.metrics.find(n); it != t.metrics.end())
        os << formatShortest(it->second);
      else if (auto it = reported[r].find(n); it != reported[r].end())
        os << formatShortest(it->second);
    }
    for (const std::string &l : labels) {
      os << ",";
      if (decisions[r])
        if (const llvm::json::Value *v = decisions[r]->get(l))
          os << csvCell(decisionCell(*v));
    }
    os << "\n";
  }
}

llvm::json::Object nasir::search::trialJson(const Trial &t,
                                            const ExtraMetrics &extra) {
  llvm::json::Object o{{"id", t.id},
                       {"status", statusName(t.status)},
                       {"epochs", t.epochs},
                       {"fingerprint", t.fingerprint},
                       {"eval_seconds", t.evalSeconds}};
  if (t.created > 0)
    o["created"] = t.created;
  if (t.started > 0)
    o["started"] = t.started;
  if (t.finished > 0)
    o["finished"] = t.finished;
  if (auto d = decisionsOf(t))
    o["decisions"] = std::move(*d);
  llvm::json::Object m;
  for (auto &[k, v] : t.metrics)
    m[k] = v;
  o["metrics"] = std::move(m);
  if (!t.curve.empty())
    o["curve"] = curveToJson(t.curve);
  Metrics reported = reportMetricsOf(t, extra);
  if (!reported.empty()) {
    llvm::json::Object r;
    for (auto &[k, v] : reported)
      r[k] = v;
    o["report_metrics"] = std::move(r);
  }
  if (!t.error.empty())
    o["error"] = t.error;
  if (t.reusedFrom)
    o["reused_from"] = t.reusedFrom;
  if (!t.workerHost.empty()) {
    llvm::json::Object w{{"host", t.workerHost}, {"pid", t.workerPid}};
    if (!t.workerDevice.empty())
      w["device"] = t.workerDevice;
    o["worker"] = std::move(w);
  }
  return o;
}

void nasir::search::writeJson(llvm::raw_ostream &os,
                              const std::vector<const Trial *> &rows,
                              const ExtraMetrics &extra) {
  for (const Trial *t : rows) {
    nasir::writeJson(os, llvm::json::Value(trialJson(*t, extra)));
    os << "\n";
  }
}

//===----------------------------------------------------------------------===//
// Decision importance
//===----------------------------------------------------------------------===//

void nasir::search::printImportance(
    llvm::raw_ostream &os, const std::vector<DecisionImportance> &labels,
    size_t limit) {
  for (size_t i = 0; i < labels.size() && i < limit; ++i) {
    const DecisionImportance &d = labels[i];
    os << llvm::format("  %-16s ", d.label.c_str()) << importanceVerdict(d)
       << "  ";
    for (size_t k = 0; k < d.options.size(); ++k)
      os << (k ? ", " : "") << d.options[k].value << " "
         << optionSummary(d.options[k]);
    os << "\n";
  }
}

//===----------------------------------------------------------------------===//
// HTML: the charts are drawn here as SVG, so the page needs nothing else.
//===----------------------------------------------------------------------===//

std::string nasir::search::htmlEscape(llvm::StringRef s) {
  std::string out;
  for (char c : s)
    switch (c) {
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '&': out += "&amp;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  return out;
}

static std::string esc(llvm::StringRef s) { return htmlEscape(s); }

/// `text` cut into lines of at most `width` characters, each ending after a
/// token: a comma, a colon or a space ({"a": 1, "b": 2} breaks after "1,"),
/// never inside one unless a token alone is longer than `width`.
std::vector<std::string> nasir::search::wrapAtTokens(llvm::StringRef text,
                                                     size_t width) {
  std::vector<std::string> lines;
  width = std::max<size_t>(width, 1);
  while (text.size() > width) {
    size_t cut = 0;
    for (size_t i = 0; i < width; ++i)
      if (text[i] == ',' || text[i] == ':' || text[i] == ' ')
        cut = i + 1;
    if (cut == 0)
      cut = width;
    lines.push_back(text.take_front(cut).rtrim(' ').str());
    text = text.drop_front(cut).ltrim(' ');
  }
  if (!text.empty() || lines.empty())
    lines.push_back(text.str());
  return lines;
}

/// Escaped decisions for a table cell: a line may break after each comma
/// and colon (<wbr>), so a long one wraps between its tokens.
static std::string breakableDecisions(llvm::StringRef s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    out += esc(s.substr(i, 1));
    if ((s[i] == ',' || s[i] == ':') && (i + 1 == s.size() || s[i + 1] != ' '))
      out += "<wbr>";
  }
  return out;
}

static std::string tip(const Trial &t, const Objective &o) {
  std::string s = "trial " + std::to_string(t.id) + ": " + o.metric + " " +
                  formatShortest(t.metric(o.metric, NAN));
  if (t.metrics.count("params"))
    s += ", " + human(t.metrics.at("params")) + " params";
  if (t.metrics.count("flops"))
    s += ", " + human(t.metrics.at("flops")) + " FLOPs";
  if (t.metrics.count("macs"))
    s += ", " + human(t.metrics.at("macs")) + " MACs";
  for (const std::string &line : wrapAtTokens(t.decisions, 60))
    s += "\n" + line;
  return s;
}

/// Best so far against the trial number and against the elapsed time.
static void writeProgress(llvm::raw_ostream &os, const HtmlReport &r) {
  const Objective &o = r.objectives[0];
  std::vector<const Trial *> done;
  for (auto &[id, t] : *r.trials)
    if (t.status == TrialStatus::Ok &&
        std::isfinite(signedValue(t, o)))
      done.push_back(&t);
  double t0 = INFINITY;
  for (auto &[id, t] : *r.trials)
    if (t.created > 0)
      t0 = std::min(t0, t.created);
  for (int byTime = 0; byTime < 2; ++byTime) {
    std::vector<const Trial *> order = done;
    if (byTime)
      std::stable_sort(order.begin(), order.end(),
                       [](const Trial *a, const Trial *b) {
                         return a->finished < b->finished;
                       });
    Series all{"trial", "#9bb0c9"}, best{"best so far", "#d1495b"};
    all.dots = true;
    best.line = best.step = true;
    double b = -INFINITY;
    for (const Trial *t : order) {
      double x = byTime ? std::max(0.0, t->finished - t0) : (double)t->id;
      double v = t->metric(o.metric, NAN);
      all.points.push_back({x, v});
      all.tips.push_back(tip(*t, o));
      if (signedValue(*t, o) > b) {
        b = signedValue(*t, o);
      }
      best.points.push_back({x, o.maximize ? b : -b});
    }
    Plot p;
    p.title = std::string("best ") + o.metric + " so far, by " +
              (byTime ? "time" : "trial");
    p.xlabel = byTime ? "seconds since the search began" : "trial";
    p.ylabel = o.metric;
    p.series = {all, best};
    p.write(os);
  }
}

/// The primary objective against params and against FLOPs, with each
/// plane's Pareto front.
static void writeScatters(llvm::raw_ostream &os, const HtmlReport &r) {
  const Objective &o = r.objectives[0];
  for (const char *cost : {"params", "flops"}) {
    std::vector<const Trial *> pts;
    for (const Trial *t : ranked(*r.trials, r.objectives))
      if (t->metrics.count(cost) && t->metrics.at(cost) > 0)
        pts.push_back(t);
    // Front: cheapest first, keep those better than every cheaper one.
    std::vector<const Trial *> byCost = pts;
    std::stable_sort(byCost.begin(), byCost.end(),
                     [&](const Trial *a, const Trial *b) {
                       return a->metrics.at(cost) < b->metrics.at(cost);
                     });
    // With one objective the search did not trade cost for it: the line is
    // the best found at each cost, not a front the search aimed at.
    Series all{"trial", "#9bb0c9"},
        front{r.objectives.size() > 1 ? "Pareto front" : "best up to this cost",
              "#d1495b"};
    all.dots = front.dots = front.line = front.step = true;
    double b = -INFINITY;
    for (const Trial *t : byCost) {
      std::pair<double, double> p{t->metrics.at(cost), t->metric(o.metric, 0)};
      all.points.push_back(p);
      all.tips.push_back(tip(*t, o));
      if (signedValue(*t, o) > b) {
        b = signedValue(*t, o);
        front.points.push_back(p);
        front.tips.push_back(tip(*t, o));
      }
    }
    Plot p;
    p.cls = "scatter";
    p.logX = true;
    p.title = o.metric + " against " + cost;
    p.xlabel = std::string(cost) + " (log scale)";
    p.ylabel = o.metric;
    p.series = {all, front};
    p.write(os);
  }
}

/// One bar chart per label: each option's mean (bar) and best (tick).
static void writeImportance(llvm::raw_ostream &os, const HtmlReport &r) {
  const Objective &o = r.objectives[0];
  auto labels = decisionImportance(*r.trials, r.objectives);
  if (labels.empty()) {
    os << "<p>No evaluated trial yet.</p>\n";
    return;
  }
  double lo = INFINITY, hi = -INFINITY;
  for (auto &d : labels)
    for (auto &opt : d.options)
      lo = std::min({lo, opt.mean, opt.best}), hi = std::max({hi, opt.mean, opt.best});
  if (hi - lo < 1e-12)
    lo -= 1, hi += 1;
  double base = lo - (hi - lo) * 0.15; // bars start a little below the worst
  os << "<div class=\"bars\">\n";
  for (const DecisionImportance &d : labels) {
    const double W = 360, rowH = 22, L = 120, R = 60, T = 30;
    double H = T + rowH * d.options.size() + 8;
    auto sx = [&](double v) { return L + (v - base) / (hi - base) * (W - L - R); };
    os << "<svg class=\"importance\" xmlns=\"http://www.w3.org/2000/svg\" "
       << "viewBox=\"0 0 " << coord(W) << " " << coord(H) << "\" width=\""
       << coord(W) << "\" height=\"" << coord(H) << "\">\n"
       << "<rect x=\"0\" y=\"0\" width=\"" << coord(W) << "\" height=\""
       << coord(H) << "\" fill=\"#fff\"/>\n"
       << "<text x=\"4\" y=\"18\" class=\"t\">" << esc(d.label)
       << "</text><text x=\"" << coord(W - 4)
       << "\" y=\"18\" text-anchor=\"end\""
       << (d.enough ? "" : " fill=\"#888\"") << ">" << importanceVerdict(d)
       << "<title>" << d.trials << " trials; spread "
       << fmt("%.2f", d.spread) << "</title></text>\n";
    for (size_t i = 0; i < d.options.size(); ++i) {
      const OptionStats &opt = d.options[i];
      double y = T + i * rowH;
      // A long option (a list of inputs, a long string) is cut at a token
      // so it stays left of the bar; the whole of it is the <title>.
      std::vector<std::string> lines = wrapAtTokens(opt.value, 16);
      std::string shown = lines[0] + (lines.size() > 1 ? "\u2026" : "");
      os << "<text x=\"" << coord(L - 6) << "\" y=\"" << coord(y + 14)
         << "\" text-anchor=\"end\">" << esc(shown) << "<title>"
         << esc(opt.value) << "</title></text>"
         << "<rect x=\"" << coord(L) << "\" y=\"" << coord(y + 3)
         << "\" width=\"" << fmt("%.1f", std::max(1.0, sx(opt.mean) - L))
         << "\" height=\"" << coord(rowH - 6) << "\" fill=\""
         << (i == 0 ? "#2e86ab" : "#9bb0c9") << "\"><title>" << esc(opt.value)
         << ": mean " << fmt("%.3f", opt.mean)
         << (std::isfinite(opt.halfWidth)
                 ? " \u00b1" + fmt("%.3f", opt.halfWidth) + " (95%), sd " +
                       fmt("%.3f", opt.sd)
                 : std::string())
         << ", best " << fmt("%.3f", opt.best) << ", " << opt.count
         << (opt.count == 1 ? " trial" : " trials") << "</title></rect>";
      if (std::isfinite(opt.halfWidth)) { // the interval, cut at the frame
        double a = std::max(L, sx(opt.mean - opt.halfWidth));
        double b = std::min(W - R + 20, sx(opt.mean + opt.halfWidth));
        os << "<line class=\"ci\" x1=\"" << fmt("%.1f", a) << "\" x2=\""
           << fmt("%.1f", b) << "\" y1=\"" << coord(y + rowH / 2) << "\" y2=\""
           << coord(y + rowH / 2) << "\" stroke=\"#333\" stroke-width=\"1.5\"/>";
      }
      os
         << "<line x1=\"" << fmt("%.1f", sx(opt.best)) << "\" x2=\""
         << fmt("%.1f", sx(opt.best)) << "\" y1=\"" << coord(y + 1)
         << "\" y2=\"" << coord(y + rowH - 1)
         << "\" stroke=\"#d1495b\" stroke-width=\"2\"/>"
         << "<text x=\""
         << fmt("%.1f", std::max(sx(opt.mean), sx(opt.best)) + 4) << "\" y=\""
         << coord(y + 14) << "\">" << fmt("%.1f", opt.mean) << " ·" << opt.count
         << "</text>\n";
    }
    os << "</svg>\n";
  }
  os << "</div>\n<p class=\"note\">Bars: mean " << esc(o.metric)
     << " of the evaluated trials that took the option, with its 95% "
        "interval (black; none for an option seen once); red tick: the best; "
        "·n: trials. &omega;&sup2;: the share of the variance of "
     << esc(o.metric)
     << " that the decision explains (one-way analysis of variance, "
        "corrected for few trials), p: the F test of equal means. Decisions "
        "with an option seen once say <em>too few trials</em> and come "
        "last. Descriptive, not causal: a search samples good options more "
        "often.</p>\n";
}

static void writeTableHtml(llvm::raw_ostream &os,
                           const std::vector<const Trial *> &rows,
                           const HtmlReport &r) {
  std::set<std::string> extraNames;
  std::vector<Metrics> extras;
  for (const Trial *t : rows) {
    extras.push_back(r.extra ? r.extra(*t) : Metrics{});
    for (auto &[k, v] : extras.back())
      extraNames.insert(k);
  }
  auto cell = [](const Trial &t, const char *m, const char *f, bool h) {
    auto it = t.metrics.find(m);
    if (it == t.metrics.end())
      return std::string("-");
    return h ? human(it->second) : fmt(f, it->second);
  };
  bool latency = false, trainTime = false, estimate = false;
  for (const Trial *t : rows) {
    latency |= t->metrics.count("latency") > 0;
    trainTime |= t->metrics.count("train_seconds") > 0;
    estimate |= t->metrics.count(kOneShotMetric) > 0;
  }
  os << "<table><tr><th>#</th><th>trial</th><th>accuracy</th>";
  if (estimate)
    os << "<th class=\"estimate\">one-shot estimate*</th>";
  for (const std::string &n : extraNames)
    os << "<th>" << esc(n) << "</th>";
  os << "<th>params</th><th>FLOPs</th>" << (latency ? "<th>latency ms</th>" : "")
     << (trainTime ? "<th>train s</th>" : "")
     << "<th>eval s</th><th>epochs</th><th>decisions</th></tr>\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Trial &t = *rows[i];
    os << "<tr><td>" << i + 1 << "</td><td>" << t.id << "</td><td>"
       << cell(t, "accuracy", "%.2f", false) << "</td>";
    if (estimate)
      os << "<td class=\"estimate\">"
         << cell(t, kOneShotMetric, "%.2f", false) << "</td>";
    for (const std::string &n : extraNames)
      os << "<td>"
         << (extras[i].count(n) ? fmt("%.2f", extras[i].at(n)) : "-")
         << "</td>";
    os << "<td>" << cell(t, "params", "", true) << "</td><td>"
       << cell(t, "flops", "", true) << "</td><td>";
    if (latency)
      os << cell(t, "latency", "%.3f", false) << "</td><td>";
    if (trainTime)
      os << cell(t, "train_seconds", "%.1f", false) << "</td><td>";
    os << fmt("%.2f", t.evalSeconds) << "</td><td>" << t.epochs
       << "</td><td class=\"d\">" << breakableDecisions(t.decisions)
       << "</td></tr>\n";
  }
  os << "</table>\n";
  if (estimate)
    os << "<p class=\"note\">" << esc(kOneShotNote) << "</p>\n";
}

/// The supernet phase of a one-shot search: each label's architecture
/// weights over the epochs, and the selection's estimates beside what
/// retraining measured.
static void writeOneShot(llvm::raw_ostream &os, const HtmlReport &r) {
  const SupernetOutcome &o = r.oneshot->outcome;
  static const char *kColors[] = {"#d1495b", "#00798c", "#edae49", "#30638e",
                                  "#66a182", "#8d6a9f", "#e07a5f", "#3d405b"};
  os << "<h2>Supernet phase (" << esc(o.mode) << "): architecture weights "
     << "per epoch</h2>\n<p class=\"note\">" << o.history.size()
     << " epochs in " << fmt("%.1f", o.trainSeconds) << " s ("
     << fmt("%.3f", o.secondsPerStep) << " s per step). "
     << (o.mode == "spos" ? "spos trains no architecture parameters: its "
                            "weights stay uniform. "
                          : "")
     << "</p>\n<div class=\"row\">\n";
  for (const SupernetOutcome::Label &l : o.labels) {
    Plot p;
    p.cls = "chart weights";
    p.title = l.name + " (" + l.kind + ")";
    p.xlabel = "epoch";
    p.ylabel = "weight";
    for (size_t i = 0; i < l.weights.size(); ++i) {
      Series s{i < l.options.size() ? l.options[i] : "input " + std::to_string(i),
               kColors[i % 8]};
      s.line = s.dots = true;
      for (const SupernetOutcome::Epoch &e : o.history)
        if (auto w = e.weights.find(l.name);
            w != e.weights.end() && i < w->second.size())
          s.points.push_back({(double)e.epoch, w->second[i]});
      if (s.points.empty())
        s.points.push_back({(double)o.history.size(), l.weights[i]});
      p.series.push_back(std::move(s));
    }
    p.write(os);
  }
  os << "</div>\n";
  if (!r.oneshot->selected)
    return;
  std::map<std::string, const Trial *> byDecisions;
  for (auto &[id, t] : *r.trials)
    if (t.succeeded())
      byDecisions.emplace(t.decisions, &t);
  os << "<h3>Selected architectures: one-shot estimates and retraining</h3>\n"
     << "<table><tr><th>#</th><th class=\"estimate\">one-shot estimate*</th>"
     << "<th>retrained accuracy</th><th>trial</th><th>decisions</th></tr>\n";
  for (size_t i = 0; i < r.oneshot->selection.size(); ++i) {
    auto &[decisions, estimate] = r.oneshot->selection[i];
    auto t = byDecisions.find(decisions);
    bool found = t != byDecisions.end();
    os << "<tr><td>" << i + 1 << "</td><td class=\"estimate\">"
       << fmt("%.2f", estimate) << "</td><td>"
       << (found ? fmt("%.2f", t->second->metric("accuracy", NAN)) : "-")
       << "</td><td>" << (found ? std::to_string(t->second->id) : "-")
       << "</td><td class=\"d\">" << breakableDecisions(decisions)
       << "</td></tr>\n";
  }
  os << "</table>\n<p class=\"note\">" << esc(kOneShotNote) << "</p>\n";
}

void nasir::search::writeHtml(llvm::raw_ostream &os, const HtmlReport &r) {
  const Objective &o = r.objectives[0];
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
     << "<title>" << esc(r.title) << "</title>\n<style>\n"
     << "body{font:14px/1.45 -apple-system,'Segoe UI',Helvetica,Arial,"
        "sans-serif;margin:24px auto;max-width:1220px;color:#1d2733;"
        "background:#f6f8fb;padding:0 16px}\n"
        "h1{font-size:24px;margin:0 0 6px}h2{font-size:18px;margin:28px 0 "
        "10px;border-bottom:1px solid #d8dee8;padding-bottom:4px}\n"
        "ul.facts{list-style:none;padding:0;margin:0;display:flex;flex-wrap:"
        "wrap;gap:6px 18px;color:#46566a}ul.facts b{color:#1d2733}\n"
        ".row{display:flex;flex-wrap:wrap;gap:16px}\n"
        "svg.chart,svg.scatter,svg.importance{background:#fff;border:1px "
        "solid #d8dee8;border-radius:6px}\n"
        "svg text{font:12px Helvetica,Arial,sans-serif;fill:#33404f}"
        "svg text.t{font-weight:bold;font-size:13px}\n"
        "svg .g{stroke:#e8ecf2;stroke-width:1}svg .frame{fill:none;stroke:"
        "#b8c2d0}\n"
        ".bars{display:flex;flex-wrap:wrap;gap:12px}\n"
        "table{border-collapse:collapse;background:#fff;font-size:13px;"
        "width:100%}td,th{border:1px solid #d8dee8;padding:3px 7px;"
        "text-align:right}th{background:#eef2f7}td.d{text-align:left;"
        "font-family:monospace;font-size:11px;overflow-wrap:anywhere}\n"
        ".archs{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;"
        "background:#fff;border:1px solid #d8dee8;border-radius:6px;"
        "padding:8px;width:580px}figcaption{font-size:12px;margin-bottom:6px}"
        "\n.arch{height:640px;overflow:auto;text-align:center}svg.architecture{"
        "max-width:100%;height:auto}\n.note{color:#5b6b7f;font-size:12px}\n"
        ".estimate{font-style:italic;color:#7a5c00}\n"
     << "</style></head><body>\n<h1>" << esc(r.title) << "</h1>\n<ul "
     << "class=\"facts\">\n";
  for (auto &[k, v] : r.facts)
    os << "<li><b>" << esc(k) << "</b> " << esc(v) << "</li>\n";
  os << "</ul>\n<h2>Best so far</h2>\n<div class=\"row\">\n";
  writeProgress(os, r);
  os << "</div>\n<h2>Cost and " << esc(o.metric)
     << (r.objectives.size() > 1 ? ": Pareto fronts" : "")
     << "</h2>\n<div class=\"row\">\n";
  writeScatters(os, r);
  os << "</div>\n";
  if (r.oneshot && r.oneshot->trained)
    writeOneShot(os, r);
  writeLearningCurves(os, r);
  writeTimeline(os, r);
  os << "<h2>Which decisions matter</h2>\n";
  writeImportance(os, r);
  writeParallelCoordinates(os, r);
  auto best = ranked(*r.trials, r.objectives);
  if (best.size() > r.top)
    best.resize(r.top);
  os << "<h2>Leaderboard (top " << best.size() << " by "
     << esc(o.metric) << ")</h2>\n";
  writeTableHtml(os, best, r);
  if (r.objectives.size() > 1) {
    auto front = paretoFront(*r.trials, r.objectives);
    os << "<h2>Pareto front over " << esc(printObjectives(r.objectives))
       << " (" << front.size() << " trials)</h2>\n";
    writeTableHtml(os, front, r);
  }
  os << "<h2>Architectures of the best candidates</h2>\n<div "
        "class=\"archs\">\n";
  for (size_t i = 0; i < r.architectures.size(); ++i) {
    const auto &a = r.architectures[i];
    os << "<figure><figcaption><b>#" << i + 1 << " trial " << a.trial->id
       << "</b>: " << esc(o.metric) << " "
       << fmt("%.2f", a.trial->metric(o.metric, NAN)) << ", "
       << (a.trial->metrics.count("params")
               ? human(a.trial->metrics.at("params"))
               : std::string("?"))
       << " params<br><code>" << breakableDecisions(a.trial->decisions)
       << "</code></figcaption>\n";
    if (a.svg.empty())
      os << "<p>" << esc(a.error) << "</p>";
    else
      os << "<div class=\"arch\">" << a.svg << "</div>";
    os << "</figure>\n";
  }
  os << "</div>\n";
  std::vector<const Trial *> failed;
  for (auto &[id, t] : *r.trials)
    if (t.status == TrialStatus::Failed)
      failed.push_back(&t);
  os << "<h2>Failed trials (" << failed.size() << ")</h2>\n";
  if (!failed.empty()) {
    os << "<table><tr><th>trial</th><th>reason</th><th>decisions</th></tr>\n";
    for (const Trial *t : failed)
      os << "<tr><td>" << t->id << "</td><td class=\"d\">" << esc(t->error)
         << "</td><td class=\"d\">" << breakableDecisions(t->decisions)
         << "</td></tr>\n";
    os << "</table>\n";
  }
  writeTrialTable(os, r);
  os << "<p class=\"note\">Generated by nasir report. Every trial: "
        "<code>nasir report STORE --csv</code> or <code>--json</code>.</p>\n"
     << "</body></html>\n";
}
