//===- NASDialect.cpp - the nas dialect -----------------------------------===//
#include "dialect/NAS/NASDialect.h"
#include "dialect/NAS/NASOps.h"
#include "dialect/NAS/Binding.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace nasir::nas;

#include "dialect/NAS/NASOpsDialect.cpp.inc"
#include "dialect/NAS/NASEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "dialect/NAS/NASAttrs.cpp.inc"

std::vector<std::string> nasir::nas::constraintMetricNames() {
  std::vector<std::string> names;
  for (uint32_t i = 0; i <= getMaxEnumValForConstraintMetric(); ++i)
    names.push_back(stringifyConstraintMetric(ConstraintMetric(i)).str());
  return names;
}

std::vector<std::string> nasir::nas::objectiveMetricNames() {
  std::vector<std::string> names;
  for (uint32_t i = 0; i <= getMaxEnumValForObjectiveMetric(); ++i)
    names.push_back(stringifyObjectiveMetric(ObjectiveMetric(i)).str());
  return names;
}

void NASDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialect/NAS/NASAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialect/NAS/NASOps.cpp.inc"
      >();
}

/// A non-empty list of integers, or null.
static ArrayAttr integerList(DictionaryAttr entry, StringRef name) {
  auto list = entry.getAs<ArrayAttr>(name);
  if (!list || list.empty() ||
      !llvm::all_of(list, [](Attribute a) { return isa<IntegerAttr>(a); }))
    return {};
  return list;
}

/// `nas.share` (NASOps.h): entries `{label, channels}` or
/// `{label, kernel, padding}`, the lists one entry per option.
static LogicalResult verifyShare(Operation *op, Attribute value) {
  auto entries = dyn_cast<ArrayAttr>(value);
  if (!entries)
    return op->emitError("'nas.share' must be an array of entries");
  for (Attribute e : entries) {
    auto entry = dyn_cast<DictionaryAttr>(e);
    auto label = entry ? entry.getAs<StringAttr>("label") : StringAttr();
    if (!label || label.getValue().empty())
      return op->emitError("'nas.share' entry ")
             << e << " needs a non-empty 'label'";
    if (entry.get("channels")) {
      if (!integerList(entry, "channels"))
        return op->emitError("'nas.share' entry of '")
               << label.getValue() << "': 'channels' must be a list of integers";
      continue;
    }
    ArrayAttr kernel = integerList(entry, "kernel");
    ArrayAttr padding = integerList(entry, "padding");
    if (!kernel || !padding || kernel.size() != padding.size())
      return op->emitError("'nas.share' entry of '")
             << label.getValue()
             << "' needs 'channels', or 'kernel' and 'padding' lists of one "
                "length";
  }
  return success();
}

/// `nas.from` (dialect/NAS/Binding.h): on an op of a cell body, a dictionary
/// from the op's attribute names (or, on nas.apply, its parameters) to
/// expressions that evaluate with the cell's default parameters.
LogicalResult NASDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attr) {
  if (attr.getName() == kShareAttr)
    return verifyShare(op, attr.getValue());
  // Other nas.* attributes are annotations the frontend and the passes write
  // (nas.bind = "classes", nas.decisions, nas.count, nas.params, ...).
  if (attr.getName() != kFromAttr)
    return success();
  auto dict = dyn_cast<DictionaryAttr>(attr.getValue());
  if (!dict)
    return op->emitError("'nas.from' must be a dictionary of expressions");
  auto cell = op->getParentOfType<CellOp>();
  if (!cell)
    return op->emitError("'nas.from' binds cell parameters: the op must be "
                         "in the body of a nas.cell");
  auto apply = dyn_cast<ApplyOp>(op);
  for (NamedAttribute e : dict) {
    auto text = dyn_cast<StringAttr>(e.getValue());
    if (!text)
      return op->emitError("'nas.from' of '")
             << e.getName().getValue() << "' must be a string expression";
    std::optional<RegisteredOperationName> info = op->getRegisteredInfo();
    if (!apply && info && !llvm::is_contained(info->getAttributeNames(),
                                              e.getName()))
      return op->emitError("'nas.from' names '")
             << e.getName().getValue() << "', which is not an attribute of '"
             << op->getName() << "'";
    std::string error;
    if (!evaluateBinding(text.getValue(), cell.getParams(), error))
      return op->emitError("'nas.from' of '")
             << e.getName().getValue() << "': " << error << " in \""
             << text.getValue() << "\" (parameters of @"
             << cell.getSymName() << ": " << cell.getParams() << ")";
  }
  return success();
}
