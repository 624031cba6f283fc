//===- Internal.h - runtime internals with torch types ----------*- C++ -*-===//
//
// Not for MLIR-side code: this header needs LibTorch and exceptions. Used by the runtime's own
// sources, its tests and the step benchmark.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_RUNTIME_INTERNAL_H
#define NASIR_RUNTIME_INTERNAL_H

#include "lib/Runtime/DataFiles.h"
#include "lib/Runtime/Runtime.h"

#include <torch/torch.h>

#include <functional>
#include <map>
#include <random>

namespace nasir {
namespace runtime {

/// How one layer of a CandidateNet computes its output from its inputs.
using LayerForward = std::function<torch::Tensor(const std::vector<torch::Tensor> &)>;

/// What a layer builder reads: the node, its inputs' shapes, the network that owns the
/// layer's submodule and the submodule's name there (`n3_conv2d`).
struct LayerBuild {
  const CandidateNode &node;
  const std::vector<layers::Shape> &inShapes;
  torch::nn::Module &net;
  std::string name;
};
using LayerBuilder = LayerForward (*)(const LayerBuild &);

/// The LibTorch half of the layer table (lib/Layers/Layers.h): one builder per layer kind.
/// The input's builder returns an empty forward: its value is the batch.
const std::map<std::string, LayerBuilder> &layerBuilders();

/// A torch::nn::Module built from a candidate. Submodules are registered as `n<id>_<op>` (e.g.
/// `n3_conv2d`), so state_dict names are readable and stable. Throws std::runtime_error on the
/// first forward if a node's output shape differs from the candidate's.
class CandidateNetImpl : public torch::nn::Module {
public:
  explicit CandidateNetImpl(const Candidate &c);
  torch::Tensor forward(torch::Tensor x);
  const Candidate &candidate() const { return cand_; }
  /// Check shapes on the next forward again (done once after construction).
  void recheckShapes() { checked_ = false; }
  /// Called with each node's output on every forward (the naswot proxy reads
  /// the ReLUs'); empty: none.
  using OutputObserver = std::function<void(const CandidateNode &, const torch::Tensor &)>;
  void setObserver(OutputObserver f) { observer_ = std::move(f); }

private:
  struct Step {
    std::vector<size_t> in; // positions of the inputs
    std::vector<int64_t> shape;
    LayerForward forward;   // empty for the input node
    bool isInput = false, isOutput = false;
  };
  Candidate cand_;
  std::vector<Step> steps_;
  std::vector<int> lastUse_; // for each step: the last step reading it (frees tensors in eval)
  bool checked_ = false;
  OutputObserver observer_;
};
TORCH_MODULE(CandidateNet);

/// A batch `[N, ...]` as the network's input `[N, input...]`: reshaped when the sample has as
/// many elements (checkCandidateFitsDataset checked that), else as it is.
torch::Tensor asInput(const torch::Tensor &batch, const std::vector<int64_t> &input);

/// An in-memory dataset: float images/features normalized, int64 labels.
struct Split {
  torch::Tensor x; // [N, ...]
  torch::Tensor y; // [N] int64
  int64_t size() const { return x.defined() ? x.size(0) : 0; }
};
struct Dataset {
  DatasetInfo info;
  Split train, val, test;
};

/// Loads a dataset spec (see DatasetInfo). The training set is split into train/val with a
/// fixed-seed shuffle (splitSeed), val taking valFraction. For digits and csv, testFraction of
/// the rows is held out first as the test set. Throws std::runtime_error naming the file.
Dataset loadDataset(const std::string &spec, double valFraction, double testFraction,
                    uint64_t splitSeed = 0);

/// IDX reader (plain or gzip, DataFiles.h): returns uint8 [N, dims...]. Checks the magic number
/// (0x0803 for images, 0x0801 for labels, ubyte) and the size the header announces, at most
/// `maxDataBytes`; throws std::runtime_error naming the file.
torch::Tensor readIdx(const std::string &path, int expectedDims,
                      uint64_t maxDataBytes = kMaxIdxDataBytes);

/// The default data directory: $NASIR_DATA_DIR, else <repo>/.data.
std::string defaultDataDir();

int64_t parameterCount(torch::nn::Module &m);

} // namespace runtime
} // namespace nasir

#endif // NASIR_RUNTIME_INTERNAL_H
