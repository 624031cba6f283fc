//===- CandidateSelection.cpp - candidates that meet a space's constraints ===//
#include "lib/Driver/CandidateSelection.h"
#include "lib/Transforms/Bounds.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/Specialize.h"

using namespace mlir;
using namespace nasir;

nas::SpaceOp nasir::firstSpace(ModuleOp module) {
  for (auto s : module.getOps<nas::SpaceOp>())
    return s;
  return {};
}

bool nasir::meetsCostBounds(nas::SpaceOp concrete, const SpaceModel &model,
                            std::string &why) {
  if (!model.costBounds().any())
    return true;
  return withinBounds(costOf(concrete), model.costBounds(), why);
}

/// The edges of a complete candidate: the inputs its picks chose.
static int64_t edgesOf(nas::SpaceOp space, DictionaryAttr decisions) {
  auto model = SpaceModel::build(space);
  Assignment a;
  std::string error;
  return model->fromDecisions(decisions, a, error) ? model->edgesOf(a) : 0;
}

OwningOpRef<ModuleOp> nasir::specializeCandidate(nas::SpaceOp space,
                                                 DictionaryAttr decisions,
                                                 bool ignoreConstraints,
                                                 StringRef overrideHint) {
  auto m = specializeInNewModule(space, decisions);
  if (!m || ignoreConstraints)
    return m;
  nas::SpaceOp c = firstSpace(*m);
  if (!isConcrete(c))
    return m;
  std::optional<Cost> cost;
  for (auto constraint : c.getBlock().getOps<nas::ConstraintOp>()) {
    StringRef metric = nas::stringifyConstraintMetric(constraint.getMetric());
    int64_t value;
    if (constraint.getMetric() == nas::ConstraintMetric::edges) {
      value = edgesOf(space, decisions);
    } else {
      if (!cost)
        cost = costOf(c);
      if (!cost)
        continue;
      value = constraint.getMetric() == nas::ConstraintMetric::params ? cost->params
              : constraint.getMetric() == nas::ConstraintMetric::macs ? cost->macs
                                                                       : cost->flops;
    }
    if (value <= int64_t(constraint.getBound()))
      continue;
    constraint.emitError("the candidate has ")
        << value << " " << metric << ", over the bound " << metric
        << " <= " << constraint.getBound() << " (" << overrideHint << ")";
    return {};
  }
  return m;
}

std::optional<Assignment> nasir::sampleValid(nas::SpaceOp space,
                                             const SpaceModel &model,
                                             std::mt19937_64 &rng,
                                             bool perDecision) {
  for (int attempt = 0; attempt < 10000; ++attempt) {
    Assignment a =
        perDecision ? model.samplePerDecision(rng) : model.sample(rng);
    if (a.empty() && !model.root().sites.empty())
      return std::nullopt;
    if (!model.costBounds().any())
      return a;
    auto m = specializeInNewModule(space, model.toDecisions(a));
    std::string why;
    if (m && meetsCostBounds(firstSpace(*m), model, why))
      return a;
  }
  return std::nullopt;
}

bool nasir::mutateValid(nas::SpaceOp space, const SpaceModel &model,
                        const Assignment &parent, unsigned k,
                        std::mt19937_64 &rng, Assignment &child,
                        std::string &error) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    if (!model.mutate(parent, k, rng, child, error))
      return false;
    auto m = specializeInNewModule(space, model.toDecisions(child));
    std::string why;
    if (m && meetsCostBounds(firstSpace(*m), model, why))
      return true;
  }
  error = "no mutation meets the space's constraints";
  return false;
}

bool nasir::checkedAssignment(nas::SpaceOp space, const SpaceModel &model,
                              DictionaryAttr decisions, Assignment &a,
                              std::string &error) {
  // Specializing checks the decisions as every command does (docs/decisions.md).
  if (!specializeInNewModule(space, decisions))
    return false;
  if (!model.fromDecisions(decisions, a, error) ||
      !model.isComplete(a, error) || !model.satisfies(a, &error)) {
    error = "decisions: " + error;
    return false;
  }
  return true;
}
