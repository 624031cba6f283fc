//===- CandidateReader.h - the candidate reader's JSON half -----*- C++ -*-===//
//
// Internal to lib/Layers: the document reader of Candidate.cpp on a parsed
// JSON value, parameterized by what a format version adds (fields, ops), so
// that the supernet reader (Supernet.cpp) reads the fields and nodes a version-1
// candidate has with the same code.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_LAYERS_CANDIDATEREADER_H
#define NASIR_LAYERS_CANDIDATEREADER_H

#include "lib/Layers/Candidate.h"
#include "lib/Layers/Json.h"

#include <set>

namespace nasir {
namespace layers {

/// What one version of the format adds to version 1.
struct CandidateSyntax {
  int64_t version = 1;
  std::set<std::string> extraFields;     ///< top-level fields read by the caller
  std::set<std::string> extraNodeFields; ///< node fields read by the caller
  const std::vector<LayerSchema> *extraOps = nullptr; ///< op kinds beyond the layer table
};

/// Reads and validates the version-1 part of a document (every field and node, shapes).
bool parseCandidateJson(const nlohmann::json &j, const CandidateSyntax &syntax, Candidate &out,
                        std::string &error);

/// An array of integers (false if `j` is anything else).
bool readIntVector(const nlohmann::json &j, std::vector<int64_t> &out);

/// The schema of `kind`: in `extraOps` first, then the layer table; null if neither has it.
const LayerSchema *findOp(const std::string &kind, const std::vector<LayerSchema> *extraOps);

/// A document file's text, at most kMaxCandidateBytes; false with an error naming the path.
bool readCandidateText(const std::string &path, std::string &text, std::string &error);

/// A document file through `parse`; errors are prefixed with the path.
template <typename Document>
bool loadDocumentFile(const std::string &path, Document &out, std::string &error,
                      bool (*parse)(const std::string &, Document &, std::string &)) {
  std::string text;
  if (!readCandidateText(path, text, error))
    return false;
  if (!parse(text, out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

} // namespace layers
} // namespace nasir

#endif
