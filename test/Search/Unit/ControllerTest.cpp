//===- ControllerTest.cpp - REINFORCE's autoregressive controller ---------===//
//
// The gradient of Controller::objective (backpropagation through the steps,
// with the entropy bonus) equals central finite differences of the objective
// in every parameter; its distributions are proper and depend on the
// decisions before; Adam steps up the objective make a rewarded decision
// more probable.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Controller.h"
#include "gtest/gtest.h"
#include <cmath>

using namespace nasir::search;

namespace {

/// Three decisions, two of one label family, one met twice in the sequence
/// of another sample: the shapes a conditional space produces.
std::vector<Controller::Step> sample() {
  return {{"op", 5, 3}, {"width", 3, 0}, {"op#1", 5, 1}, {"depth", 2, 1}};
}

TEST(ControllerTest, GradientMatchesFiniteDifferences) {
  for (double entropy : {0.0, 0.3}) {
    Controller c(6, 42, 0.5); // large weights: the tanh is not linear
    std::vector<Controller::Step> steps = sample();
    std::vector<double> grad;
    c.objective(steps, 1.7, entropy, &grad);
    std::vector<double> &theta = c.parameters();
    ASSERT_EQ(grad.size(), theta.size());
    const double h = 1e-6;
    double worst = 0;
    for (size_t i = 0; i < theta.size(); ++i) {
      double keep = theta[i];
      theta[i] = keep + h;
      double up = c.objective(steps, 1.7, entropy, nullptr);
      theta[i] = keep - h;
      double down = c.objective(steps, 1.7, entropy, nullptr);
      theta[i] = keep;
      double numeric = (up - down) / (2 * h);
      worst = std::max(worst, std::fabs(numeric - grad[i]));
      EXPECT_NEAR(grad[i], numeric, 1e-6 * std::max(1.0, std::fabs(numeric)))
          << "parameter " << i << " (entropy " << entropy << ")";
    }
    // Some parameters matter: the check compared real derivatives.
    double norm = 0;
    for (double g : grad)
      norm += g * g;
    EXPECT_GT(norm, 1e-4);
  }
}

TEST(ControllerTest, DistributionsAreConditionedOnEarlierDecisions) {
  Controller c(8, 7, 0.5);
  Controller::Cursor a = c.start(), b = c.start();
  c.next(a, "op", 5, 0);
  c.next(b, "op", 5, 4);
  std::vector<double> pa = c.distribution(a, "width", 3),
                      pb = c.distribution(b, "width", 3);
  double sa = 0, diff = 0;
  for (size_t k = 0; k < 3; ++k) {
    sa += pa[k];
    diff += std::fabs(pa[k] - pb[k]);
    EXPECT_GT(pa[k], 0);
  }
  EXPECT_NEAR(sa, 1.0, 1e-12);
  EXPECT_GT(diff, 1e-6); // another first decision, another distribution
}

TEST(ControllerTest, AscentMakesARewardedDecisionLikelier) {
  Controller c(8, 3);
  std::vector<Controller::Step> good = {{"op", 5, 2}};
  double before = c.distribution(c.start(), "op", 5)[2];
  for (int i = 0; i < 20; ++i) {
    std::vector<double> grad;
    c.objective(good, 1.0, 0.0, &grad);
    c.ascend(grad, 0.05);
  }
  double after = c.distribution(c.start(), "op", 5)[2];
  EXPECT_NEAR(before, 0.2, 0.05);
  EXPECT_GT(after, 0.8);
}

TEST(ControllerTest, ParametersDependOnTheSeedAndLabelNotTheOrder) {
  Controller x(4, 9), y(4, 9);
  x.ensure("a", 3);
  x.ensure("b", 2);
  y.ensure("b", 2);
  y.ensure("a", 3);
  EXPECT_EQ(x.distribution(x.start(), "a", 3),
            y.distribution(y.start(), "a", 3));
  EXPECT_EQ(x.distribution(x.start(), "b", 2),
            y.distribution(y.start(), "b", 2));
}

} // namespace
