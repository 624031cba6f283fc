//===- Violations.cpp - messages for decisions that violate nas.require ---===//
#include "lib/Transforms/Violations.h"
#include "lib/Transforms/Decisions.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace nasir;

std::string nasir::describeViolation(StringRef text, const nas::Predicate &pred,
                                     function_ref<Attribute(StringRef)> value) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "'" << text << "' (";
  llvm::interleaveComma(pred.labels(), os, [&](const std::string &l) {
    Attribute v = value(l);
    os << l << " = " << (v ? printDecisionValue(v) : "open");
  });
  os << ")";
  return s;
}

InFlightDiagnostic
nasir::emitViolation(nas::RequireOp req, const nas::Predicate &pred,
                     function_ref<Attribute(StringRef)> value) {
  return req.emitError("the decisions violate ")
         << describeViolation(req.getPredicate(), pred, value);
}
