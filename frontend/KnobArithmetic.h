//===- KnobArithmetic.h - numbers that depend on value choices -*- C++ -*-===//
//
// A Num is a table over the combinations of the knobs it depends on; these
// functions compute with such tables the way .nas arithmetic does (integer
// and float, floor division and modulo, overflow as an error).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_FRONTEND_KNOBARITHMETIC_H
#define NASIR_FRONTEND_KNOBARITHMETIC_H

#include "frontend/Values.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace nasir::frontend::gen {

/// `a op b` for one combination; nullopt with `err` set on a type error,
/// division by zero or overflow. Comparisons give Bool.
std::optional<Scalar> arith(StringRef op, Scalar a, Scalar b, std::string &err);

/// The entry of `n` for `choice`, an index per knob of `deps` (a superset
/// of `n.deps`, sorted by id).
Scalar lookup(const Num &n, const std::vector<Knob *> &deps,
              const std::vector<size_t> &choice);

/// Steps `choice` to the next combination of `deps` (last knob fastest);
/// false after the last one.
bool nextChoice(const std::vector<Knob *> &deps, std::vector<size_t> &choice);

/// The union of the knobs of `nums`, sorted by id; failure with `err` set
/// when they have more than Limits::kMaxCombinations combinations.
mlir::FailureOr<std::vector<Knob *>>
jointDeps(llvm::ArrayRef<const Num *> nums, StringRef what, std::string &err);

/// `a op b` for every combination of their knobs.
mlir::FailureOr<Num> combine(const Num &a, const Num &b, StringRef op,
                             std::string &err);

/// `fn` applied to every entry of `a`.
mlir::FailureOr<Num>
mapNum(const Num &a,
       llvm::function_ref<std::optional<Scalar>(Scalar, std::string &)> fn,
       std::string &err);

/// The number that is `perOption[i]` when knob `k` takes its option i.
mlir::FailureOr<Num> selectByKnob(Knob *k, llvm::ArrayRef<Num> perOption,
                                  std::string &err);

/// Two Nums that give the same number for every combination of their knobs.
bool sameNum(const Num &a, const Num &b);

} // namespace nasir::frontend::gen

#endif
