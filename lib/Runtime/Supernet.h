//===- Supernet.h - a LibTorch supernet from a version-2 document -*- C++ -*-===//
//
// The module of a supernet document (lib/Layers/Supernet.h): every layer built
// by the runtime's layer builders (LayerBuilders.cpp), the mixes and the
// shared-weight masks here. Its architecture parameters (one vector per label)
// live in a separate module, SupernetArch, so that the weight optimizer never
// sees them. Forward runs in one of three modes:
//   soft   (darts)  mix = sum softmax(a)_i x_i; mix_inputs = K sum softmax(b)_j x_j;
//                   channel mask = sum p_i 1[c < ch_i]; kernel = weight * sum p_i window_i
//   hard   (gdas)   a Gumbel-softmax sample per label, one-hot forward with straight-through
//                   gradients; only the sampled inputs of a mix are evaluated
//   fixed  (spos, scoring) one option per label, no architecture gradient; the stand-alone
//                   candidate's outputs
// Nodes are evaluated on demand from the output, so a mix's unselected inputs never run.
// Needs LibTorch and exceptions (as Internal.h).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_RUNTIME_SUPERNET_H
#define NASIR_RUNTIME_SUPERNET_H

#include "lib/Layers/Supernet.h"
#include "lib/Runtime/Internal.h"

namespace nasir {
namespace runtime {

using layers::Assignment;
using layers::LabelKind;
using layers::Supernet;

/// The architecture parameters: `l<i>` for label i, len = the label's size, zeros (uniform).
class SupernetArchImpl : public torch::nn::Module {
public:
  explicit SupernetArchImpl(const Supernet &s);
  std::vector<torch::Tensor> alphas; ///< by label index
};
TORCH_MODULE(SupernetArch);

enum class SupernetMode { Soft, Hard, Fixed };

class SupernetNetImpl : public torch::nn::Module {
public:
  /// Throws std::runtime_error naming the node when a layer cannot be built.
  SupernetNetImpl(const Supernet &s, SupernetArch arch);

  /// Soft mixing by softmax(alpha) (the default).
  void setSoft();
  /// A Gumbel-softmax sample per label at temperature tau (torch's generator): hard one-hot
  /// (top-max for inputs) forward, straight-through gradient to alpha. Until the next call.
  void sampleHard(double tau);
  /// One sub-network; no gradient reaches alpha.
  void setFixed(const Assignment &a);
  /// The options selected by the last sampleHard or setFixed.
  const Assignment &selection() const { return selected_; }

  torch::Tensor forward(torch::Tensor x);

  /// How many times each node (by position) was evaluated since construction.
  const std::vector<int64_t> &evaluations() const { return evaluations_; }
  const Supernet &supernet() const { return net_; }
  SupernetArch arch() const { return arch_; }
  /// The submodule of node `position` (null if the node has none).
  std::shared_ptr<torch::nn::Module> layer(size_t position) const;

private:
  struct Step {
    std::vector<size_t> in; // positions of the inputs
    LayerForward forward;   // empty for the input node and the mixes
    std::vector<torch::Tensor> kernelMasks;  // per option: [K] or [K, K] window (kernel share)
    size_t kernelLabel = 0;
    std::vector<std::pair<size_t, std::vector<torch::Tensor>>> channelMasks; // label, per option [C]
  };
  /// The gate of each label for this forward: weights per option and the evaluated inputs.
  struct Gate {
    torch::Tensor p;                 // [size]; constant one-hot in fixed mode
    std::vector<int64_t> active;     // evaluated inputs of a mix (all in soft mode)
  };
  std::vector<Gate> gates() const;
  torch::Tensor mixed(const std::vector<torch::Tensor> &masks, const torch::Tensor &p) const;

  Supernet net_;
  SupernetArch arch_;
  std::vector<Step> steps_;
  std::vector<std::shared_ptr<torch::nn::Module>> layers_;
  SupernetMode mode_ = SupernetMode::Soft;
  double tau_ = 1;
  std::vector<torch::Tensor> noise_; // gumbel noise of the current hard sample, per label
  Assignment selected_;
  std::vector<int64_t> evaluations_;
  torch::Device maskDevice_ = torch::kCPU;
};
TORCH_MODULE(SupernetNet);

/// The softmax of each label's parameters.
std::vector<std::vector<double>> archWeights(SupernetArch &arch);

/// The most probable sub-network: argmax per label (the top max for inputs, sorted).
Assignment argmaxAssignment(const Supernet &s, const std::vector<std::vector<double>> &weights);

/// A uniform sample: one option per label, a uniform subset of max inputs for inputs.
Assignment uniformAssignment(const Supernet &s, std::mt19937_64 &rng);

} // namespace runtime
} // namespace nasir

#endif // NASIR_RUNTIME_SUPERNET_H
