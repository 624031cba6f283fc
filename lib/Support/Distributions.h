//===- Distributions.h - Student t and F tails for the report's intervals ===//
//
// The two sampling distributions the report's "which decisions matter" view
// needs: the Student t quantile for a confidence interval of a mean, and the
// F distribution's upper tail for a one-way analysis of variance. Both go
// through the regularized incomplete beta function I_x(a, b), evaluated by
// its continued fraction (modified Lentz), which converges in a few dozen
// terms for the degrees of freedom a search produces.
//
// Plain C++17 with no dependency.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SUPPORT_DISTRIBUTIONS_H
#define NASIR_SUPPORT_DISTRIBUTIONS_H

namespace nasir {

/// I_x(a, b) for a, b > 0 and 0 <= x <= 1; NaN outside that domain.
double regularizedIncompleteBeta(double a, double b, double x);

/// P(T <= t) for Student's t with `df` > 0 degrees of freedom.
double studentTCdf(double t, double df);

/// The q-quantile (0 < q < 1) of Student's t with `df` > 0 degrees of
/// freedom: studentTQuantile(0.975, df) is the half-width factor of a 95%
/// interval. NaN outside the domain.
double studentTQuantile(double q, double df);

/// P(F >= f) for the F distribution with (d1, d2) degrees of freedom: the
/// p-value of a one-way ANOVA whose statistic is f. 1 for f <= 0.
double fUpperTail(double f, double d1, double d2);

} // namespace nasir

#endif // NASIR_SUPPORT_DISTRIBUTIONS_H
