//===- Predictor.h - an ensemble of small MLPs on sparse encodings -*- C++
//-*-===//
//
// BANANAS' predictor (White et al., AAAI 2021): M independently initialized
// multilayer perceptrons trained on the same (encoding, score) pairs; their
// mean is the prediction, their spread the uncertainty an acquisition
// function trades off against it.
//
// Each net: input -> ReLU(hidden) -> ReLU(hidden) -> linear, trained with
// Adam on the mean squared error of standardized scores, mini-batches,
// L2 weight decay. Inputs are ArchEncoding's set features (one per slot), so
// the first layer costs one row per decision, not the encoding's width.
//
// Hand-written and deterministic: the weights' initialization and the batch
// order come from the seed given to fit() (splitmix64), no threads, no
// LibTorch; the same data and seed give the same predictions.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_PREDICTOR_H
#define NASIR_SEARCH_PREDICTOR_H

#include <cstdint>
#include <vector>

namespace nasir::search {

struct PredictorConfig {
  unsigned members = 5;  ///< nets in the ensemble
  unsigned hidden = 32;  ///< units of each hidden layer
  unsigned epochs = 100; ///< passes over the data per fit
  unsigned batch = 32;   ///< mini-batch size
  double lr = 0.01;      ///< Adam's step size
  double weightDecay = 1e-4;
};

class EnsemblePredictor {
public:
  /// `inputs`: the encoding's width (ArchEncoding::size()).
  EnsemblePredictor(unsigned inputs, PredictorConfig config);

  /// Trains every member from scratch on `x` (set features of each sample)
  /// and `y`. Needs at least one sample.
  void fit(const std::vector<std::vector<unsigned>> &x,
           const std::vector<double> &y, uint64_t seed);

  struct Prediction {
    double mean = 0, sd = 0;
    std::vector<double> members; ///< each member's prediction
  };
  /// The ensemble's prediction, in the units of the fitted scores.
  Prediction predict(const std::vector<unsigned> &x) const;

private:
  struct Net {
    std::vector<double> w1, b1, w2, b2, w3; // w1: inputs x hidden (row major)
    double b3 = 0;
  };
  double forward(const Net &net, const std::vector<unsigned> &x,
                 std::vector<double> *h1 = nullptr,
                 std::vector<double> *h2 = nullptr) const;
  void train(Net &net, const std::vector<std::vector<unsigned>> &x,
             const std::vector<double> &y, uint64_t seed) const;

  unsigned inputs;
  PredictorConfig cfg;
  std::vector<Net> nets;
  double yMean = 0, yScale = 1;
};

} // namespace nasir::search

#endif
