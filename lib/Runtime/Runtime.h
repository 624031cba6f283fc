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

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nasir {
namespace runtime {

/// One node of a candidate. `attrs` holds every attribute of the op (bools as 0/1), the
/// optional ones filled with their defaults by parseCandidate.
struct CandidateNode {
  int64_t id = 0;
  std::string op;
  std::vector<int64_t> inputs; ///< ids of earlier nodes
  std::vector<int64_t> shape;  ///< result shape without the batch dimension
  std::map<std::string, double> attrs;

  /// The attribute `name` (0 if absent: parseCandidate fills every attribute of the op).
  double attr(const std::string &name) const;
  int64_t intAttr(const std::string &name) const { return (int64_t)attr(name); }
  bool boolAttr(const std::string &name) const { return attr(name) != 0.0; }
};

struct Candidate {
  std::string format = "nasir-candidate";
  int64_t version = 1;
  std::string space;                            ///< informational
  std::map<std::string, std::string> decisions; ///< informational (values as JSON text)
  std::vector<int64_t> input;
  int64_t numClasses = 0;
  std::vector<CandidateNode> nodes;
};

/// The limits of a candidate document: its JSON nests 4 deep; a network of thousands of nodes
/// takes a few MB.
inline constexpr unsigned kMaxCandidateDepth = 64;
inline constexpr size_t kMaxCandidateBytes = size_t(64) << 20;

/// Parses and validates a candidate (format, version, topology, ops, attributes, and the
/// declared shapes against shapes inferred from the input). Errors name the field or the node,
/// e.g. `node 3 (conv2d): missing attribute "out_channels"`, or where the JSON is bad.
bool parseCandidate(const std::string &json, Candidate &out, std::string &error);
bool loadCandidateFile(const std::string &path, Candidate &out, std::string &error);

/// Checks the structure and infers every node's shape from the input shape; `shapes[i]` is the
/// shape of nodes[i]. Fails on a mismatch with a declared shape. (parseCandidate calls it.)
bool inferShapes(const Candidate &c, std::vector<std::vector<int64_t>> &shapes,
                 std::string &error);

/// Trainable parameter count, equal to sum(p.numel()) of the model built from `c`.
int64_t countParameters(const Candidate &c);

/// Forward FLOPs for one sample, the cost model of docs/design.md: 1 multiply-add = 2 FLOPs, a
/// bias add or an element-wise op 1 per output element (add: n-1), normalizations 2 per element,
/// pooling 1 per window element, structure ops 0.
int64_t countFlops(const Candidate &c);

/// What a dataset spec binds: the input shape (without batch) and the number of classes.
/// Specs: `mnist[:DIR]`, `fashion-mnist[:DIR]`, `cifar10:DIR`, `cifar100:DIR`, `digits[:FILE]`,
/// `csv:FILE[:label=NAME]`. A candidate may also use the flattened shape `[prod(shape)]`.
struct DatasetInfo {
  std::string name;
  std::vector<int64_t> shape;
  int64_t numClasses = 0;
  int64_t trainSize = 0; ///< before the validation split
  int64_t testSize = 0;
  std::string source; ///< the folder or file read
};
bool datasetInfo(const std::string &spec, DatasetInfo &out, std::string &error);

/// Checks that a candidate fits a dataset (input shape, or its flattened form, and classes).
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
  int64_t params = 0, flops = 0;
  double trainSeconds = 0;
};

/// Trains and evaluates; never throws. The result's json is what nasir-train prints.
TrainResult train(const Candidate &c, const TrainOptions &opts);

/// The whole `nasir-train` command: parses arguments, trains, prints exactly one JSON line on
/// stdout (progress on stderr). Returns 0 on status ok, 1 on failure, 2 on a usage error.
int trainMain(int argc, char **argv);

/// Sets LibTorch's thread count (0: the core count) and glibc malloc thresholds that keep
/// multi-MB tensor buffers from being returned to the OS on every step.
void configureProcess(int64_t threads);

} // namespace runtime
} // namespace nasir

#endif // NASIR_RUNTIME_RUNTIME_H
