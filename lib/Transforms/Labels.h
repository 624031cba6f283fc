//===- Labels.h - the labels decisions give sites ---------------*- C++ -*-===//
//
// Decisions name sites by label. A site in the body of a per-iteration
// nas.repeat is decided once per iteration, under its label with the
// iteration suffix `#i` of every enclosing repeat (`k#0#2`); a choice with
// `outer K` is decided K repeats further out (its label drops the last K
// parts). These functions spell the label a site, or a label a predicate
// names, has at a given iteration suffix.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_LABELS_H
#define NASIR_TRANSFORMS_LABELS_H

#include "dialect/NAS/NASOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace nasir {

/// A label with the iteration suffixes of nas.repeat (`k#0#2`) removed.
llvm::StringRef baseLabel(llvm::StringRef label);

/// `suffix` without its last `n` iteration parts ("#i").
std::string dropIterations(llvm::StringRef suffix, int64_t n);

/// The label (as decisions spell it) of a choice, repeat or select standing
/// where the iteration suffix is `suffix` (a choice with `outer K` drops the
/// last K parts).
std::string siteLabel(mlir::Operation *site, llvm::StringRef suffix);

/// The label (as decisions spell it) that `label`, named by the predicate of
/// `req`, stands for when `req` is reached with iteration suffix `suffix`: a
/// site of the same repeat iteration takes the suffix, one outside k
/// enclosing per-iteration repeats takes it without its last k parts (an
/// enclosing repeat's own label is outside its body).
std::string requireLabel(nas::RequireOp req, llvm::StringRef label,
                         llvm::StringRef suffix);

/// How many per-iteration repeats further out than where it stands `site`
/// is decided (nas.choice's `outer`; 0 for other sites).
int64_t outerOf(mlir::Operation *site);

/// Whether `site` is decided outside the body of `repeat`: it stands outside,
/// or it is decided enough repeats further out (`outer`).
bool decidedOutside(mlir::Operation *site, mlir::Operation *repeat);

/// Gives the sites of iteration `i` of a per-iteration `repeat`, cloned
/// through `map`, their labels for that iteration (`label#i`; a choice
/// decided further out loses one level of `outer`), and the predicates in
/// it the names of those sites.
void relabelIteration(nas::RepeatOp repeat, mlir::IRMapping &map, int64_t i);

} // namespace nasir

#endif
