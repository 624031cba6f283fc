//===- Controller.h - an autoregressive policy over decisions ----*- C++ -*-===//
//
// The policy of the REINFORCE strategy (Reinforce.cpp): a recurrent cell
// that takes the space's active decisions one after the other, in canonical
// order, each conditioned on the ones before it (Zoph & Le 2017, with an
// Elman cell instead of their LSTM):
//
//   x_0 = s,  x_t = E[label_{t-1}][value_{t-1}]   (embedding of the choice)
//   h_t = tanh(W h_{t-1} + x_t + b),  h_{-1} = 0
//   p_t = softmax(U[label_t] h_t + c[label_t])    (the label's values)
//
// W, b and s are shared; E, U and c exist per label and are created when a
// label is first met (a conditional decision only when it is active), with
// values drawn from a generator seeded by the seed and the label alone, so
// the policy does not depend on the order labels are met in.
//
// objective() is J = A * sum_t log p_t(value_t) + beta * sum_t H(p_t) over
// the decisions of one sample; its gradient is exact (backpropagation
// through the steps), checked against finite differences in
// test/Search/Unit/ControllerTest.cpp. ascend() takes one Adam step up J.
// Hand-written in doubles: lib/Search does not depend on LibTorch.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_CONTROLLER_H
#define NASIR_SEARCH_CONTROLLER_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <vector>

namespace nasir::search {

class Controller {
public:
  /// One decision of a sample: its label, how many values it has, the one
  /// taken.
  struct Step {
    std::string label;
    unsigned options = 0;
    unsigned value = 0;
  };

  /// Where a sample stands while it is drawn: the hidden state and the
  /// decision before.
  struct Cursor {
    std::vector<double> h;
    std::string prevLabel; ///< empty before the first decision
    unsigned prevValue = 0;
  };

  /// `hidden`: the size of h; `seed`: the initial parameters; `initScale`:
  /// they are uniform in [-initScale, initScale].
  Controller(unsigned hidden, uint64_t seed, double initScale = 0.1);

  Cursor start() const;
  /// The distribution of the decision `label` (with `options` values) after
  /// those `c` has seen; next() then takes `value` for it.
  std::vector<double> distribution(const Cursor &c, llvm::StringRef label,
                                   unsigned options);
  void next(Cursor &c, llvm::StringRef label, unsigned options,
            unsigned value);

  /// J (see the file comment) of `steps`; adds dJ/dtheta to `grad` (resized
  /// to the parameters) when not null.
  double objective(const std::vector<Step> &steps, double advantage,
                   double entropyWeight, std::vector<double> *grad);

  /// One Adam step of size `lr` up `grad` (beta1 0.9, beta2 0.999).
  void ascend(const std::vector<double> &grad, double lr);

  /// Every parameter, flat (for the gradient check); labels add to it.
  std::vector<double> &parameters() { return theta; }
  /// Creates `label`'s parameters if they do not exist yet.
  void ensure(llvm::StringRef label, unsigned options);

private:
  struct LabelParams {
    unsigned options;
    size_t embed, out, bias; ///< offsets into theta
  };
  /// h_t from h_{t-1} and the input x_t of the decision after `prev`.
  void cell(const std::vector<double> &hPrev, const std::string &prevLabel,
            unsigned prevValue, std::vector<double> &h) const;
  void logits(const LabelParams &p, const std::vector<double> &h,
              std::vector<double> &z) const;

  unsigned H;
  uint64_t seed;
  double initScale;
  std::vector<double> theta;
  size_t W = 0, b = 0, s = 0; ///< offsets of the shared parameters
  llvm::StringMap<LabelParams> labels;
  std::vector<double> m, v; ///< Adam's moments
  int64_t steps = 0;
};

} // namespace nasir::search

#endif
