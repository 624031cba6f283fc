//===- OneShotDarts.cpp - DARTS: bilevel training of a soft supernet ------===//
//
// Liu et al., "DARTS: Differentiable Architecture Search" (ICLR 2019): each
// step updates the architecture on a validation batch, then the weights on the
// train batch, both through the soft mix. First order takes the validation
// gradient at the current weights; second order at the weights after one
// virtual SGD step, with the finite-difference Hessian-vector product of the
// paper's eq. 8: grad_a L_val(w') - xi (grad_a L_train(w+) - grad_a L_train(w-)) / 2 eps,
// w+- = w +- eps grad_w' L_val(w'), eps = 0.01 / |grad_w' L_val(w')|.
//
//===----------------------------------------------------------------------===//
#include "lib/Runtime/OneShot.h"

namespace nasir {
namespace runtime {

namespace {

/// Gradients of `loss` wrt `of`, zeros where unused.
std::vector<torch::Tensor> gradients(const torch::Tensor &loss,
                                     const std::vector<torch::Tensor> &of) {
  auto g = torch::autograd::grad({loss}, of, {}, /*retain_graph=*/false, /*create_graph=*/false,
                                 /*allow_unused=*/true);
  for (size_t i = 0; i < g.size(); ++i)
    if (!g[i].defined())
      g[i] = torch::zeros_like(of[i]);
  return g;
}

class Darts : public OneShotMethod {
public:
  explicit Darts(bool secondOrder) : secondOrder_(secondOrder) {}

  torch::Tensor step(OneShotContext &c, const torch::Tensor &x, const torch::Tensor &y) override {
    c.net->setSoft();
    auto [xv, yv] = c.val.next();
    if (secondOrder_)
      archStep(c, [&] { unrolledArchGradient(c, x, y, xv, yv); });
    else
      archStep(c, [&] { batchLoss(c, xv, yv).backward(); });
    return weightStep(c, x, y);
  }

  void prepareEvaluation(OneShotContext &c) override { c.net->setSoft(); }

private:
  bool secondOrder_;
};

} // namespace

void unrolledArchGradient(OneShotContext &c, const torch::Tensor &x, const torch::Tensor &y,
                          const torch::Tensor &xv, const torch::Tensor &yv) {
  std::vector<torch::Tensor> &w = c.weights;
  const std::vector<torch::Tensor> &alphas = c.arch->alphas;
  double xi = c.lr;
  std::vector<torch::Tensor> saved;
  for (auto &p : w)
    saved.push_back(p.detach().clone());
  // w' = w - xi (grad_w L_train + wd w)
  auto gTrain = gradients(batchLoss(c, x, y), w);
  {
    torch::NoGradGuard ng;
    for (size_t i = 0; i < w.size(); ++i)
      w[i].sub_(xi * (gTrain[i] + c.weightDecay * w[i]));
  }
  std::vector<torch::Tensor> all = w;
  all.insert(all.end(), alphas.begin(), alphas.end());
  auto gVal = gradients(batchLoss(c, xv, yv), all);
  torch::Tensor norm = torch::zeros({}, w.empty() ? torch::TensorOptions() : w[0].options());
  for (size_t i = 0; i < w.size(); ++i)
    norm = norm + gVal[i].pow(2).sum();
  double eps = 0.01 / std::max(std::sqrt(norm.item<double>()), 1e-12);
  auto alphaGradAt = [&](double sign) {
    {
      torch::NoGradGuard ng;
      for (size_t i = 0; i < w.size(); ++i)
        w[i].copy_(saved[i] + sign * eps * gVal[i]);
    }
    return gradients(batchLoss(c, x, y), alphas);
  };
  auto gPlus = alphaGradAt(1.0), gMinus = alphaGradAt(-1.0);
  torch::NoGradGuard ng;
  for (size_t i = 0; i < w.size(); ++i)
    w[i].copy_(saved[i]);
  for (size_t l = 0; l < alphas.size(); ++l) {
    torch::Tensor g = gVal[w.size() + l] - xi * (gPlus[l] - gMinus[l]) / (2 * eps);
    alphas[l].mutable_grad() = g;
  }
}

std::unique_ptr<OneShotMethod> makeDarts(bool secondOrder) {
  return std::make_unique<Darts>(secondOrder);
}

} // namespace runtime
} // namespace nasir
