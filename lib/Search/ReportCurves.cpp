//===- ReportCurves.cpp - the report's learning curves --------------------===//
//
// The validation accuracy (in %, as the report's `accuracy`) per epoch of the
// best trials that have a curve, in colour, and of the trials stopped before
// the longest curve's last epoch (a Hyperband rung, a --max-time), in grey.
// A dot per epoch (a one-epoch curve is a dot), its tooltip the epoch's four
// values.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/ReportPlot.h"
#include "lib/Search/ReportViews.h"
#include "lib/Support/ShortestDouble.h"
#include <algorithm>
#include <set>

using namespace nasir;
using namespace nasir::search;
using namespace nasir::search::svg;

/// Curves drawn in colour (the best) and in grey (stopped early), at most.
static constexpr size_t kBestCurves = 6, kEarlyCurves = 24;

static const char *const kColours[kBestCurves] = {
    "#d1495b", "#2e86ab", "#3c9d5d", "#f0a202", "#7b4fa0", "#1d2733"};

static std::string pointTip(const Trial &t, const EpochPoint &p) {
  return "trial " + std::to_string(t.id) + ", epoch " +
         std::to_string(p.epoch) + ": val accuracy " +
         formatShortest(100 * p.valAccuracy) + "%, val loss " +
         formatShortest(p.valLoss) + ", train accuracy " +
         formatShortest(100 * p.trainAccuracy) + "%, train loss " +
         formatShortest(p.trainLoss);
}

static Series curveSeries(const Trial &t, std::string name,
                          std::string colour) {
  Series s{std::move(name), std::move(colour)};
  s.line = s.dots = true;
  for (const EpochPoint &p : t.curve) {
    s.points.push_back({(double)p.epoch, 100 * p.valAccuracy});
    s.tips.push_back(pointTip(t, p));
  }
  return s;
}

void nasir::search::writeLearningCurves(llvm::raw_ostream &os,
                                        const HtmlReport &r) {
  std::vector<const Trial *> withCurve;
  int64_t lastEpoch = 0;
  for (const Trial *t : ranked(*r.trials, r.objectives))
    if (!t->curve.empty()) {
      withCurve.push_back(t);
      lastEpoch = std::max(lastEpoch, t->curve.back().epoch);
    }
  if (withCurve.empty())
    return;
  std::vector<const Trial *> best, early;
  for (const Trial *t : withCurve)
    if (best.size() < kBestCurves && t->curve.back().epoch == lastEpoch)
      best.push_back(t);
    else if (early.size() < kEarlyCurves && t->curve.back().epoch < lastEpoch)
      early.push_back(t);
  Plot p;
  p.cls = "curves";
  p.integerX = true;
  p.title = "validation accuracy per epoch";
  p.xlabel = "epoch";
  p.ylabel = "validation accuracy (%)";
  // Grey first, so that the best are drawn over them.
  for (const Trial *t : early)
    p.series.push_back(curveSeries(*t, "", "#b8c2d0"));
  for (size_t i = 0; i < best.size(); ++i)
    p.series.push_back(curveSeries(
        *best[i], i < 4 ? "trial " + std::to_string(best[i]->id) : "",
        kColours[i]));
  if (!early.empty())
    p.series.push_back(Series{"stopped early", "#b8c2d0"});
  os << "<h2>Learning curves</h2>\n<div class=\"row\">\n";
  p.write(os);
  os << "</div>\n<p class=\"note\">In colour: the best trials trained to "
        "epoch "
     << lastEpoch << " (" << best.size() << " shown, at most " << kBestCurves
     << "); grey: " << early.size() << " stopped earlier (at most "
     << kEarlyCurves
     << "). Every epoch's values: <code>nasir report STORE --json</code>, "
        "<code>curve</code>.</p>\n";
}
