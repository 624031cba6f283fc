//===- TypeSets.h - the types a value takes, under which decisions -*- C++
//-*-===//
//
// Types flow through a nas.choice as the join of its alternatives, so the IR
// type of a value says little about the concrete types it can take. This
// analysis gives each value of a space the set of its concrete types, each
// under a condition: a partial assignment (a set of allowed values per
// label) that produces it. Every op is checked on every compatible
// combination of its operands' entries with the op's own type inference, so
// a clash of two independent decisions is found without enumerating the
// space: a misfit names exactly the decisions that make the op fail.
//
// Repeat bodies are analysed once per set of input types, with their own
// labels as templates (`w#@N`), and instantiated per iteration: nested
// repeats cost the sum of their bodies, not the product of their depths.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_TYPESETS_H
#define NASIR_TRANSFORMS_TYPESETS_H

#include "dialect/NAS/NASOps.h"
#include "dialect/NAS/Predicate.h"
#include <string>
#include <vector>

namespace nasir {

/// A decision a misfit depends on: the label (as decisions spell it), the
/// site it labels, and the values under which the op fails.
struct MisfitDecision {
  std::string label;
  mlir::Operation *site;
  std::vector<mlir::Attribute> values;
};

/// An op that fails on the concrete types some decisions give its operands.
struct Misfit {
  mlir::Operation *op;
  /// Sorted by label: the decisions that produce the operands, the
  /// alternatives the op stands in and the depths that reach it.
  std::vector<MisfitDecision> decisions;
  std::string message; // what the op's type inference says
  /// Some operand's types were past the analysis's limit of entries, with
  /// the decisions that give them forgotten: the op fails on some of the
  /// types that reach it, but maybe under no assignment (`decisions` holds
  /// only the decisions still known).
  bool approximate = false;
};

/// Every misfit of `space`, in IR order (one per op and condition). The
/// conditions are not checked against the space's rules: a misfit that no
/// valid assignment reaches is not an error.
std::vector<Misfit> findMisfits(nas::SpaceOp space);

/// Whether the space declares `nas.constraint "fits"`: misfits are then
/// exclusions, not errors.
bool skipsMisfits(nas::SpaceOp space);

/// For `nas.constraint "fits"`: per misfit, the predicate that rules it out
/// (`not (a in ["p"] and b in ["q"])`, naming the labels as decisions spell
/// them), at the op that does not fit.
std::vector<std::pair<mlir::Location, nas::Predicate>>
fitsExclusions(nas::SpaceOp space);

} // namespace nasir

#endif
