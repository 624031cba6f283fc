//===- Proxies.h - training-free scores of a network at initialization -*- C++ -*-===//
//
// Three zero-cost proxies, each computed on a freshly initialized network
// and (but synflow) one batch of training data, in milliseconds:
//
//   synflow  Tanaka et al. 2020: every parameter replaced by its absolute
//            value, the network in float64 and eval mode (batch norm with its
//            initial statistics, dropout off), R = sum of the outputs for an
//            all-ones input of batch 1; score = sum over parameters of
//            |theta * dR/dtheta|. Data-free.
//   snip     Lee et al. 2019: the cross-entropy gradient on the batch (train
//            mode); score = sum of |g * w| over the weights of convolutions
//            and linear layers (parameters of two or more dimensions).
//   naswot   Mellor et al. 2021 (ICML version, "NASWOT"): each sample's
//            binary code of which ReLU units are positive (relu and relu6
//            layers, train mode, no gradient); the kernel
//            K[i][j] = N_A - hamming(c_i, c_j) (N_A: units); score = log|det K|
//            (float64 slogdet). A singular kernel (two samples with the same
//            code, e.g. every unit active) has log-det -inf: score null.
//
// nasir-train --proxy NAME scores one candidate, or every candidate that
// --candidates LIST names, in one process, one JSON line each.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_RUNTIME_PROXIES_H
#define NASIR_RUNTIME_PROXIES_H

#include "lib/Runtime/Internal.h"

#include <ostream>

namespace nasir {
namespace runtime {

enum class Proxy { Synflow, Snip, Naswot };

/// "synflow", "snip", "naswot", in this order.
const std::vector<std::string> &proxyNames();
bool parseProxy(const std::string &name, Proxy &out);
const char *proxyName(Proxy p);

/// The scores. Each changes the network (synflow: absolute float64 weights;
/// snip: gradients; naswot: batch-norm statistics): build a fresh one per call.
/// `input` is the candidate's input shape without the batch.
double synflowScore(CandidateNetImpl &net, const std::vector<int64_t> &input,
                    torch::Device dev = torch::kCPU);
double snipScore(CandidateNetImpl &net, const torch::Tensor &x, const torch::Tensor &y);
/// -inf for a singular kernel; throws TrainFailure when the network has no
/// ReLU unit.
double naswotScore(CandidateNetImpl &net, const torch::Tensor &x);

/// `p` of the candidate `c`, on a network initialized under `seed`.
double proxyScore(Proxy p, const Candidate &c, const torch::Tensor &x, const torch::Tensor &y,
                  uint64_t seed, torch::Device dev);

/// nasir-train --proxy: scores opts.candidatePath, or each file listed in
/// opts.candidateList (one path a line), on the first --batch-size samples of
/// a seeded shuffle of the training split. Writes one JSON line per candidate
/// to `out`, in order; 0 when every candidate was scored, 1 otherwise.
int scoreProxies(const TrainOptions &opts, std::ostream &out);

} // namespace runtime
} // namespace nasir

#endif // NASIR_RUNTIME_PROXIES_H
