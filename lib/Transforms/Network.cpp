//===- Network.cpp - a concrete network as a candidate document ----------===//
#include "dialect/NN/NNOps.h"
#include "lib/Transforms/CandidateLowering.h"
#include "lib/Transforms/CandidateWriter.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Specialize.h"

using namespace mlir;
using namespace nasir;

FailureOr<std::string> nasir::lowerToCandidate(nas::SpaceOp space) {
  if (!isConcrete(space))
    return space.emitError("space @")
           << space.getSymName()
           << " still has open decisions; specialize it before lowering";
  CandidateWriter writer;
  for (Operation &op : space.getBlock()) {
    if (isa<nas::ConstraintOp, nas::ObjectiveOp>(op))
      continue;
    if (!isa<nn::LayerOpInterface>(op))
      return op.emitError("cannot lower '")
             << op.getName() << "': only nn layers reach the runtime";
    if (failed(writer.addNode(op)))
      return failure();
  }
  llvm::json::Object extra;
  if (auto d = space->getAttrOfType<DictionaryAttr>(kDecisionsAttr)) {
    auto parsed = llvm::json::parse(printDecisions(d));
    if (parsed)
      extra["decisions"] = std::move(*parsed);
  }
  return writer.document(space, 1, std::move(extra));
}
