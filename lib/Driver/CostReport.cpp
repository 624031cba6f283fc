//===- CostReport.cpp - the cost of a candidate or a space as JSON --------===//
#include "lib/Driver/CostReport.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/Specialize.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace nasir;

/// Whether the decision of site `op` decides a shape: its alternatives yield
/// different types (a choice), or its result has an open dimension beyond the
/// batch (a pick, a repeat).
static bool leavesShapeOpen(Operation *op) {
  if (auto choice = dyn_cast<nas::ChoiceOp>(op))
    return llvm::any_of(choice.getAlternatives(), [&](Region &alt) {
      return alt.front().getTerminator()->getOperandTypes() !=
             choice.getAlternatives().front().front().getTerminator()->getOperandTypes();
    });
  return llvm::any_of(op->getResultTypes(), [](Type t) {
    auto rt = dyn_cast<RankedTensorType>(t);
    return rt && llvm::any_of(rt.getShape().drop_front(), ShapedType::isDynamic);
  });
}

/// The labels of the outermost open sites of `space` that decide a shape,
/// without repetitions: "'a', 'b'" (the first 8, then "...").
static std::string shapeDecidingLabels(nas::SpaceOp space) {
  llvm::SetVector<StringRef> labels;
  space.getBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (!isa<nas::ChoiceOp, nas::RepeatOp, nas::SelectOp>(op) ||
        !leavesShapeOpen(op))
      return WalkResult::advance();
    labels.insert(op->getAttrOfType<StringAttr>("label").getValue());
    return WalkResult::skip();
  });
  std::string text;
  for (auto [i, l] : llvm::enumerate(labels)) {
    if (i == 8) {
      text += ", ...";
      break;
    }
    text += (i ? ", '" : "'") + l.str() + "'";
  }
  return text;
}

bool nasir::costJson(nas::SpaceOp space, std::string &json,
                     std::string &error, bool flopsAsMacs) {
  llvm::raw_string_ostream os(json);
  const char *convention = flopsAsMacs ? ", \"flops_convention\": \"macs\"" : "";
  if (isConcrete(space)) {
    auto c = costOf(space);
    if (!c) {
      error = "the cost of @" + space.getSymName().str() + " is not known";
      return false;
    }
    os << "{\"params\": " << c->params
       << ", \"flops\": " << (flopsAsMacs ? c->macs : c->flops)
       << ", \"macs\": " << c->macs << convention << "}";
    return true;
  }
  auto r = costRange(space);
  if (!r) {
    std::string labels = shapeDecidingLabels(space);
    error = "the cost of @" + space.getSymName().str() +
            " depends on shapes that open decisions decide; decide " +
            (labels.empty() ? "every open decision" : labels) +
            " (or enumerate: nasir enumerate | nasir cost)";
    return false;
  }
  os << "{\"params_min\": " << r->minimum.params
     << ", \"params_max\": " << r->maximum.params
     << ", \"flops_min\": "
     << (flopsAsMacs ? r->minimum.macs : r->minimum.flops)
     << ", \"flops_max\": "
     << (flopsAsMacs ? r->maximum.macs : r->maximum.flops)
     << ", \"macs_min\": " << r->minimum.macs
     << ", \"macs_max\": " << r->maximum.macs
     << ", \"exact\": " << (r->exact ? "true" : "false") << convention
     << "}";
  return true;
}
