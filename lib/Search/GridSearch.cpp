//===- GridSearch.cpp - every candidate, in canonical order ---------------===//
#include "lib/Search/Strategy.h"

using namespace nasir;
using namespace nasir::search;

namespace {
/// Enumerates the whole space once (up to --grid-limit candidates, default
/// 2,000,000) and proposes the candidates in canonical order.
class GridSearch : public Strategy {
public:
  GridSearch(SearchContext &ctx, std::vector<Assignment> all)
      : all(std::move(all)) {}
  std::vector<Proposal> propose(unsigned n) override {
    std::vector<Proposal> out;
    while (out.size() < n && next < all.size())
      out.push_back({all[next++], 0});
    return out;
  }
  void observe(const Trial &) override {}
  bool exhausted() const override { return next >= all.size(); }

private:
  std::vector<Assignment> all;
  size_t next = 0;
};
} // namespace

static StrategyRegistration reg(
    "grid", "every candidate in canonical order (nas enumerate)",
    {{"grid-limit", cli::ValueKind::Integer, "2000000",
      "refuse a space of more candidates than N"}},
    [](SearchContext &ctx, std::string &error) -> std::unique_ptr<Strategy> {
      int64_t limit = ctx.options.getInt("grid-limit");
      if (limit < 1) {
        error = "grid needs --grid-limit >= 1";
        return nullptr;
      }
      std::vector<Assignment> all;
      bool tooMany = false;
      ctx.enumerate([&](const Assignment &a) {
        if ((int64_t)all.size() >= limit) {
          tooMany = true;
          return false;
        }
        all.push_back(a);
        return true;
      });
      if (tooMany) {
        error = "grid search needs a space of at most --grid-limit " +
                std::to_string(limit) + " candidates";
        return nullptr;
      }
      return std::make_unique<GridSearch>(ctx, std::move(all));
    });
