//===- Runtime.h - nasir LibTorch runtime, public interface -----*- C++ -*-===//
//
// The runtime half of nasir: it reads a candidate (docs/candidate-format.md), builds a LibTorch
// model from it, and trains/evaluates it on a dataset. This header is plain C++17 (no torch or
// json types, no exceptions cross it), so that code compiled without exceptions (the MLIR side)
// can call it. Every function reports failure through its return value and an error string.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_RUNTIME_RUNTIME_H
#define NASIR_RUNTIME_RUNTIME_H

#include "lib/Layers/Candidate.h"
#include "lib/Layers/Supernet.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nasir {
namespace runtime {

// The candidate document and its reader (lib/Layers), under the runtime's names.
using layers::Candidate;
using layers::CandidateNode;
using layers::countFlops;
using layers::countMacs;
using layers::countParameters;
using layers::inferShapes;
using layers::kMaxCandidateBytes;
using layers::kMaxCandidateDepth;
using layers::loadCandidateFile;
using layers::parseCandidate;

/// What a dataset spec binds: the input shape (without batch) and the number of classes.
/// Specs: `mnist[:DIR]`, `fashion-mnist[:DIR]`, `cifar10:DIR`, `cifar100:DIR`, `digits[:FILE]`,
/// `csv:FILE[:label=NAME]`. A candidate may take any input shape of as many elements.
struct DatasetInfo {
  std::string name;
  std::vector<int64_t> shape;
  int64_t numClasses = 0;
  int64_t trainSize = 0; ///< before the validation split
  int64_t testSize = 0;
  std::string source; ///< the folder or file read
  /// The input contract: the network sees (raw / inputScale - inputMean[c]) /
  /// inputStd[c], in float32, where a sample's values are split into
  /// inputMean.size() equal slices c (the channels of an image, the
  /// features of a table) and `raw` is the sample as `rawFormat` says the
  /// dataset stores it. Fixed for the image datasets; computed from the
  /// training part (all but the test split) for digits and csv.
  double inputScale = 1;
  std::vector<double> inputMean, inputStd;
  std::string rawFormat;
};
/// What `spec` gives, without loading the images; `testFraction` is the test
/// split of digits and csv (their normalization is computed without it).
bool datasetInfo(const std::string &spec, DatasetInfo &out, std::string &error,
                 double testFraction = 0.2);

/// Checks that a candidate fits a dataset: its input has as many elements as a sample (the
/// runtime reshapes each batch to the candidate's input) and the classes agree.
bool checkCandidateFitsDataset(const Candidate &c, const DatasetInfo &d, std::string &error);

struct TrainOptions {
  std::string candidatePath;
  std::string data;          ///< dataset spec
  int64_t epochs = 2;
  int64_t batchSize = 128;
  std::string optimizer = "sgd"; ///< sgd | adamw
  double lr = -1;                ///< <0: 0.05 for sgd, 1e-3 for adamw
  double momentum = 0.9;         ///< sgd (Nesterov)
  double weightDecay = -1;       ///< <0: 5e-4 for sgd, 0.05 for adamw
  int64_t warmupSteps = -1;      ///< <0: use warmupEpochs
  double warmupEpochs = 0.0;
  double minLr = 0.0;            ///< end of the cosine schedule
  std::string device = "auto";   ///< auto | cpu | cuda
  int64_t threads = 0;           ///< 0: the machine's core count
  uint64_t seed = 0;
  bool amp = false;              ///< float16 autocast + dynamic loss scaling (CUDA only)
  double maxTime = 0;            ///< seconds of training; 0: none. Exceeding it is a failure.
  double valFraction = 0.1;
  double testFraction = 0.2;     ///< only for datasets without a test split (digits, csv)
  std::string savePath;
  std::string loadPath;
  int64_t evalBatchSize = 0;     ///< 0: 2 x batchSize
  double divergeLoss = 1e3;      ///< a training loss above this is a divergence
  int progress = -1;             ///< -1: bar if stderr is a TTY; 0: plain lines; 1: bar
  int64_t maxStepsPerEpoch = 0;  ///< 0: all (for tests and benchmarks)
  bool quiet = false;            ///< no progress output at all
  bool infoOnly = false;         ///< --info: print the dataset's info JSON, train nothing
  bool describeOnly = false;     ///< --describe: build the model, print its params/FLOPs
  std::string exportOnnxPath;    ///< --export-onnx: write the model as ONNX (OnnxExport.h), train nothing
  // One-shot training of a supernet (a version-2 document; docs/candidate-format.md).
  std::string oneshot;           ///< darts | gdas | spos; empty: a candidate
  bool secondOrder = false;      ///< darts: the finite-difference unrolled gradient
  double archLr = 3e-4;          ///< Adam(0.5, 0.999) of the architecture parameters
  double archWeightDecay = 1e-3;
  double tauMax = 10, tauMin = 0.1; ///< gdas: the temperature, linear over the epochs
  bool resume = false;           ///< continue from --save's checkpoint when it exists
  int64_t stopAfterEpochs = 0;   ///< one-shot: end this run after N epochs (0: run all)
  /// one-shot: end the training at the first step past SECONDS (the epoch is
  /// evaluated and saved as if it had ended there); 0: none. Unlike maxTime,
  /// reaching it is a success.
  double timeBudget = 0;
  std::string scorePath;         ///< --score: sub-networks (JSON lines) scored with --load
  int64_t calibBatches = 20;     ///< --score: batch-norm recalibration batches
  int64_t scoreBatches = 0;      ///< --score: validation batches per sub-network; 0: all
  // Training-free proxies (lib/Runtime/Proxies.h).
  std::string proxy;             ///< --proxy synflow | snip | naswot; empty: train
  std::string candidateList;     ///< --candidates: a file of candidate paths, one a line
};

/// Parses `CANDIDATE.json --data SPEC [options]`; `--help` sets error to the usage text and
/// returns false with `help` set.
bool parseTrainArgs(int argc, char **argv, TrainOptions &out, std::string &error,
                    bool *help = nullptr);
std::string trainUsage();

struct TrainResult {
  bool ok = false;
  std::string reason;   ///< when !ok
  std::string json;     ///< the one-line JSON result (status ok or failed)
  double valAccuracy = 0, testAccuracy = 0, loss = 0;
  int64_t params = 0, flops = 0, macs = 0;
  double trainSeconds = 0;
};

/// Trains and evaluates; never throws. The result's json is what nasir-train prints.
TrainResult train(const Candidate &c, const TrainOptions &opts);

/// nasir-train --oneshot: trains a supernet; the result's json is the one-shot JSON line.
TrainResult trainOneShot(const layers::Supernet &s, const TrainOptions &opts);

/// nasir-train --score: scores sub-networks of a trained supernet (--load).
TrainResult scoreSubnets(const layers::Supernet &s, const TrainOptions &opts);

/// The whole `nasir-train` command: parses arguments, trains, prints exactly one JSON line on
/// stdout (progress on stderr). Returns 0 on status ok, 1 on failure, 2 on a usage error.
int trainMain(int argc, char **argv);

/// Sets LibTorch's thread count (0: the core count) and glibc malloc thresholds that keep
/// multi-MB tensor buffers from being returned to the OS on every step.
void configureProcess(int64_t threads);

} // namespace runtime
} // namespace nasir

#endif // NASIR_RUNTIME_RUNTIME_H
