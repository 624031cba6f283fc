//===- ReportPlot.cpp - the SVG drawing of the HTML report ----------------===//
#include "lib/Search/ReportPlot.h"
#include "lib/Search/Report.h"
#include "lib/Support/ShortestDouble.h"
#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace nasir;
using namespace nasir::search;

static std::string esc(llvm::StringRef s) { return htmlEscape(s); }

std::string svg::fmt(const char *f, double v) {
  char buf[64];
  snprintf(buf, sizeof buf, f, v);
  return buf;
}

/// An SVG coordinate: to a tenth of a pixel, no exponent (319, 542.8).
std::string svg::coord(double v) {
  return formatShortest(std::round(v * 10) / 10);
}

/// Round tick values covering [lo, hi] (1, 2, 5 x 10^k steps).
std::vector<double> svg::ticks(double lo, double hi, int want) {
  std::vector<double> out;
  if (!(hi > lo))
    return {lo};
  double raw = (hi - lo) / want, mag = std::pow(10, std::floor(std::log10(raw)));
  double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag
                                    : raw / mag < 7.5 ? 5 * mag : 10 * mag;
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push_back(std::fabs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/// A tick's label: at most four significant digits, thousands and above
/// with an SI suffix (100k, 2M, 1.5G), so a log axis reads 10k 100k 1M.
std::string svg::tickLabel(double v) {
  static const std::pair<double, const char *> kUnits[] = {
      {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (auto [unit, suffix] : kUnits)
    if (std::fabs(v) >= unit)
      return fmt("%.4g", v / unit) + suffix;
  return fmt("%.4g", v);
}

/// Ticks of a log axis over [10^lo, 10^hi]: the powers of ten, with 2x and
/// 5x between them when fewer than three powers fall inside, every 1-9x when
/// still fewer; round linear ticks when the range is narrower than that.
std::vector<double> svg::logTicks(double lo, double hi) {
  static const std::vector<int> kSteps[] = {
      {1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};
  std::vector<double> out;
  for (const std::vector<int> &multiples : kSteps) {
    out.clear();
    for (double e = std::floor(lo); e <= std::ceil(hi); ++e)
      for (int m : multiples) {
        double v = m * std::pow(10, e), l = std::log10(v);
        if (l >= lo - 1e-9 && l <= hi + 1e-9)
          out.push_back(v);
      }
    if (out.size() >= 3)
      return out;
  }
  return out.size() >= 2 ? out : ticks(std::pow(10, lo), std::pow(10, hi), 4);
}

void svg::Plot::write(llvm::raw_ostream &os) const {
  const double W = 590, H = 340, L = 64, R = 16, T = 34, B = 48;
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  auto tx = [&](double x) { return logX ? std::log10(std::max(x, 1e-12)) : x; };
  for (const Series &s : series)
    for (auto [x, y] : s.points) {
      x0 = std::min(x0, tx(x)), x1 = std::max(x1, tx(x));
      y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
  if (!std::isfinite(x0))
    x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  if (x1 - x0 < 1e-12)
    x0 -= 0.5, x1 += 0.5;
  if (y1 - y0 < 1e-12)
    y0 -= 0.5, y1 += 0.5;
  double py = (y1 - y0) * 0.06, px = (x1 - x0) * 0.03;
  y0 -= py, y1 += py, x0 -= px, x1 += px;
  auto sx = [&](double x) { return L + (tx(x) - x0) / (x1 - x0) * (W - L - R); };
  auto sy = [&](double y) { return H - B - (y - y0) / (y1 - y0) * (H - T - B); };
  os << "<svg class=\"" << cls << "\" xmlns=\"http://www.w3.org/2000/svg\" "
     << "viewBox=\"0 0 " << coord(W) << " " << coord(H) << "\" width=\""
     << coord(W) << "\" height=\"" << coord(H) << "\" role=\"img\">\n"
     << "<rect x=\"0\" y=\"0\" width=\"" << coord(W) << "\" height=\""
     << coord(H) << "\" fill=\"#fff\"/>\n"
     << "<text x=\"" << coord(L) << "\" y=\"20\" class=\"t\">" << esc(title)
     << "</text>\n";
  // Grid and tick labels.
  for (double v : ticks(y0, y1)) {
    os << "<line x1=\"" << coord(L) << "\" x2=\"" << coord(W - R)
       << "\" y1=\"" << coord(sy(v)) << "\" y2=\"" << coord(sy(v))
       << "\" class=\"g\"/>"
       << "<text x=\"" << coord(L - 6) << "\" y=\"" << coord(sy(v) + 4)
       << "\" text-anchor=\"end\">" << tickLabel(v) << "</text>\n";
  }
  std::vector<double> xt = logX ? logTicks(x0, x1) : ticks(x0, x1, 6);
  if (integerX) { // the ticks that are integers (up to rounding), snapped
    std::vector<double> whole;
    for (double v : xt)
      if (std::fabs(v - std::round(v)) < 1e-6)
        whole.push_back(std::round(v));
    xt = whole;
  }
  for (double v : xt) {
    double X = sx(v);
    std::string label = tickLabel(v);
    os << "<line x1=\"" << coord(X) << "\" x2=\"" << coord(X) << "\" y1=\""
       << coord(T) << "\" y2=\"" << coord(H - B) << "\" class=\"g\"/>"
       << "<text x=\"" << coord(X) << "\" y=\"" << coord(H - B + 16)
       << "\" text-anchor=\"middle\">" << esc(label) << "</text>\n";
  }
  os << "<rect x=\"" << coord(L) << "\" y=\"" << coord(T) << "\" width=\""
     << coord(W - L - R) << "\" height=\"" << coord(H - T - B)
     << "\" class=\"frame\"/>\n"
     << "<text x=\"" << coord((L + W - R) / 2) << "\" y=\"" << coord(H - 10)
     << "\" text-anchor=\"middle\">" << esc(xlabel) << "</text>\n"
     << "<text transform=\"translate(14," << coord((T + H - B) / 2)
     << ") rotate(-90)\" text-anchor=\"middle\">" << esc(ylabel)
     << "</text>\n";
  // The legend sits right of the title, above the plot area.
  double legendX = W - R;
  for (size_t i = series.size(); i-- > 0;) {
    const Series &s = series[i];
    if (s.name.empty())
      continue;
    legendX -= 6.5 * s.name.size() + 30;
    os << "<rect x=\"" << coord(legendX) << "\" y=\"11\" width=\"10\" "
       << "height=\"10\" fill=\"" << s.color << "\"/>"
       << "<text x=\"" << coord(legendX + 14) << "\" y=\"20\">" << esc(s.name)
       << "</text>\n";
  }
  for (const Series &s : series) {
    if (s.line && !s.points.empty()) {
      os << "<path fill=\"none\" stroke=\"" << s.color
         << "\" stroke-width=\"2\" d=\"";
      for (size_t i = 0; i < s.points.size(); ++i) {
        double X = sx(s.points[i].first), Y = sy(s.points[i].second);
        if (i == 0)
          os << "M" << fmt("%.1f", X) << "," << fmt("%.1f", Y);
        else if (s.step)
          os << " H" << fmt("%.1f", X) << " V" << fmt("%.1f", Y);
        else
          os << " L" << fmt("%.1f", X) << "," << fmt("%.1f", Y);
      }
      os << "\"/>\n";
    }
    if (s.dots)
      for (size_t i = 0; i < s.points.size(); ++i) {
        os << "<circle cx=\"" << fmt("%.1f", sx(s.points[i].first))
           << "\" cy=\"" << fmt("%.1f", sy(s.points[i].second))
           << "\" r=\"3\" fill=\"" << s.color << "\">";
        if (i < s.tips.size())
          os << "<title>" << esc(s.tips[i]) << "</title>";
        os << "</circle>\n";
      }
  }
  os << "</svg>\n";
}
