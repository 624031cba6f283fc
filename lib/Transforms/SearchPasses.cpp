//===- SearchPasses.cpp - sample, mutate, count, bind, canonicalize, ... --===//
//
// Thin pass wrappers: the work is in SpaceModel, Canonicalize and Network, so
// the `nasir` subcommands and `nasir-opt` run the same code.
//
//===----------------------------------------------------------------------===//
#include "dialect/NN/NNOps.h"
#include "lib/Transforms/CandidateCount.h"
#include "lib/Transforms/Canonicalize.h"
#include "lib/Transforms/Cells.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/DatasetBinding.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Passes.h"
#include "lib/Transforms/SpaceAnalysis.h"
#include "lib/Transforms/SpaceModel.h"
#include "lib/Transforms/Specialize.h"
#include "mlir/IR/Builders.h"

namespace nasir {
#define GEN_PASS_DEF_SAMPLE
#define GEN_PASS_DEF_MUTATE
#define GEN_PASS_DEF_COUNT
#define GEN_PASS_DEF_BINDDATASET
#define GEN_PASS_DEF_CANONICALIZE
#define GEN_PASS_DEF_FINGERPRINT
#define GEN_PASS_DEF_COST
#define GEN_PASS_DEF_VERIFYSPACE
#define GEN_PASS_DEF_INLINECELLS
#include "lib/Transforms/Passes.h.inc"
} // namespace nasir

using namespace mlir;
using namespace nasir;

namespace {
struct SamplePass : nasir::impl::SampleBase<SamplePass> {
  using SampleBase::SampleBase;
  void runOnOperation() override {
    if (failed(checkCellsInlined(getOperation(), getArgument())))
      return signalPassFailure();
    std::mt19937_64 rng(seed);
    for (auto space : getOperation().getOps<nas::SpaceOp>()) {
      auto model = SpaceModel::build(space);
      if (model->count().isZero()) {
        space.emitError("space @") << space.getSymName() << " has no valid candidate";
        return signalPassFailure();
      }
      space->setAttr(kDecisionsAttr, model->toDecisions(model->sample(rng)));
    }
  }
};

struct MutatePass : nasir::impl::MutateBase<MutatePass> {
  using MutateBase::MutateBase;
  void runOnOperation() override {
    if (failed(checkCellsInlined(getOperation(), getArgument())))
      return signalPassFailure();
    std::mt19937_64 rng(seed);
    for (auto space : getOperation().getOps<nas::SpaceOp>()) {
      auto d = space->getAttrOfType<DictionaryAttr>(kDecisionsAttr);
      if (!d) {
        space.emitError("nas-mutate needs decisions: run nas-sample first or "
                        "set nas.decisions");
        return signalPassFailure();
      }
      auto model = SpaceModel::build(space);
      Assignment parent, child;
      std::string error;
      if (!model->fromDecisions(d, parent, error) ||
          !model->mutate(parent, count, rng, child, error)) {
        space.emitError(error);
        return signalPassFailure();
      }
      space->setAttr(kDecisionsAttr, model->toDecisions(child));
    }
  }
};

struct CountPass : nasir::impl::CountBase<CountPass> {
  using CountBase::CountBase;
  void runOnOperation() override {
    if (failed(checkCellsInlined(getOperation(), getArgument())))
      return signalPassFailure();
    for (auto space : getOperation().getOps<nas::SpaceOp>()) {
      std::string text = countCandidates(space, *SpaceModel::build(space), limit);
      space->setAttr("nas.count", StringAttr::get(&getContext(), text));
    }
  }
};

struct BindDatasetPass : nasir::impl::BindDatasetBase<BindDatasetPass> {
  using BindDatasetBase::BindDatasetBase;
  void runOnOperation() override {
    if (failed(checkCellsInlined(getOperation(), getArgument())))
      return signalPassFailure();
    std::vector<int64_t> dims;
    if (!shape.empty()) {
      dims = parseShape(shape);
      if (dims.empty()) {
        getOperation().emitError("shape '")
            << shape << "' is not of the form 1x28x28";
        return signalPassFailure();
      }
    }
    for (auto space : getOperation().getOps<nas::SpaceOp>())
      if (failed(bindDataset(space, dims, classes)))
        return signalPassFailure();
  }
};

struct CanonicalizePass : nasir::impl::CanonicalizeBase<CanonicalizePass> {
  using CanonicalizeBase::CanonicalizeBase;
  void runOnOperation() override {
    if (failed(checkCellsInlined(getOperation(), getArgument())))
      return signalPassFailure();
    for (auto space : getOperation().getOps<nas::SpaceOp>())
      if (isConcrete(space) &&
          failed(canonicalizeNetwork(space, CanonOptions{zeroAbsorbing})))
        return signalPassFailure();
  }
};

struct FingerprintPass : nasir::impl::FingerprintBase<FingerprintPass> {
  using FingerprintBase::FingerprintBase;
  void runOnOperation() override {
    if (failed(checkCellsInlined(getOperation(), getArgument())))
      return signalPassFailure();
    for (auto space : getOperation().getOps<nas::SpaceOp>())
      if (isConcrete(space))
        space->setAttr(
            "nas.fingerprint",
            StringAttr::get(&getContext(),
                            fingerprintNetwork(space, {zeroAbsorbing})));
  }
};

struct CostPass : nasir::impl::CostBase<CostPass> {
  void runOnOperation() override {
    if (failed(checkCellsInlined(getOperation(), getArgument())))
      return signalPassFailure();
    Builder b(&getContext());
    for (auto space : getOperation().getOps<nas::SpaceOp>()) {
      if (isConcrete(space)) {
        if (auto c = costOf(space)) {
          space->setAttr("nas.params", b.getI64IntegerAttr(c->params));
          space->setAttr("nas.flops", b.getI64IntegerAttr(c->flops));
          space->setAttr("nas.macs", b.getI64IntegerAttr(c->macs));
        }
        continue;
      }
      if (auto r = costRange(space)) {
        space->setAttr("nas.params_min", b.getI64IntegerAttr(r->minimum.params));
        space->setAttr("nas.params_max", b.getI64IntegerAttr(r->maximum.params));
        space->setAttr("nas.flops_min", b.getI64IntegerAttr(r->minimum.flops));
        space->setAttr("nas.flops_max", b.getI64IntegerAttr(r->maximum.flops));
        space->setAttr("nas.macs_min", b.getI64IntegerAttr(r->minimum.macs));
        space->setAttr("nas.macs_max", b.getI64IntegerAttr(r->maximum.macs));
      }
    }
  }
};

struct InlineCellsPass : nasir::impl::InlineCellsBase<InlineCellsPass> {
  void runOnOperation() override {
    if (failed(inlineCells(getOperation())))
      return signalPassFailure();
  }
};

struct VerifySpacePass : nasir::impl::VerifySpaceBase<VerifySpacePass> {
  void runOnOperation() override {
    if (failed(checkCellsInlined(getOperation(), getArgument())))
      return signalPassFailure();
    for (auto space : getOperation().getOps<nas::SpaceOp>())
      if (failed(verifyWholeSpace(space)))
        return signalPassFailure();
  }
};
} // namespace
