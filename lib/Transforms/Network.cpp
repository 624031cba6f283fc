//===- Network.cpp - concrete networks: cost, binding, lowering -----------===//
#include "lib/Transforms/Network.h"
#include "dialect/NN/NNOps.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Specialize.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace nasir;

std::optional<Cost> nasir::costOf(nas::SpaceOp space) {
  Cost c;
  bool known = true;
  space.walk([&](nn::LayerOpInterface layer) {
    auto p = layer.getParamCount();
    auto f = layer.getFlops();
    if (!p || !f) {
      known = false;
      return WalkResult::interrupt();
    }
    c.params += *p;
    c.flops += *f;
    return WalkResult::advance();
  });
  if (!known)
    return std::nullopt;
  return c;
}

bool nasir::withinBounds(const std::optional<Cost> &cost, int64_t paramsBound,
                         int64_t flopsBound, std::string &why) {
  if (paramsBound < 0 && flopsBound < 0)
    return true;
  if (!cost) {
    why = "cost unknown";
    return false;
  }
  auto over = [&](const char *metric, int64_t value, int64_t bound) {
    if (bound < 0 || value <= bound)
      return false;
    why = std::string(metric) + " " + std::to_string(value) + " > " +
          std::to_string(bound);
    return true;
  };
  return !over("params", cost->params, paramsBound) &&
         !over("flops", cost->flops, flopsBound);
}

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

static llvm::json::Array shapeOf(Type t) {
  llvm::json::Array a;
  for (int64_t d : cast<RankedTensorType>(t).getShape().drop_front())
    a.push_back(d);
  return a;
}

FailureOr<std::string> nasir::lowerToCandidate(nas::SpaceOp space) {
  if (!isConcrete(space))
    return space.emitError("space @")
           << space.getSymName()
           << " still has open decisions; specialize it before lowering";
  llvm::DenseMap<Value, int64_t> ids;
  llvm::json::Array nodes;
  llvm::json::Array input;
  int64_t classes = 0;
  for (Operation &op : space.getBlock()) {
    if (isa<nas::ConstraintOp, nas::ObjectiveOp>(op))
      continue;
    auto layer = dyn_cast<nn::LayerOpInterface>(op);
    if (!layer)
      return op.emitError("cannot lower '")
             << op.getName() << "': only nn layers reach the runtime";
    for (Value r : op.getResults())
      if (llvm::any_of(cast<RankedTensorType>(r.getType()).getShape().drop_front(),
                       ShapedType::isDynamic))
        return op.emitError("result shape ")
               << r.getType() << " is not static after specialization";
    llvm::json::Object node;
    int64_t id = nodes.size();
    node["id"] = id;
    node["op"] = op.getName().stripDialect().str();
    llvm::json::Array ins;
    for (Value v : op.getOperands())
      ins.push_back(ids.lookup(v));
    if (!ins.empty())
      node["inputs"] = std::move(ins);
    Type t = op.getNumResults() ? op.getResult(0).getType()
                                : op.getOperand(0).getType();
    node["shape"] = shapeOf(t);
    llvm::json::Object attrs;
    for (NamedAttribute a : op.getAttrs()) {
      StringRef name = a.getName().getValue();
      if (name.starts_with("nas."))
        continue;
      if (auto i = dyn_cast<IntegerAttr>(a.getValue()))
        attrs[name] = i.getType().isInteger(1) ? llvm::json::Value(bool(i.getInt()))
                                               : llvm::json::Value(i.getInt());
      else if (auto f = dyn_cast<FloatAttr>(a.getValue()))
        attrs[name] = f.getValueAsDouble();
      else if (auto bl = dyn_cast<BoolAttr>(a.getValue()))
        attrs[name] = bl.getValue();
    }
    if (!attrs.empty())
      node["attrs"] = std::move(attrs);
    if (isa<nn::InputOp>(op))
      input = shapeOf(t);
    if (isa<nn::OutputOp>(op))
      classes = cast<RankedTensorType>(t).getDimSize(1);
    if (op.getNumResults())
      ids[op.getResult(0)] = id;
    nodes.push_back(std::move(node));
  }
  llvm::json::Object doc;
  doc["format"] = "nasir-candidate";
  doc["version"] = 1;
  doc["space"] = space.getSymName().str();
  if (auto d = space->getAttrOfType<DictionaryAttr>(kDecisionsAttr)) {
    auto parsed = llvm::json::parse(printDecisions(d));
    if (parsed)
      doc["decisions"] = std::move(*parsed);
  }
  doc["input"] = std::move(input);
  doc["num_classes"] = classes;
  doc["nodes"] = std::move(nodes);
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::formatv("{0:1}", llvm::json::Value(std::move(doc)));
  return s;
}
