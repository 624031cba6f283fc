//===- Proxy.h - training-free proxies, from the search's side --*- C++ -*-===//
//
// The runtime scores a candidate at initialization on one batch
// (lib/Runtime/Proxies.h: synflow, snip, naswot) in milliseconds, but
// nasir-train takes far longer to start (LibTorch). So the search always
// scores candidates in batches, one nasir-train process per batch:
// `nasir-train --proxy NAME --candidates LIST`, one JSON line per file.
//
//   --evaluator proxy:NAME  (ProxyEvaluator.cpp) each trial's metric NAME
//       is the score; the jobs that --jobs lets start together form one
//       batch. Objective: max:NAME unless --objective says otherwise.
//   --warm-start-proxy N    (ProxyWarmStart.cpp) N valid candidates are
//       sampled (a generator of their own: the strategy's is untouched) and
//       scored in one batch; the best --proxy-top of them become the
//       search's first candidates (SearchConfig::firstCandidates), best
//       first, each carrying its score as metric NAME. Every score is kept
//       in the store's "proxy" phase, so --resume scores nothing again.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_PROXY_H
#define NASIR_SEARCH_PROXY_H

#include "lib/Search/Store.h"
#include "lib/Search/Strategy.h"
#include "lib/Transforms/Canonicalize.h"
#include <atomic>
#include <string>
#include <vector>

namespace nasir::search {

/// The proxies nasir-train --proxy computes (lib/Runtime/Proxies.h names
/// them for the runtime, which the search does not link).
inline const std::vector<std::string> kProxyNames = {"synflow", "snip", "naswot"};
bool isProxyName(const std::string &name);
/// "proxy:NAME" -> NAME; "" when `evaluator` is not a proxy evaluator.
std::string proxyOfEvaluator(const std::string &evaluator);

/// How to run nasir-train for a batch.
struct ProxyRunner {
  std::string trainBinary, data;
  std::vector<std::string> trainArgs; ///< --train-args
  int64_t threads = 0;                ///< 0: nasir-train's default
  uint64_t seed = 0;
};

struct ProxyScore {
  bool ok = false;
  bool hasScore = false; ///< false: naswot's singular kernel (log-det -inf)
  double score = 0, seconds = 0;
  std::string error; ///< when !ok
};

/// Scores the candidate files `paths` with one `nasir-train --proxy NAME
/// --candidates LIST` process (LIST, stdout and stderr are written to
/// `filesPrefix` + .list/.out/.err). `scores` gets one entry per path. False
/// with `error` when the process gave no usable answer (it could not start,
/// timed out after `limit` seconds (0: none), was stopped, or its output has
/// the wrong number of lines).
bool runProxyBatch(const ProxyRunner &runner, const std::string &proxy,
                   const std::vector<std::string> &paths, const std::string &filesPrefix,
                   double limit, const std::atomic<bool> *stop,
                   std::vector<ProxyScore> &scores, std::string &error);

/// The store phase that --warm-start-proxy fills.
inline constexpr const char *kProxyPhase = "proxy";

struct ProxyWarmStart {
  std::string proxy;
  int64_t sample = 0; ///< N candidates scored
  int64_t top = 0;    ///< how many go first; 0: defaultProxyTop(sample)
  ProxyRunner runner;
  std::string workDir; ///< STORE.trials: the candidate files and the batch's output
};

/// The rule when --proxy-top is not given: the best tenth, at least one.
int64_t defaultProxyTop(int64_t sample);

/// Samples `w.sample` distinct valid candidates with a generator seeded from
/// `seed` (not the strategy's), scores them in one batch, records every
/// score in the store's "proxy" phase and returns the best `top`, best
/// first, in `first` (and each one's score as metric NAME in
/// `firstMetrics`). When the phase is already stored (--resume), returns
/// what it chose without scoring again. False with `error` when the batch
/// fails or no sampled candidate could be scored.
bool proxyWarmStart(nas::SpaceOp space, const SpaceModel &model, const CanonOptions &canon,
                    uint64_t seed, const ProxyWarmStart &w, Store &store,
                    std::vector<Assignment> &first, std::vector<Metrics> &firstMetrics,
                    std::string &error);

} // namespace nasir::search

#endif
