//===- Importance.cpp - which decisions matter, with uncertainty ----------===//
//
// Per label, per option: the trials that took it, the mean of the primary
// objective and its 95% Student-t interval. Options with fewer than
// kMinOptionTrials trials are shown but not ranked.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Report.h"
#include "lib/Support/LimitedJson.h"
#include "llvm/Support/Format.h"
#include <algorithm>
#include <cmath>

using namespace nasir;
using namespace nasir::search;

bool OptionStats::ranked() const { return count >= kMinOptionTrials; }

double nasir::search::tQuantile95(int64_t df) {
  // t_{0.975, df} for df = 1..30 (standard tables), then 40, 60, 120, inf
  // with linear interpolation in 1/df between them.
  static const double kSmall[30] = {
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1)
    return NAN;
  if (df <= 30)
    return kSmall[df - 1];
  static const double kDf[] = {30, 40, 60, 120, INFINITY};
  static const double kT[] = {2.042, 2.021, 2.000, 1.980, 1.960};
  for (int i = 0; i < 4; ++i)
    if (df <= kDf[i + 1]) {
      double a = 1 / kDf[i], b = std::isinf(kDf[i + 1]) ? 0 : 1 / kDf[i + 1];
      double f = (a - 1.0 / df) / (a - b);
      return kT[i] + f * (kT[i + 1] - kT[i]);
    }
  return 1.960;
}

OptionStats nasir::search::optionStats(std::string value,
                                       const std::vector<double> &values,
                                       bool maximize) {
  OptionStats s;
  s.value = std::move(value);
  s.count = (int64_t)values.size();
  double sum = 0;
  s.best = values.front();
  for (double v : values) {
    sum += v;
    s.best = maximize ? std::max(s.best, v) : std::min(s.best, v);
  }
  s.mean = sum / s.count;
  if (s.count >= 2) {
    double ss = 0;
    for (double v : values)
      ss += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(ss / (s.count - 1));
    double half = tQuantile95(s.count - 1) * s.sd / std::sqrt((double)s.count);
    s.lo = s.mean - half;
    s.hi = s.mean + half;
  }
  return s;
}

std::vector<DecisionImportance>
nasir::search::decisionImportance(const std::map<int64_t, Trial> &trials,
                                  const std::vector<Objective> &objectives) {
  const Objective &o = objectives[0];
  std::map<std::string, std::map<std::string, std::vector<double>>> acc;
  for (const Trial *t : ranked(trials, objectives)) {
    double v = t->metric(o.metric, NAN);
    auto d = parseJsonLimited(t->decisions);
    if (!d) {
      llvm::consumeError(d.takeError());
      continue;
    }
    auto *obj = d->getAsObject();
    if (!obj || !std::isfinite(v))
      continue;
    for (auto &kv : *obj)
      acc[kv.first.str()][decisionCell(kv.second)].push_back(v);
  }
  std::vector<DecisionImportance> out;
  for (auto &[label, options] : acc) {
    DecisionImportance d;
    d.label = label;
    for (auto &[value, values] : options)
      d.options.push_back(optionStats(value, values, o.maximize));
    std::stable_sort(d.options.begin(), d.options.end(),
                     [&](const OptionStats &a, const OptionStats &b) {
                       if (a.ranked() != b.ranked())
                         return a.ranked();
                       if (!a.ranked())
                         return a.count > b.count;
                       return o.maximize ? a.mean > b.mean : a.mean < b.mean;
                     });
    const OptionStats *best = nullptr, *worst = nullptr;
    for (const OptionStats &s : d.options)
      if (s.ranked()) {
        if (!best)
          best = &s;
        worst = &s; // the last ranked option: the worst mean
      }
    if (worst == best)
      worst = nullptr;
    if (best && worst) {
      d.spread = std::fabs(best->mean - worst->mean);
      d.separated = o.maximize ? best->lo > worst->hi : best->hi < worst->lo;
    }
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DecisionImportance &a, const DecisionImportance &b) {
                     return a.spread > b.spread;
                   });
  return out;
}

void nasir::search::printImportance(
    llvm::raw_ostream &os, const std::vector<DecisionImportance> &labels,
    size_t limit) {
  for (size_t i = 0; i < labels.size() && i < limit; ++i) {
    const DecisionImportance &d = labels[i];
    os << llvm::format("  %-16s spread %7.2f%s  ", d.label.c_str(), d.spread,
                       d.separated ? "" : "?");
    for (size_t k = 0; k < d.options.size(); ++k) {
      const OptionStats &s = d.options[k];
      os << (k ? ", " : "") << s.value << " " << llvm::format("%.2f", s.mean);
      if (s.count >= 2)
        os << llvm::format(" [%.2f, %.2f]", s.lo, s.hi);
      os << " (n=" << s.count << (s.ranked() ? "" : ", too few") << ")";
    }
    os << "\n";
  }
}
