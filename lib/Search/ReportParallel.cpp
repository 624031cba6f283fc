//===- ReportParallel.cpp - the report's parallel coordinates -------------===//
//
// Decisions against the objective: one vertical axis per decision label (the
// labels in the importance view's order, most explained variance first), the
// primary objective's metric as the last axis, and one line per evaluated
// trial through the option it took on each axis. Options are spaced evenly
// (numbers in numeric order, other options in text order); a trial that did
// not take a label (a decision in an alternative it did not choose) passes
// through a "not taken" slot at the axis's foot. Lines are coloured by the
// objective's rank, the best drawn last and thicker; a line's tooltip is its trial.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/ReportPlot.h"
#include "lib/Search/ReportViews.h"
#include "lib/Support/ShortestDouble.h"
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

using namespace nasir;
using namespace nasir::search;
using namespace nasir::search::svg;

/// Axes and lines drawn at most: a space of many labels shows the ones that
/// explain most; a long search its best trials.
static constexpr size_t kMaxAxes = 24, kMaxLines = 600, kHighlighted = 10;
static constexpr llvm::StringLiteral kNotTaken = "(not taken)";

namespace {
/// One decision axis: its options, bottom to top.
struct Axis {
  std::string label;
  std::vector<std::string> options;
  bool notTaken = false; ///< some trial did not take the label
};

bool asNumber(const std::string &s, double &v) {
  char *end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size() && std::isfinite(v);
}

/// Numbers in numeric order when every option is one, else text order.
void sortOptions(std::vector<std::string> &options) {
  std::vector<double> values(options.size());
  bool numeric = true;
  for (size_t i = 0; i < options.size() && numeric; ++i)
    numeric = asNumber(options[i], values[i]);
  if (!numeric)
    return llvm::sort(options);
  std::sort(options.begin(), options.end(),
            [](const std::string &a, const std::string &b) {
              return std::strtod(a.c_str(), nullptr) <
                     std::strtod(b.c_str(), nullptr);
            });
}

/// Blue (worst) to red (best), through grey.
std::string colourOf(double t) {
  auto mix = [&](int a, int b) { return int(std::lround(a + (b - a) * t)); };
  char buf[8];
  snprintf(buf, sizeof buf, "#%02x%02x%02x", mix(0x9b, 0xd1), mix(0xb0, 0x49),
           mix(0xc9, 0x5b));
  return buf;
}
} // namespace

