//===- ArchEncoding.h - decisions as a fixed-length feature vector -*- C++
//-*-===//
//
// The encoding a model-based strategy learns on, derived from the space's
// decision tree (SpaceModel), not from one benchmark:
//
//   one slot per decision (label): a one-hot over the label's values, plus
//   one "inactive" feature set when the label is not active in the
//   assignment (a site nested in an alternative that was not taken, the
//   iterations of a repeat beyond its chosen depth).
//
// A label shared by several sites is one decision, hence one slot. Which
// labels are active is read by walking the tree along the assignment
// (SpaceModel::walkActive), so a stale decision of an inactive site (one an
// assignment may still carry) is encoded as inactive, exactly: two
// assignments with the same active decisions have the same encoding.
//
// Every slot has exactly one feature set, so an encoding is stored sparsely
// as the indices of its set features (one per slot).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_ARCHENCODING_H
#define NASIR_SEARCH_ARCHENCODING_H

#include "lib/Transforms/SpaceModel.h"
#include <optional>
#include <string>
#include <vector>

namespace nasir::search {

class ArchEncoding {
public:
  /// One decision's features: [offset, offset + values) its values,
  /// offset + values the inactive feature.
  struct Slot {
    std::string label;
    unsigned offset = 0, values = 0;
  };

  /// The encoding of `model`'s decisions, slots in label order. Fails (with
  /// a message) when the space has no decision, or more features than
  /// `maxFeatures` (nested per-iteration repeats multiply labels).
  static std::optional<ArchEncoding>
  build(const SpaceModel &model, size_t maxFeatures, std::string &error);

  /// Number of features (the sum of the slots' widths).
  size_t size() const { return features; }
  const std::vector<Slot> &slots() const { return slotList; }

  /// The set features of `a`, one per slot, in slot order.
  std::vector<unsigned> encode(const Assignment &a) const;
  /// The same as a dense 0/1 vector of size().
  std::vector<double> dense(const Assignment &a) const;

private:
  ArchEncoding(const SpaceModel &model) : model(&model) {}
  const SpaceModel *model;
  std::vector<Slot> slotList;
  llvm::StringMap<unsigned> slotOf; // label -> index into slotList
  size_t features = 0;
};

} // namespace nasir::search

#endif
