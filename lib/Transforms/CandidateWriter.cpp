//===- CandidateWriter.cpp - the nodes of a candidate document ------------===//
#include "lib/Transforms/CandidateWriter.h"
#include "dialect/NN/NNOps.h"
#include "lib/Support/ShortestJson.h"

using namespace mlir;
using namespace nasir;

static llvm::json::Array shapeOf(Type t) {
  llvm::json::Array a;
  for (int64_t d : cast<RankedTensorType>(t).getShape().drop_front())
    a.push_back(d);
  return a;
}

FailureOr<llvm::json::Object *> CandidateWriter::addNode(Operation &op) {
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
  return nodes.back().getAsObject();
}

std::string CandidateWriter::document(nas::SpaceOp space, int64_t version,
                                      llvm::json::Object extra) {
  llvm::json::Object doc = std::move(extra);
  doc["format"] = "nasir-candidate";
  doc["version"] = version;
  doc["space"] = space.getSymName().str();
  doc["input"] = std::move(input);
  doc["num_classes"] = classes;
  doc["nodes"] = std::move(nodes);
  // Attributes such as a dropout's p print as 0.3, not 0.29999999999999999.
  return printJson(llvm::json::Value(std::move(doc)), /*indent=*/1);
}
