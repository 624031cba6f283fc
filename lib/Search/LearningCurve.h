//===- LearningCurve.h - a trial's per-epoch values, read and written -*- C++ -*-===//
//
// nasir-train's result line carries `curve`, one object per epoch:
//   {"epoch":1,"train_loss":0.41,"train_accuracy":0.88,"val_loss":0.2,"val_accuracy":0.94}
// The search reads it from the line (untrusted input: checked here), keeps
// it in the store (trials.curve, the same text in every store) and the
// report writes it (`curve` of trialJson). docs/results.md.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_LEARNINGCURVE_H
#define NASIR_SEARCH_LEARNINGCURVE_H

#include "lib/Search/Trial.h"
#include "llvm/Support/JSON.h"
#include <string>

namespace nasir::search {

/// The most epochs a curve may have (a result line is at most 1 MiB).
inline constexpr size_t kMaxCurvePoints = 10000;

/// `value` (the `curve` field) as a curve: an array of at most
/// kMaxCurvePoints objects, each with an integer `epoch` (1, 2, ..., strictly
/// increasing) and finite numbers `train_loss`, `val_loss` (>= 0) and
/// `train_accuracy`, `val_accuracy` (in [0, 1]); other fields are ignored.
/// False with `error` naming the field ("curve[2].val_loss: not a finite
/// number") otherwise.
bool curveFromJson(const llvm::json::Value &value, Curve &curve,
                   std::string &error);

/// The curve as JSON (what trialJson writes and the store keeps).
llvm::json::Array curveToJson(const Curve &curve);

/// The text a store keeps for a curve (shortest round-trip numbers).
std::string storedCurveJson(const Curve &curve);

/// A stored curve read back; false with `error` when it is not one.
bool parseStoredCurve(llvm::StringRef text, Curve &curve, std::string &error);

} // namespace nasir::search

#endif
