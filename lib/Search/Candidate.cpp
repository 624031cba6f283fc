//===- Candidate.cpp - from decisions to a concrete network ---------------===//
#include "lib/Search/Candidate.h"
#include "lib/Transforms/Bounds.h"
#include "lib/Transforms/CandidateLowering.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Specialize.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

OwningOpRef<ModuleOp> nasir::search::specializeCopy(nas::SpaceOp space,
                                                    DictionaryAttr decisions,
                                                    std::string &error) {
  // Diagnostics of a candidate that does not fit become its error message
  // instead of going to the terminal.
  ScopedDiagnosticHandler capture(space.getContext(), [&](Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Error)
      error += (error.empty() ? "" : "; ") + d.str();
    return success();
  });
  // Complete decisions (every proposal): only the chosen ops are cloned.
  OwningOpRef<ModuleOp> m = specializeInNewModule(space, decisions);
  if (!m) {
    if (error.empty())
      error = "the decisions do not specialize the space";
    return {};
  }
  return m;
}

static nas::SpaceOp onlySpace(ModuleOp m) {
  for (auto s : m.getOps<nas::SpaceOp>())
    return s;
  return {};
}

bool nasir::search::meetsBounds(nas::SpaceOp space, const SpaceModel &model,
                                DictionaryAttr decisions, std::string &why) {
  if (!model.costBounds().any())
    return true;
  auto m = specializeCopy(space, decisions, why);
  if (!m)
    return false;
  return withinBounds(costOf(onlySpace(*m)), model.costBounds(), why);
}

PreparedCandidate nasir::search::prepareCandidate(nas::SpaceOp space,
                                                  DictionaryAttr decisions,
                                                  const CanonOptions &canon,
                                                  bool wantCandidateJson,
                                                  bool wantFingerprint) {
  PreparedCandidate out;
  auto m = specializeCopy(space, decisions, out.error);
  if (!m)
    return out;
  nas::SpaceOp c = onlySpace(*m);
  if (!isConcrete(c)) {
    out.error = "the decisions leave search sites open";
    return out;
  }
  out.cost = costOf(c);
  if (wantCandidateJson) {
    std::string diag;
    ScopedDiagnosticHandler capture(space.getContext(), [&](Diagnostic &d) {
      diag += (diag.empty() ? "" : "; ") + d.str();
      return success();
    });
    auto doc = lowerToCandidate(c);
    if (failed(doc)) {
      out.error = diag.empty() ? "cannot lower the candidate" : diag;
      return out;
    }
    out.candidateJson = *doc;
  }
  if (wantFingerprint)
    out.fingerprint = fingerprintNetwork(c, canon);
  return out;
}

CandidateCache::CandidateCache(nas::SpaceOp space, const CanonOptions &canon)
    : space(space), canon(canon),
      fast(std::make_unique<CandidateFingerprinter>(space, canon)) {}

CandidateCache::~CandidateCache() = default;

PreparedCandidate CandidateCache::fingerprint(const std::string &text,
                                              DictionaryAttr decisions) {
  if (auto it = known.find(text); it != known.end())
    return it->second.candidate;
  if (std::optional<std::string> fp = fast->fingerprint(decisions)) {
    Entry e;
    e.candidate.fingerprint = std::move(*fp);
    return known.emplace(text, std::move(e)).first->second.candidate;
  }
  return prepare(text, decisions, false);
}

PreparedCandidate CandidateCache::prepare(const std::string &text,
                                          DictionaryAttr decisions,
                                          bool wantCandidateJson) {
  auto it = known.find(text);
  if (it != known.end() && it->second.built)
    return it->second.candidate;
  bool haveFingerprint = it != known.end();
  PreparedCandidate pc = prepareCandidate(space, decisions, canon,
                                          wantCandidateJson, !haveFingerprint);
  if (haveFingerprint && pc.error.empty())
    pc.fingerprint = it->second.candidate.fingerprint;
  Entry e;
  e.candidate = pc;
  e.candidate.candidateJson.clear();
  e.built = true;
  known.insert_or_assign(text, std::move(e));
  return pc;
}
