//===- TrialWeights.cpp - a trial's trained weights, kept in its store ----===//
#include "lib/Search/TrialWeights.h"
#include "lib/Search/Experiment.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

namespace nasir::search {

bool readWeightsFile(const std::string &path, std::string &bytes, bool &found,
                     std::string &error) {
  bytes.clear();
  found = !path.empty() && llvm::sys::fs::exists(path);
  if (!found)
    return true;
  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buf) {
    error = "cannot read '" + path + "': " + buf.getError().message();
    return false;
  }
  bytes = (*buf)->getBuffer().str();
  return true;
}

bool loadTrialWeights(Store &store, const std::string &trialsDir, int64_t id,
                      std::string &bytes, bool &found, std::string &error) {
  if (!store.loadArtifact(id, kWeightsArtifact, bytes, found)) {
    error = store.lastError();
    return false;
  }
  if (found || trialsDir.empty())
    return true;
  return readWeightsFile(ExperimentLayout::trialFile(trialsDir, id, ".pt"),
                         bytes, found, error);
}

} // namespace nasir::search
