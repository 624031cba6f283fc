//===- Reinforce.cpp - a REINFORCE policy-gradient controller -------------===//
//
// The policy is an autoregressive controller (Controller.h): sampling walks
// the space's decision tree in canonical order and draws each active
// decision from the controller's distribution given the decisions before
// it, so a label in an alternative not taken is neither drawn nor scored.
//
// After each result, with reward R = the primary objective (signed: larger
// is better), a moving-average baseline b and a moving average v of
// (R - b)^2 (both with decay --baseline-decay), the advantage is
// A = (R - b) / sqrt(v): the normalization makes the step independent of
// the reward's units (accuracy in %, a loss). One Adam step of size --lr
// then goes up A * sum log p(decision) + --entropy * sum H(p) over the
// sample's active decisions (Williams 1992; Zoph & Le 2017's controller
// with an entropy bonus). Failed trials teach nothing and are skipped.
//
// Options: --lr, --baseline-decay, --entropy, --hidden.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Controller.h"
#include "lib/Search/Strategy.h"
#include "llvm/ADT/StringSet.h"
#include <cmath>

using namespace nasir;
using namespace nasir::search;

namespace {
struct ReinforceOptions {
  double lr, decay, entropy;
  unsigned hidden;
};

class Reinforce : public Strategy {
public:
  Reinforce(SearchContext &ctx, const ReinforceOptions &o)
      : ctx(ctx), opt(o), policy(o.hidden, ctx.rng()) {}

  std::vector<Proposal> propose(unsigned n) override {
    std::vector<Proposal> out;
    for (unsigned i = 0; i < n; ++i) {
      std::optional<Assignment> a;
      for (int attempt = 0; attempt < 100 && !a; ++attempt) {
        Assignment c = draw();
        std::string error;
        if (ctx.model.isComplete(c, error) && ctx.model.satisfies(c) &&
            ctx.valid(c))
          a = std::move(c);
      }
      if (!a)
        a = ctx.sample();
      if (!a)
        break;
      out.push_back({std::move(*a), 0});
    }
    return out;
  }

  void observe(const Trial &t) override {
    double r = ctx.score(t);
    if (!std::isfinite(r))
      return; // a failed candidate teaches nothing about accuracy
    std::vector<Controller::Step> steps = stepsOf(t.assignment);
    if (!hasBaseline) {
      baseline = r;
      hasBaseline = true;
    }
    double diff = r - baseline;
    // The first difference sets the scale; then a moving average.
    spread = spread > 0 ? opt.decay * spread + (1 - opt.decay) * diff * diff
                        : diff * diff;
    double advantage = spread > 0 ? diff / std::sqrt(spread) : 0;
    baseline = opt.decay * baseline + (1 - opt.decay) * r;
    std::vector<double> grad;
    policy.objective(steps, advantage, opt.entropy, &grad);
    policy.ascend(grad, opt.lr);
  }

private:
  /// The active decisions of `a` in the order draw() takes them.
  std::vector<Controller::Step> stepsOf(const Assignment &a) const {
    std::vector<Controller::Step> steps;
    llvm::StringSet<> seen;
    ctx.model.walkActive([&](const Site &s, llvm::StringRef label) -> int {
      auto it = a.find(label);
      if (it == a.end() || it->second >= s.values.size())
        return -1;
      if (seen.insert(label).second)
        steps.push_back({label.str(), (unsigned)s.values.size(), it->second});
      return it->second;
    });
    return steps;
  }

  /// A sample: each active decision drawn given the ones before it.
  Assignment draw() {
    Assignment a;
    Controller::Cursor c = policy.start();
    ctx.model.walkActive([&](const Site &s, llvm::StringRef label) -> int {
      auto it = a.find(label);
      if (it != a.end())
        return it->second; // a label met again takes its one decision
      unsigned k = s.values.size();
      std::vector<double> p = policy.distribution(c, label, k);
      std::discrete_distribution<unsigned> d(p.begin(), p.end());
      unsigned v = d(ctx.rng);
      policy.next(c, label, k, v);
      a[label] = v;
      return v;
    });
    return a;
  }

  SearchContext &ctx;
  ReinforceOptions opt;
  Controller policy;
  double baseline = 0, spread = 0;
  bool hasBaseline = false;
};
} // namespace

static StrategyRegistration reg(
    "reinforce",
    "REINFORCE with an autoregressive controller over the decisions",
    {{"lr", cli::ValueKind::Number, "0.01", "the controller's Adam step size"},
     {"baseline-decay", cli::ValueKind::Number, "0.9",
      "decay of the reward's moving average (the baseline) and of its "
      "spread, in [0, 1)"},
     {"entropy", cli::ValueKind::Number, "0.2",
      "weight of the policy's entropy in what it maximizes (>= 0)"},
     {"hidden", cli::ValueKind::Positive, "32",
      "size of the controller's hidden state"}},
    [](SearchContext &ctx, std::string &error) -> std::unique_ptr<Strategy> {
      ReinforceOptions o;
      o.lr = ctx.options.getDouble("lr");
      o.decay = ctx.options.getDouble("baseline-decay");
      o.entropy = ctx.options.getDouble("entropy");
      int64_t hidden = ctx.options.getInt("hidden");
      if (!(o.lr > 0) || !(o.decay >= 0 && o.decay < 1) ||
          !(o.entropy >= 0) || hidden > 1024) {
        error = "reinforce needs --lr > 0, 0 <= --baseline-decay < 1, "
                "--entropy >= 0 and --hidden <= 1024";
        return nullptr;
      }
      o.hidden = (unsigned)hidden;
      return std::make_unique<Reinforce>(ctx, o);
    });
