//===- Report.cpp - leaderboard, Pareto front, exports --------------------===//
#include "lib/Search/Report.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include <algorithm>
#include <cmath>
#include <set>

using namespace nasir;
using namespace nasir::search;

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

void nasir::search::printTable(llvm::raw_ostream &os,
                               const std::vector<const Trial *> &rows,
                               const ExtraMetrics &extra) {
  std::vector<Metrics> extras;
  std::set<std::string> extraNames;
  for (const Trial *t : rows) {
    extras.push_back(extra ? extra(*t) : Metrics{});
    for (auto &[k, v] : extras.back())
      extraNames.insert(k);
  }
  os << "rank  trial  accuracy";
  for (const std::string &n : extraNames)
    os << llvm::format(" %10s", n.c_str());
  os << "    params     flops   time_s epochs  decisions\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Trial &t = *rows[i];
    os << llvm::format("%4zu %6lld %9s", i + 1, (long long)t.id,
                       num(t, "accuracy", "%.2f").c_str());
    for (const std::string &n : extraNames) {
      auto it = extras[i].find(n);
      char buf[32] = "-";
      if (it != extras[i].end())
        snprintf(buf, sizeof buf, "%.2f", it->second);
      os << llvm::format(" %10s", (const char *)buf);
    }
    os << llvm::format(
        " %9s %9s %8.1f %6lld  %s\n",
        t.metrics.count("params") ? human(t.metrics.at("params")).c_str() : "-",
        t.metrics.count("flops") ? human(t.metrics.at("flops")).c_str() : "-",
        t.evalSeconds, (long long)t.epochs, t.decisions.c_str());
  }
}

void nasir::search::printFailures(llvm::raw_ostream &os,
                                  const std::map<int64_t, Trial> &trials,
                                  size_t limit) {
  size_t n = 0;
  for (auto &[id, t] : trials)
    if (t.status == TrialStatus::Failed && n++ < limit)
      os << "  trial " << id << ": " << t.error << "  " << t.decisions << "\n";
}

static std::string csvCell(const std::string &s) {
  if (s.find_first_of(",\"\n") == std::string::npos)
    return s;
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void nasir::search::writeCsv(llvm::raw_ostream &os,
                             const std::map<int64_t, Trial> &trials) {
  std::set<std::string> names;
  for (auto &[id, t] : trials)
    for (auto &[k, v] : t.metrics)
      names.insert(k);
  os << "id,status,epochs,fingerprint,reused_from,eval_seconds";
  for (const std::string &n : names)
    os << "," << csvCell(n);
  os << ",error,decisions\n";
  for (auto &[id, t] : trials) {
    os << id << "," << statusName(t.status) << "," << t.epochs << ","
       << t.fingerprint << "," << (t.reusedFrom ? std::to_string(t.reusedFrom) : "")
       << "," << llvm::format("%.3f", t.evalSeconds);
    for (const std::string &n : names) {
      os << ",";
      if (auto it = t.metrics.find(n); it != t.metrics.end())
        os << llvm::format("%.6g", it->second);
    }
    os << "," << csvCell(t.error) << "," << csvCell(t.decisions) << "\n";
  }
}

void nasir::search::writeJson(llvm::raw_ostream &os,
                              const std::map<int64_t, Trial> &trials) {
  for (auto &[id, t] : trials) {
    llvm::json::Object o{{"id", id},
                         {"status", statusName(t.status)},
                         {"epochs", t.epochs},
                         {"fingerprint", t.fingerprint},
                         {"eval_seconds", t.evalSeconds}};
    if (auto d = llvm::json::parse(t.decisions))
      o["decisions"] = std::move(*d);
    else
      llvm::consumeError(d.takeError());
    llvm::json::Object m;
    for (auto &[k, v] : t.metrics)
      m[k] = v;
    o["metrics"] = std::move(m);
    if (!t.error.empty())
      o["error"] = t.error;
    if (t.reusedFrom)
      o["reused_from"] = t.reusedFrom;
    os << llvm::json::Value(std::move(o)) << "\n";
  }
}
