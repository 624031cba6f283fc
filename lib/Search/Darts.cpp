//===- Darts.cpp - differentiable architecture search (Liu et al. 2019) ---===//
//
// The supernet phase trains every alternative at once, each mixed by the
// softmax of its label's architecture parameters: the weights on the train
// split, the parameters on the validation split, alternating (first order by
// default; --second-order with the finite-difference Hessian-vector
// product). Then the --budget most probable valid architectures under the
// final weights are retrained, the argmax first (OneShot.h).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/OneShot.h"

using namespace nasir;
using namespace nasir::search;

static OneShotRegistration reg(
    "darts",
    "one-shot: a supernet with softmax-mixed alternatives, bilevel training; "
    "retrains the most probable architectures",
    {{"second-order", cli::ValueKind::Flag, "",
      "second-order architecture gradient (finite-difference Hessian-vector "
      "product)"},
     archLrOption()},
    [](SearchContext &ctx, std::string &) -> std::unique_ptr<Strategy> {
      std::vector<std::string> args = {"--arch-lr", ctx.options.get("arch-lr")};
      if (ctx.options.has("second-order"))
        args.push_back("--second-order");
      return std::make_unique<OneShotStrategy>(ctx, "darts", std::move(args));
    });