void nasir::search::writeParallelCoordinates(llvm::raw_ostream &os,
                                             const HtmlReport &r) {
  const Objective &o = r.objectives[0];
  std::vector<const Trial *> trials = ranked(*r.trials, r.objectives);
  if (trials.size() > kMaxLines)
    trials.resize(kMaxLines); // the best ones
  // Each trial's decisions as cells; the trials that have a finite metric.
  std::vector<std::pair<const Trial *, std::map<std::string, std::string>>> rows;
  for (const Trial *t : trials) {
    auto cells = decisionCells(*t);
    if (cells && std::isfinite(t->metric(o.metric, NAN)))
      rows.push_back({t, std::move(*cells)});
  }
  std::vector<Axis> axes;
  for (const DecisionImportance &d : decisionImportance(*r.trials, r.objectives)) {
    if (axes.size() == kMaxAxes)
      break;
    Axis a{d.label, {}, false};
    for (auto &[t, cells] : rows) {
      auto it = cells.find(d.label);
      if (it == cells.end())
        a.notTaken = true;
      else if (!llvm::is_contained(a.options, it->second))
        a.options.push_back(it->second);
    }
    sortOptions(a.options);
    if (a.notTaken)
      a.options.insert(a.options.begin(), kNotTaken.str());
    axes.push_back(std::move(a));
  }
  if (rows.size() < 2 || axes.empty())
    return;
  double lo = INFINITY, hi = -INFINITY;
  for (auto &[t, cells] : rows) {
    double v = t->metric(o.metric, 0);
    lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (hi - lo < 1e-12)
    lo -= 1, hi += 1;

  const double gap = 110, L = 70, R = 70, T = 40, B = 40, H = 380;
  double W = L + R + gap * axes.size();
  double bottom = H - B, top = T;
  auto xOf = [&](size_t axis) { return L + gap * axis; };
  auto yOption = [&](const Axis &a, size_t i) {
    return a.options.size() == 1
               ? (top + bottom) / 2
               : bottom - (bottom - top) * i / (a.options.size() - 1);
  };
  auto yMetric = [&](double v) {
    return bottom - (bottom - top) * (v - lo) / (hi - lo);
  };
  // Colour by rank (rows are best first), so a few outliers do not wash
  // the rest into one colour.
  auto share = [&](size_t rank) {
    return 1 - double(rank) / double(rows.size() - 1);
  };
  os << "<h2>Decisions against " << htmlEscape(o.metric) << "</h2>\n"
     << "<div class=\"row\"><svg class=\"parallel\" "
        "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
     << coord(W) << " " << coord(H) << "\" width=\"" << coord(W)
     << "\" height=\"" << coord(H) << "\">\n<rect x=\"0\" y=\"0\" width=\""
     << coord(W) << "\" height=\"" << coord(H) << "\" fill=\"#fff\"/>\n";
  // Lines first, worst first, so the best are on top.
  for (size_t k = rows.size(); k-- > 0;) {
    const auto &[t, cells] = rows[k];
    double v = t->metric(o.metric, 0);
    os << "<polyline fill=\"none\" stroke=\"" << colourOf(share(k))
       << "\" stroke-width=\"" << (k < kHighlighted ? "2" : "1")
       << "\" stroke-opacity=\"" << (k < kHighlighted ? "0.95" : "0.45")
       << "\" points=\"";
    for (size_t i = 0; i < axes.size(); ++i) {
      auto it = cells.find(axes[i].label);
      const std::string &cell = it == cells.end() ? kNotTaken.str() : it->second;
      size_t at = llvm::find(axes[i].options, cell) - axes[i].options.begin();
      os << coord(xOf(i)) << "," << coord(yOption(axes[i], at)) << " ";
    }
    os << coord(xOf(axes.size())) << "," << coord(yMetric(v))
       << "\"><title>trial " << t->id << ": " << htmlEscape(o.metric) << " "
       << formatShortest(v) << "</title></polyline>\n";
  }
  // Axes over the lines, with their options.
  for (size_t i = 0; i <= axes.size(); ++i) {
    double x = xOf(i);
    os << "<line x1=\"" << coord(x) << "\" x2=\"" << coord(x) << "\" y1=\""
       << coord(top) << "\" y2=\"" << coord(bottom)
       << "\" stroke=\"#333\" stroke-width=\"1\"/>\n";
    std::string name = i < axes.size() ? axes[i].label : o.metric;
    std::vector<std::string> lines = wrapAtTokens(name, 16);
    os << "<text x=\"" << coord(x) << "\" y=\"" << coord(top - 16)
       << "\" text-anchor=\"middle\" class=\"t\">"
       << htmlEscape(lines[0] + (lines.size() > 1 ? "\u2026" : ""))
       << "<title>" << htmlEscape(name) << "</title></text>\n";
    if (i == axes.size()) {
      for (double v : ticks(lo, hi, 5))
        os << "<text x=\"" << coord(x + 6) << "\" y=\"" << coord(yMetric(v) + 4)
           << "\">" << htmlEscape(tickLabel(v)) << "</text>\n";
      continue;
    }
    for (size_t k = 0; k < axes[i].options.size(); ++k) {
      const std::string &opt = axes[i].options[k];
      std::vector<std::string> cut = wrapAtTokens(opt, 12);
      os << "<text x=\"" << coord(x + 5) << "\" y=\""
         << coord(yOption(axes[i], k) + 4)
         << "\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">"
         << htmlEscape(cut[0] + (cut.size() > 1 ? "\u2026" : "")) << "<title>"
         << htmlEscape(opt) << "</title></text>\n";
    }
  }
  os << "</svg></div>\n<p class=\"note\">One line per evaluated trial ("
     << rows.size() << (rows.size() == kMaxLines ? ", the best" : "")
     << "), through the option it took on each decision's axis and its "
     << htmlEscape(o.metric) << " on the last; red: the best, blue: the "
        "worst, the "
     << kHighlighted
     << " best drawn thicker. Axes in the order of the importance view "
        "(at most "
     << kMaxAxes << "); <em>" << kNotTaken.str()
     << "</em>: the trial's alternatives did not reach the decision.</p>\n";
}
