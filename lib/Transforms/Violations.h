//===- Violations.h - messages for violated nas.require ---------*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_VIOLATIONS_H
#define NASIR_TRANSFORMS_VIOLATIONS_H

#include "dialect/NAS/NASOps.h"
#include "dialect/NAS/Predicate.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <string>

namespace nasir {

/// "'<text>' (k = 7, e = 6)": a predicate spelled `text` and the values
/// `value` gives its labels ("open" for none).
std::string
describeViolation(llvm::StringRef text, const nas::Predicate &pred,
                  llvm::function_ref<mlir::Attribute(llvm::StringRef)> value);

/// Emits "the decisions violate '<predicate>' (k = 7, e = 6)" at `req`.
mlir::InFlightDiagnostic
emitViolation(nas::RequireOp req, const nas::Predicate &pred,
              llvm::function_ref<mlir::Attribute(llvm::StringRef)> value);

} // namespace nasir

#endif
