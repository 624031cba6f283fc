//===- Importance.cpp - which decisions matter, with their uncertainty ----===//
#include "lib/Search/Importance.h"
#include "lib/Search/Report.h"
#include "lib/Support/Distributions.h"
#include <algorithm>
#include <cstdio>

using namespace nasir::search;

namespace {
/// The objective's values of the trials that took one option.
struct Sample {
  std::vector<double> values;
  double best = 0;
};

double meanOf(const std::vector<double> &v) {
  double s = 0;
  for (double x : v)
    s += x;
  return s / v.size();
}

/// One-way ANOVA of the options: omega squared and the F test's p-value.
void analyseVariance(DecisionImportance &d,
                     const std::vector<std::vector<double>> &groups) {
  double n = 0, total = 0;
  for (auto &g : groups)
    for (double x : g)
      total += x, ++n;
  double grand = total / n, between = 0, within = 0;
  for (auto &g : groups) {
    double m = meanOf(g);
    between += g.size() * (m - grand) * (m - grand);
    for (double x : g)
      within += (x - m) * (x - m);
  }
  double k = groups.size(), dfB = k - 1, dfW = n - k;
  double msW = within / dfW;
  if (between + within <= 0) { // every trial scored the same
    d.explained = 0, d.pValue = 1;
    return;
  }
  d.explained = std::clamp((between - dfB * msW) / (between + within + msW), 0.0, 1.0);
  d.pValue = within > 0 ? nasir::fUpperTail((between / dfB) / msW, dfB, dfW) : 0;
}

std::string format(const char *f, double v) {
  char buf[64];
  snprintf(buf, sizeof buf, f, v);
  return buf;
}
} // namespace

std::vector<DecisionImportance>
nasir::search::decisionImportance(const std::map<int64_t, Trial> &trials,
                                  const std::vector<Objective> &objectives) {
  const Objective &o = objectives[0];
  std::map<std::string, std::map<std::string, Sample>> samples;
  for (const Trial *t : ranked(trials, objectives)) {
    double v = t->metric(o.metric, NAN);
    auto cells = decisionCells(*t);
    if (!cells || !std::isfinite(v))
      continue;
    for (auto &[label, cell] : *cells) {
      Sample &s = samples[label][cell];
      s.best = s.values.empty() ? v : o.maximize ? std::max(s.best, v) : std::min(s.best, v);
      s.values.push_back(v);
    }
  }
  std::vector<DecisionImportance> out;
  for (auto &[label, options] : samples) {
    DecisionImportance d;
    d.label = label;
    d.enough = options.size() >= 2;
    std::vector<std::vector<double>> groups;
    for (auto &[value, s] : options) {
      OptionStats os;
      os.value = value;
      os.count = s.values.size();
      os.mean = meanOf(s.values);
      os.best = s.best;
      if (os.count >= 2) {
        double ss = 0;
        for (double x : s.values)
          ss += (x - os.mean) * (x - os.mean);
        os.sd = std::sqrt(ss / (os.count - 1));
        os.halfWidth = nasir::studentTQuantile(0.975, os.count - 1) * os.sd /
                       std::sqrt(double(os.count));
      } else {
        d.enough = false;
      }
      d.trials += os.count;
      d.options.push_back(os);
      groups.push_back(s.values);
    }
    if (d.enough)
      analyseVariance(d, groups);
    std::stable_sort(d.options.begin(), d.options.end(),
                     [&](const OptionStats &a, const OptionStats &b) {
                       return o.maximize ? a.mean > b.mean : a.mean < b.mean;
                     });
    d.spread = std::fabs(d.options.front().mean - d.options.back().mean);
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DecisionImportance &a, const DecisionImportance &b) {
                     if (a.enough != b.enough)
                       return a.enough;
                     if (a.enough && a.explained != b.explained)
                       return a.explained > b.explained;
                     return a.spread > b.spread;
                   });
  return out;
}

std::string nasir::search::optionSummary(const OptionStats &o) {
  std::string s = format("%.2f", o.mean);
  if (std::isfinite(o.halfWidth))
    s += " \u00b1" + format("%.2f", o.halfWidth);
  return s + " (n=" + std::to_string(o.count) + ")";
}

std::string nasir::search::importanceVerdict(const DecisionImportance &d) {
  if (!d.enough)
    return "too few trials";
  return "\u03c9\u00b2 " + format("%.2f", d.explained) + ", p " +
         format(d.pValue < 0.001 ? "%.0e" : "%.3f", d.pValue);
}
