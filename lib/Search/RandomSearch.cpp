//===- RandomSearch.cpp - uniform random sampling -------------------------===//
#include "lib/Search/Strategy.h"

using namespace nasir;
using namespace nasir::search;

namespace {
class RandomSearch : public Strategy {
public:
  explicit RandomSearch(SearchContext &ctx) : ctx(ctx) {}
  std::vector<Proposal> propose(unsigned n) override {
    std::vector<Proposal> out;
    for (unsigned i = 0; i < n; ++i)
      if (auto a = ctx.sample())
        out.push_back({std::move(*a), 0});
    return out;
  }
  void observe(const Trial &) override {}

private:
  SearchContext &ctx;
};
} // namespace

static StrategyRegistration reg(
    "random", "uniform samples of the space", {},
    [](SearchContext &ctx, std::string &) -> std::unique_ptr<Strategy> {
      return std::make_unique<RandomSearch>(ctx);
    });
