//===- ReportPlot.h - the SVG drawing of the HTML report ---------*- C++ -*-===//
//
// What the report's pictures share (Report.cpp, ReportCurves.cpp,
// ReportTimeline.cpp): number formats of SVG coordinates and ticks, and the
// line chart with axes, grid and legend. Text goes in through htmlEscape.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_REPORTPLOT_H
#define NASIR_SEARCH_REPORTPLOT_H

#include "llvm/Support/raw_ostream.h"
#include <string>
#include <utility>
#include <vector>

namespace nasir::search::svg {

/// `v` through printf format `f` ("%.2f").
std::string fmt(const char *f, double v);
/// An SVG coordinate: to a tenth of a pixel, no exponent (319, 542.8).
std::string coord(double v);
/// Round tick values covering [lo, hi] (1, 2, 5 x 10^k steps).
std::vector<double> ticks(double lo, double hi, int want = 5);
/// A tick's label: at most four significant digits, thousands and above
/// with an SI suffix (100k, 2M, 1.5G).
std::string tickLabel(double v);
/// Ticks of a log axis over [10^lo, 10^hi].
std::vector<double> logTicks(double lo, double hi);

/// One series of a Plot: a line, a step line or dots.
struct Series {
  std::string name, color;
  std::vector<std::pair<double, double>> points;
  std::vector<std::string> tips; ///< per point (dots only)
  bool line = false, step = false, dots = false;
};

/// A plot area with axes, ticks, labels and a legend.
struct Plot {
  std::string title, xlabel, ylabel, cls = "chart";
  bool logX = false;
  bool integerX = false; ///< x ticks only at integers (epochs)
  std::vector<Series> series;

  void write(llvm::raw_ostream &os) const;
};

} // namespace nasir::search::svg

#endif
