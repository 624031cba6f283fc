//===- NetworkDot.cpp - Graphviz of a concrete network --------------------===//
#include "lib/Driver/NetworkDot.h"
#include "dialect/NN/NNOps.h"
#include "lib/Export/Escape.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace nasir;

void nasir::printNetworkDot(nas::SpaceOp space, llvm::raw_ostream &os) {
  os << "digraph " << exporter::dotString(space.getSymName()) << " {\n"
     << "  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", "
        "fontname=\"Helvetica\", fillcolor=\"#eef3fb\"];\n";
  llvm::DenseMap<Value, unsigned> ids;
  unsigned next = 0;
  for (Operation &op : space.getBlock()) {
    if (!isa<nn::LayerOpInterface>(op))
      continue;
    unsigned id = next++;
    std::vector<std::string> label = {op.getName().stripDialect().str()};
    // The attributes that tell layers apart; defaults (stride 1, ...) hidden.
    for (NamedAttribute a : op.getAttrs()) {
      StringRef name = a.getName().getValue();
      auto i = dyn_cast<IntegerAttr>(a.getValue());
      if (!i || i.getType().isInteger(1) || name.starts_with("nas.") ||
          name == "padding" ||
          (name != "out_channels" && name != "out_features" &&
           name != "kernel" && i.getInt() == 1))
        continue;
      label.push_back(name.str() + "=" + std::to_string(i.getInt()));
    }
    Type t = op.getNumResults() ? op.getResult(0).getType() : Type();
    if (auto rt = dyn_cast_or_null<RankedTensorType>(t)) {
      std::string shape = "[";
      for (auto [i, d] : llvm::enumerate(rt.getShape().drop_front()))
        shape += (i ? "x" : "") + std::to_string(d);
      label.push_back(shape + "]");
    }
    const char *fill = isa<nn::Conv2dOp, nn::LinearOp>(op) ? "#cfe0f7"
                       : isa<nn::ZeroOp>(op)               ? "#eeeeee"
                       : isa<nn::AddOp, nn::ConcatOp>(op)  ? "#fbe3c9"
                                                           : "#eef3fb";
    os << "  n" << id << " [label=" << exporter::dotLabel(label)
       << ", fillcolor=\"" << fill << "\"];\n";
    for (Value in : op.getOperands())
      if (ids.count(in))
        os << "  n" << ids[in] << " -> n" << id << ";\n";
    if (op.getNumResults())
      ids[op.getResult(0)] = id;
  }
  os << "}\n";
}
