//===- Supernet.cpp - the supernet module: mixes, masks, three modes ------===//
#include "lib/Runtime/Supernet.h"

#include <algorithm>
#include <numeric>

namespace nasir {
namespace runtime {

SupernetArchImpl::SupernetArchImpl(const Supernet &s) {
  for (size_t i = 0; i < s.labels.size(); ++i)
    alphas.push_back(register_parameter("l" + std::to_string(i),
                                        torch::zeros({(int64_t)s.labels[i].size()})));
}

namespace {

std::string nodeName(const layers::CandidateNode &n) {
  return "node " + std::to_string(n.id) + " (" + n.op + ")";
}

/// The centred k-window of a K (or K x K) kernel as 0/1.
torch::Tensor windowMask(int64_t K, int64_t k, int64_t dims) {
  torch::Tensor line = torch::zeros({K});
  line.slice(0, (K - k) / 2, (K - k) / 2 + k).fill_(1.0);
  return dims == 1 ? line : line.unsqueeze(1) * line.unsqueeze(0);
}

/// A convolution whose weight is multiplied by its second argument (the gated kernel window).
LayerForward maskedConv(const layers::CandidateNode &n, std::shared_ptr<torch::nn::Module> m) {
  int64_t s = n.intAttr("stride"), p = n.intAttr("padding"), d = n.intAttr("dilation"),
          g = n.intAttr("groups");
  if (auto c = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(m))
    return [c, s, p, d, g](const std::vector<torch::Tensor> &in) {
      return torch::conv2d(in[0], c->weight * in[1], c->bias, {s, s}, {p, p}, {d, d}, g);
    };
  auto c = std::dynamic_pointer_cast<torch::nn::Conv1dImpl>(m);
  if (!c)
    throw std::runtime_error(nodeName(n) + ": a kernel share needs a convolution");
  return [c, s, p, d, g](const std::vector<torch::Tensor> &in) {
    return torch::conv1d(in[0], c->weight * in[1], c->bias, {s}, {p}, {d}, g);
  };
}

} // namespace

SupernetNetImpl::SupernetNetImpl(const Supernet &s, SupernetArch arch)
    : net_(s), arch_(std::move(arch)) {
  const auto &nodes = net_.graph.nodes;
  std::map<int64_t, size_t> pos;
  for (size_t i = 0; i < nodes.size(); ++i) {
    const layers::CandidateNode &n = nodes[i];
    Step st;
    std::vector<layers::Shape> inShapes;
    for (int64_t id : n.inputs) {
      auto p = pos.find(id);
      if (p == pos.end())
        throw std::runtime_error(nodeName(n) + ": input " + std::to_string(id) +
                                 " is not an earlier node");
      st.in.push_back(p->second);
      inShapes.push_back(nodes[p->second].shape);
    }
    pos[n.id] = i;
    layers_.push_back(nullptr);
    bool mix = n.op == "mix" || n.op == "mix_inputs";
    if (!mix) {
      auto builder = layerBuilders().find(n.op);
      if (builder == layerBuilders().end())
        throw std::runtime_error(nodeName(n) + ": unknown op");
      std::string name = "n" + std::to_string(n.id) + "_" + n.op;
      st.forward = builder->second({n, inShapes, *this, name});
      for (const auto &c : named_children())
        if (c.key() == name)
          layers_.back() = c.value();
    }
    for (const layers::ShareEntry &e : net_.extras[i].share) {
      if (!e.kernel.empty()) {
        int64_t dims = n.op == "conv2d" ? 2 : 1;
        for (int64_t k : e.kernel)
          st.kernelMasks.push_back(windowMask(n.intAttr("kernel"), k, dims));
        st.kernelLabel = e.label;
        st.forward = maskedConv(n, layers_.back());
      }
      if (!e.channels.empty()) {
        std::vector<torch::Tensor> masks;
        for (int64_t c : e.channels) {
          torch::Tensor m = torch::zeros({n.shape[0]});
          m.slice(0, 0, c).fill_(1.0);
          masks.push_back(m);
        }
        st.channelMasks.emplace_back(e.label, std::move(masks));
      }
    }
    steps_.push_back(std::move(st));
  }
  evaluations_.assign(steps_.size(), 0);
  selected_ = layers::defaultAssignment(net_);
}

std::shared_ptr<torch::nn::Module> SupernetNetImpl::layer(size_t position) const {
  return position < layers_.size() ? layers_[position] : nullptr;
}

void SupernetNetImpl::setSoft() { mode_ = SupernetMode::Soft; }

void SupernetNetImpl::sampleHard(double tau) {
  mode_ = SupernetMode::Hard;
  tau_ = tau;
  noise_.clear();
  selected_.assign(net_.labels.size(), {});
  for (size_t l = 0; l < net_.labels.size(); ++l) {
    torch::Tensor a = arch_->alphas[l].detach();
    torch::Tensor u = torch::rand(a.sizes(), a.options()).clamp(1e-10, 1.0 - 1e-7);
    torch::Tensor g = -torch::log(-torch::log(u));
    noise_.push_back(g);
    int64_t k = net_.labels[l].kind == LabelKind::Inputs ? net_.labels[l].max : 1;
    torch::Tensor idx = std::get<1>((a + g).topk(k)).to(torch::kCPU);
    std::vector<int64_t> picks(idx.data_ptr<int64_t>(), idx.data_ptr<int64_t>() + k);
    std::sort(picks.begin(), picks.end());
    selected_[l] = picks;
  }
}

void SupernetNetImpl::setFixed(const Assignment &a) {
  if (a.size() != net_.labels.size())
    throw std::runtime_error("internal: an assignment of " + std::to_string(a.size()) +
                             " labels for a supernet of " + std::to_string(net_.labels.size()));
  mode_ = SupernetMode::Fixed;
  selected_ = a;
}

std::vector<SupernetNetImpl::Gate> SupernetNetImpl::gates() const {
  std::vector<Gate> g(net_.labels.size());
  for (size_t l = 0; l < g.size(); ++l) {
    const torch::Tensor &a = arch_->alphas[l];
    int64_t size = a.size(0);
    if (mode_ == SupernetMode::Soft) {
      g[l].p = torch::softmax(a, 0);
      g[l].active.resize((size_t)size);
      std::iota(g[l].active.begin(), g[l].active.end(), 0);
      continue;
    }
    g[l].active = selected_[l];
    torch::Tensor hot = torch::zeros({size}, a.options().requires_grad(false));
    for (int64_t k : selected_[l])
      hot[k] = 1.0;
    if (mode_ == SupernetMode::Fixed) {
      g[l].p = hot;
      continue;
    }
    // Straight-through: the value is the one-hot, the gradient the softmax's.
    torch::Tensor y = torch::softmax((a + noise_[l]) / tau_, 0);
    g[l].p = hot - y.detach() + y;
  }
  return g;
}

torch::Tensor SupernetNetImpl::mixed(const std::vector<torch::Tensor> &masks,
                                     const torch::Tensor &p) const {
  torch::Tensor m = masks[0] * p[0];
  for (size_t i = 1; i < masks.size(); ++i)
    m = m + masks[i] * p[(int64_t)i];
  return m;
}

torch::Tensor SupernetNetImpl::forward(torch::Tensor x) {
  const auto &nodes = net_.graph.nodes;
  if (maskDevice_ != x.device()) {
    for (Step &s : steps_) {
      for (auto &m : s.kernelMasks)
        m = m.to(x.device());
      for (auto &cm : s.channelMasks)
        for (auto &m : cm.second)
          m = m.to(x.device());
    }
    maskDevice_ = x.device();
  }
  std::vector<Gate> gate = gates();
  // What each node reads (a mix: only its active inputs), what the output needs, and the last
  // reader of each value, after which it is dropped (what backward needs autograd keeps).
  size_t n = steps_.size();
  std::vector<std::vector<size_t>> reads(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t label = net_.extras[i].label;
    if (label < 0)
      reads[i] = steps_[i].in;
    else
      for (int64_t k : gate[(size_t)label].active)
        reads[i].push_back(steps_[i].in[(size_t)k]);
  }
  std::vector<char> needed(n, 0);
  needed[n - 1] = 1;
  std::vector<size_t> lastUse(n, 0);
  for (size_t i = n; i-- > 0;)
    if (needed[i])
      for (size_t j : reads[i]) {
        needed[j] = 1;
        lastUse[j] = std::max(lastUse[j], i);
      }
  std::vector<torch::Tensor> v(n);
  std::vector<torch::Tensor> args;
  for (size_t i = 0; i < n; ++i) {
    if (!needed[i])
      continue;
    ++evaluations_[i];
    const Step &s = steps_[i];
    const layers::CandidateNode &node = nodes[i];
    int64_t label = net_.extras[i].label;
    torch::Tensor r;
    if (node.op == "input") {
      r = x;
    } else if (label >= 0) {
      const Gate &g = gate[(size_t)label];
      bool sum = node.op == "mix_inputs";
      for (int64_t k : g.active) {
        torch::Tensor t = v[s.in[(size_t)k]];
        if (mode_ != SupernetMode::Fixed)
          t = t * g.p[k];
        r = r.defined() ? r + t : t;
      }
      if (sum && mode_ == SupernetMode::Soft)
        r = r * (double)net_.labels[(size_t)label].max;
    } else {
      args.clear();
      for (size_t j : s.in)
        args.push_back(v[j]);
      if (!s.kernelMasks.empty())
        args.push_back(mixed(s.kernelMasks, gate[s.kernelLabel].p));
      r = s.forward(args);
    }
    for (const auto &cm : s.channelMasks) {
      torch::Tensor mask = mixed(cm.second, gate[cm.first].p);
      std::vector<int64_t> shape(r.dim(), 1);
      shape[1] = mask.size(0);
      r = r * mask.view(shape);
    }
    v[i] = std::move(r);
    for (size_t j : reads[i])
      if (lastUse[j] == i)
        v[j] = torch::Tensor();
  }
  return v[n - 1];
}

std::vector<std::vector<double>> archWeights(SupernetArch &arch) {
  std::vector<std::vector<double>> w;
  torch::NoGradGuard ng;
  for (const torch::Tensor &a : arch->alphas) {
    torch::Tensor p = torch::softmax(a.detach().to(torch::kCPU, torch::kFloat64), 0);
    w.emplace_back(p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
  }
  return w;
}

Assignment argmaxAssignment(const Supernet &s, const std::vector<std::vector<double>> &weights) {
  Assignment a(s.labels.size());
  for (size_t l = 0; l < s.labels.size(); ++l) {
    std::vector<int64_t> order(weights[l].size());
    std::iota(order.begin(), order.end(), 0);
    // Ties keep the lower index first.
    std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) {
      return weights[l][(size_t)x] > weights[l][(size_t)y];
    });
    size_t k = s.labels[l].kind == LabelKind::Inputs ? (size_t)s.labels[l].max : 1;
    a[l].assign(order.begin(), order.begin() + (std::ptrdiff_t)k);
    std::sort(a[l].begin(), a[l].end());
  }
  return a;
}

Assignment uniformAssignment(const Supernet &s, std::mt19937_64 &rng) {
  Assignment a(s.labels.size());
  for (size_t l = 0; l < s.labels.size(); ++l) {
    const layers::SupernetLabel &lab = s.labels[l];
    if (lab.kind != LabelKind::Inputs) {
      a[l] = {(int64_t)(rng() % lab.options.size())};
      continue;
    }
    std::vector<int64_t> all((size_t)lab.n);
    std::iota(all.begin(), all.end(), 0);
    for (int64_t i = 0; i < lab.max; ++i) // a partial Fisher-Yates shuffle
      std::swap(all[(size_t)i], all[(size_t)(i + (int64_t)(rng() % (uint64_t)(lab.n - i)))]);
    a[l].assign(all.begin(), all.begin() + lab.max);
    std::sort(a[l].begin(), a[l].end());
  }
  return a;
}

} // namespace runtime
} // namespace nasir
