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

#include <random>

namespace nasir {
namespace runtime {

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

private:
  enum class Kind {
    Input, Conv, Linear, BatchNorm2d, BatchNorm1d, LayerNorm, Relu, Relu6, Gelu, Sigmoid, Silu,
    Hardswish, Tanh, MaxPool, AvgPool, GlobalAvgPool, Add, Mul, Concat, Identity, Zero, Flatten,
    Dropout, Output
  };
  struct Step {
    Kind kind;
    std::vector<size_t> in; // positions of the inputs
    std::vector<int64_t> shape;
    int64_t stride = 1;
    torch::nn::Conv2d conv{nullptr};
    torch::nn::Linear linear{nullptr};
    torch::nn::BatchNorm2d bn2{nullptr};
    torch::nn::BatchNorm1d bn1{nullptr};
    torch::nn::LayerNorm ln{nullptr};
    torch::nn::MaxPool2d maxpool{nullptr};
    torch::nn::AvgPool2d avgpool{nullptr};
    torch::nn::Dropout dropout{nullptr};
  };
  Candidate cand_;
  std::vector<Step> steps_;
  std::vector<int> lastUse_; // for each step: the last step reading it (frees tensors in eval)
  bool checked_ = false;
};
TORCH_MODULE(CandidateNet);

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
