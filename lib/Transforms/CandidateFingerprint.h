//===- CandidateFingerprint.h - fingerprints without building -*- C++ -*-===//
//
// The fingerprint of the candidate that decisions select, computed on the
// space's own ops (the ones specializeToModule would clone: the chosen
// alternatives, each repeat body once per iteration) without cloning them:
// the same algebra (CanonicalAlgebra.h) on the same ops, attributes and types,
// so the same result as fingerprintNetwork(specializeToModule(space, d))
// (test/Transforms/Unit/CandidateFingerprintTest.cpp checks every candidate
// of NB201 and brute-forces small spaces). Of the removal of dead ops that
// specialization does, only the sums it replaces by their one non-zero term
// change a fingerprint (the algebra starts from the output and sees through
// zero terms, but counts the ops it keeps): the algebra accounts for them
// (CanonicalAlgebra.h, kAsCloned).
//
// Where the candidate is not the space's ops as they are, it answers
// nothing and the caller builds the candidate: a `select` that combines
// inputs (a new op), a type that an open choice left dynamic (re-inferred
// when built), a site without a decision, a decision that is not an option
// or that no site takes, a violated `require`, an op with regions.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_CANDIDATEFINGERPRINT_H
#define NASIR_TRANSFORMS_CANDIDATEFINGERPRINT_H

#include "dialect/NAS/NASOps.h"
#include "lib/Transforms/Canonicalize.h"
#include "mlir/IR/BuiltinAttributes.h"
#include <memory>
#include <optional>
#include <string>

namespace nasir {

class CandidateFingerprinter {
public:
  /// `space` must not change while the fingerprinter lives (it keeps the
  /// printed form of its ops).
  CandidateFingerprinter(nas::SpaceOp space, const CanonOptions &options);
  ~CandidateFingerprinter();

  /// The fingerprint of the candidate `decisions` select; nullopt where the
  /// candidate must be built to know it (see above).
  std::optional<std::string> fingerprint(mlir::DictionaryAttr decisions);

private:
  struct State;
  std::unique_ptr<State> state;
};

} // namespace nasir

#endif
