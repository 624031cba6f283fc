//===- CandidateCount.cpp - the count `nasir count` and nas-count report --===//
#include "lib/Transforms/CandidateCount.h"
#include "lib/Transforms/Bounds.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/Specialize.h"

using namespace mlir;
using namespace nasir;

bool nasir::forEachCandidate(
    nas::SpaceOp space, const SpaceModel &model, uint64_t limit,
    function_ref<void(const Assignment &, nas::SpaceOp)> fn) {
  uint64_t seen = 0;
  bool complete = true;
  model.enumerate([&](const Assignment &a) {
    if (++seen > limit) {
      complete = false;
      return false;
    }
    auto m = specializeToModule(space, model.toDecisions(a));
    if (!m)
      return true;
    auto c = *m->getOps<nas::SpaceOp>().begin();
    std::string why;
    if (!model.costBounds().any() ||
        withinBounds(costOf(c), model.costBounds(), why))
      fn(a, c);
    return true;
  });
  return complete;
}

std::string nasir::countCandidates(nas::SpaceOp space, const SpaceModel &model,
                                   uint64_t limit, std::string *note) {
  bool overflow = false;
  BigCount n = model.count(&overflow);
  if (overflow)
    return "more than 2^512";
  if (!model.costBounds().any())
    return toString(n);
  if (n.ugt(limit)) {
    if (note)
      *note = toString(n) +
              " assignments before the params/flops/macs bound; "
              "more than --limit " +
              std::to_string(limit) + " to check one by one";
    return "<= " + toString(n);
  }
  uint64_t valid = 0;
  forEachCandidate(space, model, limit,
                   [&](const Assignment &, nas::SpaceOp) { ++valid; });
  return std::to_string(valid);
}
