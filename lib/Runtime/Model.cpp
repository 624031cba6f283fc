//===- Model.cpp - a LibTorch module from a candidate ---------------------===//
#include "lib/Runtime/Internal.h"


namespace nasir {
namespace runtime {

namespace {
std::string shapeStr(at::IntArrayRef s) { return layers::shapeString(s.vec()); }
} // namespace

int64_t parameterCount(torch::nn::Module &m) {
  int64_t n = 0;
  for (const auto &p : m.parameters())
    n += p.numel();
  return n;
}

torch::Tensor asInput(const torch::Tensor &batch, const std::vector<int64_t> &input) {
  if (batch.dim() < 1 || batch.sizes().slice(1) == at::IntArrayRef(input))
    return batch;
  int64_t n = 1;
  for (int64_t d : input)
    n *= d;
  if (batch.numel() != batch.size(0) * n)
    return batch; // the first forward reports the mismatch
  std::vector<int64_t> shape{batch.size(0)};
  shape.insert(shape.end(), input.begin(), input.end());
  return batch.reshape(shape);
}

CandidateNetImpl::CandidateNetImpl(const Candidate &c) : cand_(c) {
  // Shapes of the inputs of each node come from the declared shapes (checked at the first
  // forward); inferShapes is not required here so that a candidate built in code can be used.
  std::map<int64_t, size_t> pos;
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const CandidateNode &n = c.nodes[i];
    std::string where = "node " + std::to_string(n.id) + " (" + n.op + ")";
    Step s;
    std::vector<layers::Shape> inShapes;
    for (int64_t id : n.inputs) {
      auto p = pos.find(id);
      if (p == pos.end())
        throw std::runtime_error(where + ": input " + std::to_string(id) +
                                 " is not an earlier node");
      s.in.push_back(p->second);
      inShapes.push_back(c.nodes[p->second].shape);
    }
    pos[n.id] = i;
    s.shape = n.shape;
    const layers::LayerSchema *schema = layers::findLayer(n.op);
    auto builder = layerBuilders().find(n.op);
    if (!schema || builder == layerBuilders().end())
      throw std::runtime_error(where + ": unknown op");
    if ((int)inShapes.size() < schema->minInputs)
      throw std::runtime_error(where + ": missing input");
    s.isInput = n.op == "input";
    s.isOutput = n.op == "output";
    s.forward = builder->second({n, inShapes, *this, "n" + std::to_string(n.id) + "_" + n.op});
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
  std::vector<torch::Tensor> args;
  for (size_t i = 0; i < steps_.size(); ++i) {
    Step &s = steps_[i];
    torch::Tensor r;
    if (s.isInput) {
      r = x;
    } else {
      args.clear();
      for (size_t j : s.in)
        args.push_back(v[j]);
      r = s.forward(args);
    }
    if (!checked_) {
      if (r.dim() < 1 || r.sizes().slice(1) != at::IntArrayRef(s.shape)) {
        auto got = r.dim() < 1 ? r.sizes() : r.sizes().slice(1);
        const CandidateNode &n = cand_.nodes[i];
        throw std::runtime_error("node " + std::to_string(n.id) + " (" + n.op +
                                 "): output shape " + shapeStr(got) +
                                 " but the candidate declares " + shapeStr(s.shape) +
                                 (s.isInput ? " (the data does not fit the input)" : ""));
      }
    }
    if (observer_)
      observer_(cand_.nodes[i], r);
    v[i] = std::move(r);
    args.clear();
    for (size_t j : s.in)
      if (lastUse_[j] == (int)i && !steps_[j].isInput)
        v[j] = torch::Tensor();
    if (s.isOutput)
      result = v[i];
  }
  checked_ = true;
  return result;
}

} // namespace runtime
} // namespace nasir
