//===- Specialize.h - resolve search constructs by decisions ----*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_SPECIALIZE_H
#define NASIR_TRANSFORMS_SPECIALIZE_H

#include "dialect/NAS/NASOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace nasir {

/// Replaces every site of `space` whose label `decisions` names by what the
/// decision selects (nested sites and repeat iterations included), then
/// re-infers the types downstream. Sites not named stay open; when none is
/// left, the ops that do not contribute to the output are removed
/// (removeDeadOps). Errors (a value that is not an option, a pick that is not
/// a sorted list of its declared count of distinct indices, a label that no
/// site has or that names a site the other decisions leave out, a candidate
/// whose shapes do not fit) are emitted as diagnostics at the site's location.
mlir::LogicalResult specializeSpace(nas::SpaceOp space,
                                    mlir::DictionaryAttr decisions);

/// Builds the concrete network that `decisions` select, as a new module,
/// cloning only the chosen alternatives (cost proportional to the candidate,
/// not to the space). Returns null without diagnostics when a reached site has
/// no decision (use specializeSpace on a copy for partial assignments), and
/// null with a diagnostic when a decision is not one of a site's options or
/// no site of the candidate takes it. Only live ops are kept (removeDeadOps).
mlir::OwningOpRef<mlir::ModuleOp>
specializeToModule(nas::SpaceOp space, mlir::DictionaryAttr decisions,
                   bool *incomplete = nullptr);

/// Recomputes the result types of the ops in `region`, in order, from their
/// operands (InferTypeOpInterface; choices and repeats by joining what they
/// yield). Fails with a diagnostic when an op's operands no longer fit it.
mlir::LogicalResult reinferTypes(mlir::Region &region);

/// True when the space has no search construct left.
bool isConcrete(nas::SpaceOp space);

/// The label (as decisions spell it) that `label`, named by the predicate of
/// `req`, stands for when `req` is reached with iteration suffix `suffix`: a
/// site of the same repeat iteration takes the suffix, one outside k
/// enclosing per-iteration repeats takes it without its last k parts (an
/// enclosing repeat's own label is outside its body).
std::string requireLabel(nas::RequireOp req, llvm::StringRef label,
                         llvm::StringRef suffix);

/// `suffix` without its last `n` iteration parts ("#i").
std::string dropIterations(llvm::StringRef suffix, int64_t n);

/// The label (as decisions spell it) of a choice, repeat or select standing
/// where the iteration suffix is `suffix` (a choice with `outer K` drops the
/// last K parts).
std::string siteLabel(mlir::Operation *site, llvm::StringRef suffix);

/// "'<text>' (k = 7, e = 6)": a predicate spelled `text` and the values
/// `value` gives its labels ("open" for none).
std::string
describeViolation(llvm::StringRef text, const nas::Predicate &pred,
                  llvm::function_ref<mlir::Attribute(llvm::StringRef)> value);

/// Emits "the decisions violate '<predicate>' (k = 7, e = 6)" at `req`.
mlir::InFlightDiagnostic
emitViolation(nas::RequireOp req, const nas::Predicate &pred,
              llvm::function_ref<mlir::Attribute(llvm::StringRef)> value);

/// A label with the iteration suffixes of nas.repeat (`k#0#2`) removed.
llvm::StringRef baseLabel(llvm::StringRef label);

} // namespace nasir

#endif
