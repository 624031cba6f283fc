//===- CandidateSelection.h - candidates that meet a space's constraints -*- C++ -*-===//
//
// What `nasir sample`, `mutate`, `specialize`, `cost` (tools/nasir) and the
// Python module (python/) share: drawing and mutating decisions until the
// candidate meets the space's params/FLOPs/MACs bounds, checking decisions a
// user gives, and building the candidate they select with every constraint
// of the space checked.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_DRIVER_CANDIDATESELECTION_H
#define NASIR_DRIVER_CANDIDATESELECTION_H

#include "dialect/NAS/NASOps.h"
#include "lib/Transforms/SpaceModel.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <random>
#include <string>

namespace nasir {

/// The first space of a module (null for none).
nas::SpaceOp firstSpace(mlir::ModuleOp module);

/// Whether a concrete candidate meets the space's params/flops/macs bounds;
/// sets `why` when not.
bool meetsCostBounds(nas::SpaceOp concrete, const SpaceModel &model,
                     std::string &why);

/// The candidate that `decisions` select, in a module of its own (`space`
/// stays untouched). When it is complete it must also meet every constraint
/// `space` declares (edges, params and FLOPs bounds; nas.require is checked
/// while specializing): a violated one is an error at the constraint, naming
/// the bound and ending with `overrideHint` (how the caller's user builds it
/// anyway), unless `ignoreConstraints`. Null after errors were emitted.
mlir::OwningOpRef<mlir::ModuleOp>
specializeCandidate(nas::SpaceOp space, mlir::DictionaryAttr decisions,
                    bool ignoreConstraints, llvm::StringRef overrideHint);

/// Draws an assignment that also meets the cost bounds (up to 10000 tries):
/// uniformly over candidates, or decision by decision with `perDecision`.
/// None when the space has no candidate that meets its constraints.
std::optional<Assignment> sampleValid(nas::SpaceOp space,
                                      const SpaceModel &model,
                                      std::mt19937_64 &rng, bool perDecision);

/// Changes `k` decisions of `parent` (SpaceModel::mutate) until the child
/// meets the cost bounds (up to 1000 tries). False with `error` set when the
/// space has nothing to mutate or no mutation meets the constraints.
bool mutateValid(nas::SpaceOp space, const SpaceModel &model,
                 const Assignment &parent, unsigned k, std::mt19937_64 &rng,
                 Assignment &child, std::string &error);

/// The complete assignment of user-given `decisions`: they specialize the
/// space (errors emitted as diagnostics at the site), name an active site's
/// option each and meet its structural constraints (`error` says why not,
/// empty when diagnostics were emitted).
bool checkedAssignment(nas::SpaceOp space, const SpaceModel &model,
                       mlir::DictionaryAttr decisions, Assignment &a,
                       std::string &error);

} // namespace nasir

#endif
