//===- ShortestDouble.cpp - the shortest decimal that reads back ----------===//
#include "lib/Support/ShortestDouble.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>

std::string nasir::formatShortest(double v) {
  if (std::isnan(v))
    return "nan";
  if (std::isinf(v))
    return v < 0 ? "-inf" : "inf";
  char buf[40];
  // Below 2^53 every integer is a double: write it in full.
  if (std::fabs(v) < 9007199254740992.0 && v == std::trunc(v)) {
    snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v)
      break;
  }
  return buf; // 17 significant digits always round-trip
}

std::string nasir::formatShortestFloat(double v) {
  std::string s = formatShortest(v);
  if (std::isfinite(v) && s.find_first_of(".eE") == std::string::npos)
    s += ".0";
  return s;
}
