//===- Model.cpp - a LibTorch module from a candidate ---------------------===//
#include "lib/Runtime/Internal.h"

#include <sstream>

namespace nasir {
namespace runtime {

namespace {
std::string shapeStr(at::IntArrayRef s) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < s.size(); ++i)
    os << (i ? ", " : "") << s[i];
  os << "]";
  return os.str();
}
} // namespace

int64_t parameterCount(torch::nn::Module &m) {
  int64_t n = 0;
  for (const auto &p : m.parameters())
    n += p.numel();
  return n;
}

CandidateNetImpl::CandidateNetImpl(const Candidate &c) : cand_(c) {
  std::vector<std::vector<int64_t>> shapes;
  std::string err;
  // Shapes of the inputs of each node come from the declared shapes (checked at the first
  // forward); inferShapes is not required here so that a candidate built in code can be used.
  std::map<int64_t, size_t> pos;
  static const std::map<std::string, Kind> kinds = {
      {"input", Kind::Input},         {"conv2d", Kind::Conv},
      {"linear", Kind::Linear},       {"layer_norm", Kind::LayerNorm},
      {"relu", Kind::Relu},           {"relu6", Kind::Relu6},
      {"gelu", Kind::Gelu},           {"sigmoid", Kind::Sigmoid},
      {"silu", Kind::Silu},           {"hardswish", Kind::Hardswish},
      {"tanh", Kind::Tanh},           {"max_pool2d", Kind::MaxPool},
      {"avg_pool2d", Kind::AvgPool},  {"global_avg_pool", Kind::GlobalAvgPool},
      {"add", Kind::Add},             {"mul", Kind::Mul},
      {"concat", Kind::Concat},       {"identity", Kind::Identity},
      {"zero", Kind::Zero},           {"flatten", Kind::Flatten},
      {"dropout", Kind::Dropout},     {"output", Kind::Output}};
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const CandidateNode &n = c.nodes[i];
    std::string where = "node " + std::to_string(n.id) + " (" + n.op + ")";
    Step s;
    for (int64_t id : n.inputs) {
      auto p = pos.find(id);
      if (p == pos.end())
        throw std::runtime_error(where + ": input " + std::to_string(id) +
                                 " is not an earlier node");
      s.in.push_back(p->second);
    }
    pos[n.id] = i;
    s.shape = n.shape;
    std::string name = "n" + std::to_string(n.id) + "_" + n.op;
    auto inShape = [&](size_t k) -> const std::vector<int64_t> & {
      if (k >= s.in.size())
        throw std::runtime_error(where + ": missing input");
      return c.nodes[s.in[k]].shape;
    };
    if (n.op == "batch_norm") {
      s.kind = inShape(0).size() == 3 ? Kind::BatchNorm2d : Kind::BatchNorm1d;
    } else {
      auto k = kinds.find(n.op);
      if (k == kinds.end())
        throw std::runtime_error(where + ": unknown op");
      s.kind = k->second;
    }
    switch (s.kind) {
    case Kind::Conv: {
      auto o = torch::nn::Conv2dOptions(inShape(0)[0], n.intAttr("out_channels"),
                                        n.intAttr("kernel"))
                   .stride(n.intAttr("stride"))
                   .padding(n.intAttr("padding"))
                   .dilation(n.intAttr("dilation"))
                   .groups(n.intAttr("groups"))
                   .bias(n.boolAttr("bias"));
      s.conv = register_module(name, torch::nn::Conv2d(o));
      break;
    }
    case Kind::Linear:
      s.linear = register_module(
          name, torch::nn::Linear(torch::nn::LinearOptions(inShape(0)[0], n.intAttr("out_features"))
                                      .bias(n.boolAttr("bias"))));
      break;
    case Kind::BatchNorm2d:
      s.bn2 = register_module(name, torch::nn::BatchNorm2d(
                                        torch::nn::BatchNormOptions(inShape(0)[0])
                                            .eps(n.attr("eps"))
                                            .momentum(n.attr("momentum"))
                                            .affine(n.boolAttr("affine"))));
      break;
    case Kind::BatchNorm1d:
      s.bn1 = register_module(name, torch::nn::BatchNorm1d(
                                        torch::nn::BatchNormOptions(inShape(0)[0])
                                            .eps(n.attr("eps"))
                                            .momentum(n.attr("momentum"))
                                            .affine(n.boolAttr("affine"))));
      break;
    case Kind::LayerNorm:
      s.ln = register_module(name, torch::nn::LayerNorm(
                                       torch::nn::LayerNormOptions(inShape(0))
                                           .eps(n.attr("eps"))
                                           .elementwise_affine(n.boolAttr("affine"))));
      break;
    case Kind::MaxPool:
      s.maxpool = register_module(
          name, torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(n.intAttr("kernel"))
                                         .stride(n.intAttr("stride"))
                                         .padding(n.intAttr("padding"))));
      break;
    case Kind::AvgPool:
      s.avgpool = register_module(
          name, torch::nn::AvgPool2d(torch::nn::AvgPool2dOptions(n.intAttr("kernel"))
                                         .stride(n.intAttr("stride"))
                                         .padding(n.intAttr("padding"))
                                         .count_include_pad(n.boolAttr("count_include_pad"))));
      break;
    case Kind::Dropout:
      s.dropout =
          register_module(name, torch::nn::Dropout(torch::nn::DropoutOptions(n.attr("p"))));
      break;
    case Kind::Zero:
      s.stride = n.intAttr("stride");
      break;
    default:
      break;
    }
    steps_.push_back(std::move(s));
  }
  lastUse_.assign(steps_.size(), -1);
  for (size_t i = 0; i < steps_.size(); ++i)
    for (size_t j : steps_[i].in)
      lastUse_[j] = (int)i;
}

