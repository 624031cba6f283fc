//===- ShortestDouble.h - the shortest decimal that reads back ---*- C++
//-*-===//
//
// Every number nasir writes for a person or a program (reports, CSV, JSON,
// candidate files, decisions, exported Python) goes through formatShortest:
// 0.3 prints as 0.3, not as the 0.29999999999999999 of %.17g (what
// llvm::json writes) nor as the lossy 0.3 of %.6g that turns 112260362 into
// 1.1226e+08. Display rounding (a table's %.2f) stays where it is meant.
//
// Plain C++17 with no dependency, so that the compiler and the LibTorch
// runtime share it.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SUPPORT_SHORTESTDOUBLE_H
#define NASIR_SUPPORT_SHORTESTDOUBLE_H

#include <string>

namespace nasir {

/// The shortest decimal that strtod reads back as exactly `v`: an integral
/// value with |v| < 2^53 is written in full without an exponent
/// (112260362); any other finite value with the fewest significant digits
/// of `%.*g` that round-trip (0.3, 1e-07, 1.2345678901234567e+300).
/// Non-finite values are "nan", "inf" and "-inf" (JSON has none: see
/// ShortestJson.h).
std::string formatShortest(double v);

/// formatShortest, marked as a floating-point literal where it would read as
/// an integer (1 -> "1.0"), for formats whose readers tell the two apart
/// (decisions, Python).
std::string formatShortestFloat(double v);

} // namespace nasir

#endif
