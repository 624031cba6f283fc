//===- SupernetLowering.cpp - a relaxed space as a supernet document ------===//
#include "lib/Transforms/SupernetLowering.h"
#include "dialect/NN/NNOps.h"
#include "lib/Transforms/CandidateWriter.h"
#include "lib/Transforms/Cells.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Relax.h"
#include "lib/Transforms/Specialize.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace nasir;

/// A dictionary of the labels table or of a `nas.share` entry, as JSON.
static llvm::json::Object jsonOf(DictionaryAttr d) {
  llvm::json::Object out;
  for (NamedAttribute f : d)
    out[f.getName().getValue()] = decisionValueToJson(f.getValue());
  return out;
}

/// The ops whose results reach an nn.output.
static llvm::DenseSet<Operation *> liveOps(nas::SpaceOp space) {
  llvm::DenseSet<Operation *> live;
  SmallVector<Operation *> work;
  for (auto out : space.getBlock().getOps<nn::OutputOp>())
    work.push_back(out);
  while (!work.empty()) {
    Operation *op = work.pop_back_val();
    if (!live.insert(op).second)
      continue;
    for (Value v : op->getOperands())
      if (Operation *def = v.getDefiningOp())
        work.push_back(def);
  }
  return live;
}

FailureOr<std::string> nasir::lowerToSupernet(nas::SpaceOp relaxed) {
  auto labels = relaxed->getAttrOfType<ArrayAttr>(kLabelsAttr);
  if (!isConcrete(relaxed) || !labels)
    return relaxed.emitError("space @")
           << relaxed.getSymName()
           << " is not relaxed; run nas-relax before lowering it to a supernet";
  llvm::DenseSet<Operation *> live = liveOps(relaxed);
  CandidateWriter writer;
  for (Operation &op : relaxed.getBlock()) {
    if (!live.contains(&op))
      continue;
    bool mix = isa<nas::MixOp, nas::MixInputsOp>(op);
    if (!mix && !isa<nn::LayerOpInterface>(op))
      return op.emitError("cannot lower '")
             << op.getName() << "': only nn layers and mixes reach the runtime";
    FailureOr<llvm::json::Object *> node = writer.addNode(op);
    if (failed(node))
      return failure();
    if (mix) {
      (*node)->erase("attrs");
      (**node)["label"] = op.getAttrOfType<StringAttr>("label").getValue().str();
    }
    if (auto share = op.getAttrOfType<ArrayAttr>(nas::kShareAttr)) {
      llvm::json::Array entries;
      for (Attribute e : share)
        entries.push_back(jsonOf(cast<DictionaryAttr>(e)));
      (**node)["share"] = std::move(entries);
    }
  }
  llvm::json::Array table;
  for (Attribute entry : labels)
    table.push_back(jsonOf(cast<DictionaryAttr>(entry)));
  llvm::json::Object extra;
  extra["labels"] = std::move(table);
  return writer.document(relaxed, 2, std::move(extra));
}

FailureOr<std::string> nasir::supernetDocument(nas::SpaceOp space) {
  OpBuilder b(space.getContext());
  OwningOpRef<ModuleOp> module = ModuleOp::create(space.getLoc());
  b.setInsertionPointToEnd(module->getBody());
  // The cells the space applies come along, to be inlined in the copy.
  if (auto parent = space->getParentOfType<ModuleOp>())
    for (auto cell : parent.getOps<nas::CellOp>())
      b.clone(*cell.getOperation());
  auto copy = cast<nas::SpaceOp>(b.clone(*space.getOperation()));
  if (failed(inlineCells(*module)) || failed(relaxSpace(copy)))
    return failure();
  return lowerToSupernet(copy);
}
