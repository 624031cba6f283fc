//===- DatasetBinding.cpp - bind a space to a dataset's shapes ------------===//
#include "lib/Transforms/DatasetBinding.h"
#include "dialect/NN/NNOps.h"
#include "dialect/Utils/ReinferTypes.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace nasir;

std::vector<int64_t> nasir::parseShape(StringRef text) {
  std::vector<int64_t> shape;
  SmallVector<StringRef> parts;
  text.split(parts, 'x');
  for (StringRef p : parts) {
    int64_t d;
    if (p.trim().getAsInteger(10, d) || d < 1 || d > (1 << 20))
      return {};
    shape.push_back(d);
  }
  return shape;
}

LogicalResult nasir::bindDataset(nas::SpaceOp space, ArrayRef<int64_t> shape,
                                 int64_t classes) {
  MLIRContext *ctx = space.getContext();
  for (auto in : space.getBlock().getOps<nn::InputOp>()) {
    if (shape.empty())
      continue;
    SmallVector<int64_t> dims{ShapedType::kDynamic};
    dims.append(shape.begin(), shape.end());
    auto old = in.getType();
    if (old.getRank() != int64_t(dims.size()))
      return in.emitError("the space takes inputs of rank ")
             << old.getRank() - 1 << " (" << old
             << ") but the dataset gives rank " << shape.size();
    in.getResult().setType(RankedTensorType::get(dims, Float32Type::get(ctx)));
  }
  if (classes > 0) {
    Builder b(ctx);
    space.walk([&](Operation *op) {
      auto bind = op->getAttrOfType<StringAttr>("nas.bind");
      if (!bind || bind.getValue() != "classes")
        return;
      if (isa<nn::LinearOp>(op))
        op->setAttr("out_features", b.getI64IntegerAttr(classes));
      else if (isa<nn::Conv2dOp, nn::Conv1dOp>(op))
        op->setAttr("out_channels", b.getI64IntegerAttr(classes));
    });
  }
  return reinferTypes(space.getBody());
}
