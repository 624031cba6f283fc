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
// A value with many entries (a carried type that per-iteration decisions
// change, whose condition is a disjunction with a term per path) is
// summarized: each of its types under a value of a label of the analysis,
// whose meaning (the disjunction) is kept. Misfits under such labels are
// resolved back into decisions when they are reported, by a search whose
// cost grows with the misfits, not with the space.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_TYPESETS_H
#define NASIR_TRANSFORMS_TYPESETS_H

#include "dialect/NAS/NASOps.h"
#include "dialect/NAS/Predicate.h"
#include <cstdint>
#include <functional>
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
  /// Which decisions make the op fail was not fully resolved: the op fails
  /// on some of the types that reach it, through values whose types the
  /// analysis summarized past its limit of entries, and resolving them back
  /// into decisions ran past its budget (NASIR_MISFIT_BUDGET). `decisions`
  /// holds only the decisions still known; it may be that none fails.
  bool approximate = false;
};

/// What findMisfits looks for.
struct MisfitSearch {
  /// Whether some valid assignment takes a misfit's decisions (the caller
  /// knows the space's rules); null: every misfit counts.
  std::function<bool(const Misfit &)> reached;
  /// Exact misfits past which the search stops.
  size_t limit = SIZE_MAX;
};

/// The misfits of `space` that `search` accepts, in IR order, one per op
/// and combination of decisions. A value whose types the analysis
/// summarized (past NASIR_TYPESET_LIMIT entries) is resolved back into the
/// decisions that give each type: exact unless that resolution runs past its
/// budget (NASIR_MISFIT_BUDGET), when an approximate misfit stands for what
/// is left.
std::vector<Misfit> findMisfits(nas::SpaceOp space,
                                const MisfitSearch &search);

/// Every misfit of `space`, reached by a valid assignment or not.
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
