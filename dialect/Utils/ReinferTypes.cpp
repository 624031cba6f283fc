//===- ReinferTypes.cpp - recompute result types after a rewrite ----------===//
#include "dialect/Utils/ReinferTypes.h"
#include "dialect/NAS/NASOps.h"
#include "dialect/Utils/TypeJoin.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

using namespace mlir;
using namespace nasir;

LogicalResult nasir::reinferOpTypes(Operation &op) {
  if (auto infer = dyn_cast<InferTypeOpInterface>(&op)) {
    SmallVector<Type> types;
    if (failed(infer.inferReturnTypes(
            op.getContext(), op.getLoc(), op.getOperands(),
            op.getAttrDictionary(), op.getPropertiesStorage(),
            op.getRegions(), types)))
      return failure();
    for (auto [r, t] : llvm::zip(op.getResults(), types))
      r.setType(t);
  } else if (auto choice = dyn_cast<nas::ChoiceOp>(&op)) {
    for (auto [i, r] : llvm::enumerate(choice.getResults())) {
      Type joined;
      bool ok = true;
      for (Region &alt : choice.getAlternatives()) {
        Type t = alt.front().getTerminator()->getOperand(i).getType();
        joined = joined ? joinTypes(joined, t) : t;
        ok &= bool(joined);
        if (!ok)
          break;
      }
      if (ok && joined)
        r.setType(joined);
    }
  }
  return success();
}

LogicalResult nasir::reinferTypes(Region &region) {
  for (Block &block : region) {
    for (Operation &op : block) {
      for (Region &r : op.getRegions())
        if (failed(reinferTypes(r)))
          return failure();
      if (failed(reinferOpTypes(op)))
        return failure();
    }
  }
  return success();
}
