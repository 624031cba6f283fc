//===- Gdas.cpp - Gumbel-softmax architecture search (Dong & Yang 2019) ---===//
//
// The supernet phase samples one alternative per label and step from the
// Gumbel-softmax of its architecture parameters (a hard one-hot forward with
// straight-through gradients: only the sampled path runs), the temperature
// falling linearly from --tau-max to --tau-min. Then the --budget most
// probable valid architectures under the final weights are retrained, the
// argmax first (OneShot.h).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/OneShot.h"

using namespace nasir;
using namespace nasir::search;

static OneShotRegistration reg(
    "gdas",
    "one-shot: a supernet sampled by Gumbel-softmax, one path per step; "
    "retrains the most probable architectures",
    {{"tau-max", cli::ValueKind::Number, "10",
      "the Gumbel-softmax temperature at the first step"},
     {"tau-min", cli::ValueKind::Number, "0.1", "the temperature at the end"},
     archLrOption()},
    [](SearchContext &ctx, std::string &error) -> std::unique_ptr<Strategy> {
      double hi = ctx.options.getDouble("tau-max"),
             lo = ctx.options.getDouble("tau-min");
      if (!(lo > 0) || lo > hi) {
        error = "gdas needs 0 < --tau-min <= --tau-max";
        return nullptr;
      }
      std::vector<std::string> args = {"--tau-max", ctx.options.get("tau-max"),
                                       "--tau-min", ctx.options.get("tau-min"),
                                       "--arch-lr", ctx.options.get("arch-lr")};
      return std::make_unique<OneShotStrategy>(ctx, "gdas", std::move(args));
    });
