//===- Candidate.h - from decisions to a concrete network -------*- C++ -*-===//
#ifndef NASIR_SEARCH_CANDIDATE_H
#define NASIR_SEARCH_CANDIDATE_H

#include "dialect/NAS/NASOps.h"
#include "lib/Transforms/CandidateFingerprint.h"
#include "lib/Transforms/Canonicalize.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/SpaceModel.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace nasir::search {

/// A specialized copy of `space` in a module of its own; null with `error`
/// holding the diagnostics when the decisions do not fit.
mlir::OwningOpRef<mlir::ModuleOp> specializeCopy(nas::SpaceOp space,
                                                 mlir::DictionaryAttr decisions,
                                                 std::string &error);

/// Whether the candidate meets the model's params/flops bounds.
bool meetsBounds(nas::SpaceOp space, const SpaceModel &model,
                 mlir::DictionaryAttr decisions, std::string &why);

/// Everything the driver needs of a candidate before evaluating it.
struct PreparedCandidate {
  std::string fingerprint;
  std::optional<Cost> cost;
  std::string candidateJson; ///< only when asked for
  std::string error;         ///< non-empty: the candidate cannot be built
};
/// `wantFingerprint` false: all but the fingerprint (known already).
PreparedCandidate prepareCandidate(nas::SpaceOp space,
                                   mlir::DictionaryAttr decisions,
                                   const CanonOptions &canon,
                                   bool wantCandidateJson,
                                   bool wantFingerprint = true);

/// The candidates of one space, remembered by the decisions' printed text:
/// a repeat of the same decisions (a duplicate proposal) is one look-up.
/// fingerprint() takes the fingerprint from the decisions without building
/// the candidate where it can (CandidateFingerprinter: the same results);
/// prepare() builds it (prepareCandidate), for its cost and candidate JSON.
/// The answers depend only on the space, the decisions and the
/// canonicalization options, none of which changes while the cache lives
/// (the space must not be edited meanwhile). The candidate JSON is not kept:
/// a repeat returns it empty, and whoever evaluates it builds it again.
class CandidateCache {
public:
  CandidateCache(nas::SpaceOp space, const CanonOptions &canon);
  ~CandidateCache();
  /// The fingerprint, or the error of a candidate that cannot be built;
  /// `cost` only when it was built. `text` is printDecisions(decisions).
  PreparedCandidate fingerprint(const std::string &text,
                                mlir::DictionaryAttr decisions);
  /// The candidate built: fingerprint, cost, and JSON when asked for.
  PreparedCandidate prepare(const std::string &text,
                            mlir::DictionaryAttr decisions,
                            bool wantCandidateJson);
  size_t size() const { return known.size(); }

private:
  struct Entry {
    PreparedCandidate candidate; ///< without its JSON
    bool built = false;          ///< cost known (else: fingerprint only)
  };
  nas::SpaceOp space;
  CanonOptions canon;
  std::unique_ptr<CandidateFingerprinter> fast;
  std::unordered_map<std::string, Entry> known;
};

} // namespace nasir::search

#endif
