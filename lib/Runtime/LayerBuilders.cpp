//===- LayerBuilders.cpp - the LibTorch half of the layer table -----------===//
//
// One builder per kind of lib/Layers' table: it registers the layer's
// submodule (if any) on the network under the runtime's name (`n3_conv2d`)
// and returns how the layer computes its output from its inputs.
//
//===----------------------------------------------------------------------===//
#include "lib/Runtime/Internal.h"

namespace nasir {
namespace runtime {

namespace {

using Inputs = std::vector<torch::Tensor>;

/// A layer that applies a function to its one input.
template <torch::Tensor (*Fn)(const torch::Tensor &)> LayerForward unary(const LayerBuild &) {
  return [](const Inputs &in) { return Fn(in[0]); };
}

torch::Tensor relu(const torch::Tensor &x) { return torch::relu(x); }
torch::Tensor relu6(const torch::Tensor &x) { return torch::hardtanh(x, 0.0, 6.0); }
torch::Tensor gelu(const torch::Tensor &x) { return torch::gelu(x); }
torch::Tensor sigmoid(const torch::Tensor &x) { return torch::sigmoid(x); }
torch::Tensor silu(const torch::Tensor &x) { return torch::silu(x); }
torch::Tensor hardswish(const torch::Tensor &x) { return torch::hardswish(x); }
torch::Tensor tanh(const torch::Tensor &x) { return torch::tanh(x); }
torch::Tensor same(const torch::Tensor &x) { return x; }
torch::Tensor flatten(const torch::Tensor &x) { return x.flatten(1); }

/// A layer computed by a registered submodule.
template <typename Holder> LayerForward submodule(const LayerBuild &b, Holder m) {
  auto impl = b.net.register_module(b.name, m);
  return [impl](const Inputs &in) { return impl->forward(in[0]); };
}

template <typename Conv, typename Options> LayerForward conv(const LayerBuild &b) {
  const CandidateNode &n = b.node;
  return submodule(b, Conv(Options(b.inShapes[0][0], n.intAttr("out_channels"), n.intAttr("kernel"))
                               .stride(n.intAttr("stride"))
                               .padding(n.intAttr("padding"))
                               .dilation(n.intAttr("dilation"))
                               .groups(n.intAttr("groups"))
                               .bias(n.boolAttr("bias"))));
}

template <typename Pool, typename Options> LayerForward maxPool(const LayerBuild &b) {
  const CandidateNode &n = b.node;
  return submodule(b, Pool(Options(n.intAttr("kernel"))
                               .stride(n.intAttr("stride"))
                               .padding(n.intAttr("padding"))));
}

template <typename Pool, typename Options> LayerForward avgPool(const LayerBuild &b) {
  const CandidateNode &n = b.node;
  return submodule(b, Pool(Options(n.intAttr("kernel"))
                               .stride(n.intAttr("stride"))
                               .padding(n.intAttr("padding"))
                               .count_include_pad(n.boolAttr("count_include_pad"))));
}

LayerForward linear(const LayerBuild &b) {
  return submodule(b, torch::nn::Linear(
                          torch::nn::LinearOptions(b.inShapes[0].back(), b.node.intAttr("out_features"))
                              .bias(b.node.boolAttr("bias"))));
}

/// BatchNorm2d on [C, H, W]; BatchNorm1d on [C, L] and [F].
LayerForward batchNorm(const LayerBuild &b) {
  const CandidateNode &n = b.node;
  auto o = torch::nn::BatchNormOptions(b.inShapes[0][0])
               .eps(n.attr("eps"))
               .momentum(n.attr("momentum"))
               .affine(n.boolAttr("affine"));
  if (b.inShapes[0].size() == 3)
    return submodule(b, torch::nn::BatchNorm2d(o));
  return submodule(b, torch::nn::BatchNorm1d(o));
}

LayerForward layerNorm(const LayerBuild &b) {
  return submodule(b, torch::nn::LayerNorm(torch::nn::LayerNormOptions(b.inShapes[0])
                                               .eps(b.node.attr("eps"))
                                               .elementwise_affine(b.node.boolAttr("affine"))));
}

LayerForward dropout(const LayerBuild &b) {
  return submodule(b, torch::nn::Dropout(torch::nn::DropoutOptions(b.node.attr("p"))));
}

/// The mean over every dimension after the channels.
LayerForward globalAvgPool(const LayerBuild &b) {
  std::vector<int64_t> dims;
  for (int64_t d = 2; d <= (int64_t)b.inShapes[0].size(); ++d)
    dims.push_back(d);
  return [dims](const Inputs &in) { return in[0].mean(dims); };
}

LayerForward add(const LayerBuild &) {
  return [](const Inputs &in) {
    torch::Tensor r = in[0];
    for (size_t k = 1; k < in.size(); ++k)
      r = r + in[k];
    return r;
  };
}

LayerForward mul(const LayerBuild &) {
  return [](const Inputs &in) {
    torch::Tensor a = in[0], b = in[1];
    if (a.dim() == 4 && b.dim() == 2)
      b = b.unsqueeze(-1).unsqueeze(-1);
    else if (b.dim() == 4 && a.dim() == 2)
      a = a.unsqueeze(-1).unsqueeze(-1);
    return a * b;
  };
}

LayerForward concat(const LayerBuild &) {
  return [](const Inputs &in) { return torch::cat(in, 1); };
}

LayerForward zero(const LayerBuild &b) {
  std::vector<int64_t> shape = b.node.shape;
  return [shape](const Inputs &in) {
    std::vector<int64_t> sz{in[0].size(0)};
    sz.insert(sz.end(), shape.begin(), shape.end());
    return torch::zeros(sz, in[0].options());
  };
}

/// The input node's value is the batch itself (CandidateNetImpl::forward).
LayerForward input(const LayerBuild &) { return nullptr; }

} // namespace

const std::map<std::string, LayerBuilder> &layerBuilders() {
  namespace nn = torch::nn;
  static const std::map<std::string, LayerBuilder> builders = {
      {"input", input},
      {"conv1d", conv<nn::Conv1d, nn::Conv1dOptions>},
      {"conv2d", conv<nn::Conv2d, nn::Conv2dOptions>},
      {"linear", linear},
      {"batch_norm", batchNorm},
      {"layer_norm", layerNorm},
      {"relu", unary<relu>},
      {"relu6", unary<relu6>},
      {"gelu", unary<gelu>},
      {"sigmoid", unary<sigmoid>},
      {"silu", unary<silu>},
      {"hardswish", unary<hardswish>},
      {"tanh", unary<tanh>},
      {"max_pool1d", maxPool<nn::MaxPool1d, nn::MaxPool1dOptions>},
      {"max_pool2d", maxPool<nn::MaxPool2d, nn::MaxPool2dOptions>},
      {"avg_pool1d", avgPool<nn::AvgPool1d, nn::AvgPool1dOptions>},
      {"avg_pool2d", avgPool<nn::AvgPool2d, nn::AvgPool2dOptions>},
      {"global_avg_pool", globalAvgPool},
      {"add", add},
      {"mul", mul},
      {"concat", concat},
      {"identity", unary<same>},
      {"zero", zero},
      {"flatten", unary<flatten>},
      {"dropout", dropout},
      {"output", unary<same>},
  };
  return builders;
}

} // namespace runtime
} // namespace nasir