torch::Tensor CandidateNetImpl::forward(torch::Tensor x) {
  std::vector<torch::Tensor> v(steps_.size());
  torch::Tensor result;
  for (size_t i = 0; i < steps_.size(); ++i) {
    Step &s = steps_[i];
    auto in = [&](size_t k) -> const torch::Tensor & { return v[s.in[k]]; };
    torch::Tensor r;
    switch (s.kind) {
    case Kind::Input:
      r = x;
      break;
    case Kind::Conv:
      r = s.conv->forward(in(0));
      break;
    case Kind::Linear:
      r = s.linear->forward(in(0));
      break;
    case Kind::BatchNorm2d:
      r = s.bn2->forward(in(0));
      break;
    case Kind::BatchNorm1d:
      r = s.bn1->forward(in(0));
      break;
    case Kind::LayerNorm:
      r = s.ln->forward(in(0));
      break;
    case Kind::Relu:
      r = torch::relu(in(0));
      break;
    case Kind::Relu6:
      r = torch::hardtanh(in(0), 0.0, 6.0);
      break;
    case Kind::Gelu:
      r = torch::gelu(in(0));
      break;
    case Kind::Sigmoid:
      r = torch::sigmoid(in(0));
      break;
    case Kind::Silu:
      r = torch::silu(in(0));
      break;
    case Kind::Hardswish:
      r = torch::hardswish(in(0));
      break;
    case Kind::Tanh:
      r = torch::tanh(in(0));
      break;
    case Kind::MaxPool:
      r = s.maxpool->forward(in(0));
      break;
    case Kind::AvgPool:
      r = s.avgpool->forward(in(0));
      break;
    case Kind::GlobalAvgPool:
      r = in(0).mean({2, 3});
      break;
    case Kind::Add:
      r = in(0);
      for (size_t k = 1; k < s.in.size(); ++k)
        r = r + in(k);
      break;
    case Kind::Mul: {
      torch::Tensor a = in(0), b = in(1);
      if (a.dim() == 4 && b.dim() == 2)
        b = b.unsqueeze(-1).unsqueeze(-1);
      else if (b.dim() == 4 && a.dim() == 2)
        a = a.unsqueeze(-1).unsqueeze(-1);
      r = a * b;
      break;
    }
    case Kind::Concat: {
      std::vector<torch::Tensor> ts;
      for (size_t k = 0; k < s.in.size(); ++k)
        ts.push_back(in(k));
      r = torch::cat(ts, 1);
      break;
    }
    case Kind::Identity:
    case Kind::Output:
    case Kind::Flatten:
      r = s.kind == Kind::Flatten ? in(0).flatten(1) : in(0);
      break;
    case Kind::Zero: {
      std::vector<int64_t> sz{in(0).size(0)};
      sz.insert(sz.end(), s.shape.begin(), s.shape.end());
      r = torch::zeros(sz, in(0).options());
      break;
    }
    case Kind::Dropout:
      r = s.dropout->forward(in(0));
      break;
    }
    if (!checked_) {
      if (r.dim() < 1 || r.sizes().slice(1) != at::IntArrayRef(s.shape)) {
        auto got = r.dim() < 1 ? r.sizes() : r.sizes().slice(1);
        const CandidateNode &n = cand_.nodes[i];
        throw std::runtime_error("node " + std::to_string(n.id) + " (" + n.op +
                                 "): output shape " + shapeStr(got) +
                                 " but the candidate declares " + shapeStr(s.shape) +
                                 (s.kind == Kind::Input ? " (the data does not fit the input)"
                                                        : ""));
      }
    }
    v[i] = std::move(r);
    for (size_t j : s.in)
      if (lastUse_[j] == (int)i && steps_[j].kind != Kind::Input)
        v[j] = torch::Tensor();
    if (s.kind == Kind::Output)
      result = v[i];
  }
  checked_ = true;
  return result;
}

} // namespace runtime
} // namespace nasir
