//===- CandidateWriter.h - the nodes of a candidate document ----*- C++ -*-===//
//
// Candidate documents (docs/candidate-format.md) list a network's ops as
// nodes in order, each naming its inputs by the ids of earlier nodes. Both
// the version-1 lowering of a concrete network (CandidateLowering.h) and the
// version-2 lowering of a supernet (SupernetLowering.h) write their nodes
// with this writer.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_CANDIDATEWRITER_H
#define NASIR_TRANSFORMS_CANDIDATEWRITER_H

#include "dialect/NAS/NASOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/JSON.h"
#include <string>

namespace nasir {

class CandidateWriter {
public:
  /// Appends the node of `op` (id, op name without its dialect, inputs,
  /// shape and its integer, float and boolean attributes but `nas.*`) and
  /// returns it for the caller to complete. Fails with an error at `op`
  /// when a result shape is not static beyond the batch.
  mlir::FailureOr<llvm::json::Object *> addNode(mlir::Operation &op);

  /// The document of `space`: format, `version`, space name, the `extra`
  /// fields, input shape, class count and the nodes written so far.
  std::string document(nas::SpaceOp space, int64_t version,
                       llvm::json::Object extra);

private:
  llvm::DenseMap<mlir::Value, int64_t> ids;
  llvm::json::Array nodes;
  llvm::json::Array input;
  int64_t classes = 0;
};

} // namespace nasir

#endif
