//===- LocalSearch.cpp - hill climbing over single mutations --------------===//
//
// From a random start, evaluate single-decision mutations of the current
// candidate; move to the first one that scores better (first improvement).
// When the neighbourhood is exhausted without improvement (every distinct
// neighbour seen, or --patience neighbours in a row that did not improve),
// restart from a new random candidate.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Strategy.h"
#include "llvm/ADT/StringSet.h"
#include <limits>

using namespace nasir;
using namespace nasir::search;

namespace {
class LocalSearch : public Strategy {
public:
  LocalSearch(SearchContext &ctx, int64_t patience)
      : ctx(ctx), patience(patience) {}

  std::vector<Proposal> propose(unsigned n) override {
    std::vector<Proposal> out;
    for (unsigned i = 0; i < n; ++i) {
      if (!hasCurrent) {
        // The start must be observed before neighbours make sense.
        if (startPending)
          break;
        auto a = ctx.sample();
        if (!a)
          break;
        startPending = true;
        startKey = ctx.key(*a);
        out.push_back({std::move(*a), 0});
        break;
      }
      std::optional<Assignment> next;
      for (int attempt = 0; attempt < 64 && !next; ++attempt) {
        auto c = ctx.mutate(current.assignment);
        if (!c)
          break;
        if (seen.insert(ctx.key(*c)).second)
          next = std::move(c);
      }
      if (!next) { // neighbourhood exhausted: restart
        restart();
        --i;
        if (startPending)
          break;
        continue;
      }
      ++outstanding;
      out.push_back({std::move(*next), 0});
    }
    return out;
  }

  void observe(const Trial &t) override {
    if (startPending && ctx.key(t.assignment) == startKey) {
      startPending = false;
      moveTo(t);
      return;
    }
    if (outstanding > 0)
      --outstanding;
    if (!hasCurrent)
      return;
    if (ctx.score(t) > ctx.score(current)) {
      moveTo(t);
      return;
    }
    if (++sinceImprovement >= patience && outstanding == 0)
      restart();
  }

private:
  void moveTo(const Trial &t) {
    current = t;
    hasCurrent = true;
    sinceImprovement = 0;
    seen.clear();
    seen.insert(ctx.key(t.assignment));
  }
  void restart() {
    hasCurrent = false;
    startPending = false;
    sinceImprovement = 0;
  }

  SearchContext &ctx;
  int64_t patience;
  Trial current;
  bool hasCurrent = false, startPending = false;
  std::string startKey;
  int64_t sinceImprovement = 0, outstanding = 0;
  llvm::StringSet<> seen;
};
} // namespace

static StrategyRegistration reg(
    "local", "hill climbing over single mutations with random restarts",
    {{"patience", cli::ValueKind::Integer, "1000",
      "restart after N mutations without improvement"}},
    [](SearchContext &ctx, std::string &error) -> std::unique_ptr<Strategy> {
      int64_t patience = ctx.options.getInt("patience");
      if (patience < 1) {
        error = "local needs --patience >= 1";
        return nullptr;
      }
      return std::make_unique<LocalSearch>(ctx, patience);
    });
