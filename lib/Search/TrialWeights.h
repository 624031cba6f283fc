//===- TrialWeights.h - a trial's trained weights, kept in its store -*- C++ -*-===//
//
// The train evaluator writes a trial's weights to trial-N.pt in the trials
// folder (nasir-train --save); the search then keeps them in the store as
// the trial's "weights.pt" artifact, so that a copy of the store alone is
// enough for `nasir export --to weights|pytorch|onnx` and for a warm start.
// Readers take the store's copy first and the file second (a store written
// before weights were kept in it, or a search still running).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_TRIALWEIGHTS_H
#define NASIR_SEARCH_TRIALWEIGHTS_H

#include "lib/Search/Store.h"
#include <cstdint>
#include <string>

namespace nasir::search {

/// The name of the artifact that holds a trial's trained weights.
inline constexpr const char *kWeightsArtifact = "weights.pt";

/// The bytes of the weights file `path`; `found` says whether it exists.
/// False with `error` when it exists but cannot be read.
bool readWeightsFile(const std::string &path, std::string &bytes, bool &found,
                     std::string &error);

/// The trained weights of trial `id`: the store's artifact, else
/// trial-N.pt in `trialsDir` (may be empty: the store only). `found` says
/// whether there are any; false with `error` on a store or file error.
bool loadTrialWeights(Store &store, const std::string &trialsDir, int64_t id,
                      std::string &bytes, bool &found, std::string &error);

} // namespace nasir::search

#endif
