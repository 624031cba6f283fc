//===- Distributions.cpp - Student t and F tails --------------------------===//
#include "lib/Support/Distributions.h"

#include <cmath>
#include <limits>

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The continued fraction of I_x(a, b) (Numerical Recipes' betacf in its
/// modified Lentz form), good for x < (a + 1) / (a + b + 2).
double betaContinuedFraction(double a, double b, double x) {
  const double tiny = 1e-300, eps = 1e-15;
  double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < tiny)
    d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 1000; ++m) {
    double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    d = std::fabs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = std::fabs(c) < tiny ? tiny : c;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    d = std::fabs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = std::fabs(c) < tiny ? tiny : c;
    d = 1 / d;
    double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < eps)
      break;
  }
  return h;
}
} // namespace

double nasir::regularizedIncompleteBeta(double a, double b, double x) {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1))
    return kNaN;
  if (x == 0 || x == 1)
    return x;
  double lnFront = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                   a * std::log(x) + b * std::log1p(-x);
  double front = std::exp(lnFront);
  if (x < (a + 1) / (a + b + 2))
    return front * betaContinuedFraction(a, b, x) / a;
  return 1 - front * betaContinuedFraction(b, a, 1 - x) / b;
}

double nasir::studentTCdf(double t, double df) {
  if (!(df > 0) || std::isnan(t))
    return kNaN;
  if (std::isinf(t))
    return t > 0 ? 1 : 0;
  double tail = 0.5 * regularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
  return t > 0 ? 1 - tail : tail;
}

double nasir::studentTQuantile(double q, double df) {
  if (!(q > 0) || !(q < 1) || !(df > 0))
    return kNaN;
  if (q == 0.5)
    return 0;
  if (q < 0.5)
    return -studentTQuantile(1 - q, df);
  // The cdf is increasing: bracket, then bisect to the last bit.
  double lo = 0, hi = 1;
  while (studentTCdf(hi, df) < q && hi < 1e300)
    hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; ++i) {
    double mid = 0.5 * (lo + hi);
    (studentTCdf(mid, df) < q ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double nasir::fUpperTail(double f, double d1, double d2) {
  if (!(d1 > 0) || !(d2 > 0) || std::isnan(f))
    return kNaN;
  if (f <= 0)
    return 1;
  if (std::isinf(f))
    return 0;
  return regularizedIncompleteBeta(d2 / 2, d1 / 2, d2 / (d2 + d1 * f));
}
