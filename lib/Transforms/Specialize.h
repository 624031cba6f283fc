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

/// The candidate `decisions` select, in a module of its own; `space` stays
/// untouched. Complete decisions go through specializeToModule (cost
/// proportional to the candidate); partial ones resolve what they name on a
/// copy of the whole space (specializeSpace). Null, with the diagnostics
/// emitted, when they do not fit.
mlir::OwningOpRef<mlir::ModuleOp>
specializeInNewModule(nas::SpaceOp space, mlir::DictionaryAttr decisions);

/// True when the space has no search construct left.
bool isConcrete(nas::SpaceOp space);

} // namespace nasir

#endif
