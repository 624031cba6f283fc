//===- ProxyEvaluator.cpp - proxy:NAME, candidates scored at initialization ===//
//
// The jobs started since the last wait() form one batch, scored by one
// nasir-train process (runProxyBatch) under ChildProcess.h's guardian; the
// driver starts up to --jobs of them before it waits, so --jobs is the batch
// size. A trial's metrics are NAME (the score; absent for naswot's singular
// kernel, which ranks it last) and proxy_seconds (its time inside the batch).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/ChildProcess.h"
#include "lib/Search/Evaluator.h"
#include "lib/Search/Experiment.h"
#include "lib/Search/Proxy.h"
#include "lib/Search/Search.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include <algorithm>
#include <fstream>
#include <sys/wait.h>

using namespace nasir;
using namespace nasir::search;

bool nasir::search::isProxyName(const std::string &name) {
  return llvm::is_contained(kProxyNames, name);
}

std::string nasir::search::proxyOfEvaluator(const std::string &evaluator) {
  llvm::StringRef e(evaluator);
  if (!e.consume_front("proxy:") || !isProxyName(e.str()))
    return "";
  return e.str();
}

bool nasir::search::runProxyBatch(const ProxyRunner &r, const std::string &proxy,
                                  const std::vector<std::string> &paths,
                                  const std::string &filesPrefix, double limit,
                                  const std::atomic<bool> *stop,
                                  std::vector<ProxyScore> &scores, std::string &error) {
  std::string list = filesPrefix + ".list";
  {
    std::ofstream os(list, std::ios::binary);
    for (const std::string &p : paths)
      os << p << "\n";
    if (!os.flush()) {
      error = "cannot write " + list;
      return false;
    }
  }
  ChildSpec spec;
  spec.argv = {r.trainBinary, "--proxy", proxy,  "--candidates",       list,
               "--data",      r.data,  "--seed", std::to_string(r.seed), "--device",
               "cpu",         "--progress", "none"};
  if (r.threads > 0) {
    spec.argv.push_back("--threads");
    spec.argv.push_back(std::to_string(r.threads));
  }
  spec.argv.insert(spec.argv.end(), r.trainArgs.begin(), r.trainArgs.end());
  spec.env = environmentWith({});
  spec.stdoutPath = filesPrefix + ".out";
  spec.stderrPath = filesPrefix + ".err";
  spec.exitPath = filesPrefix + ".exit";
  ChildEnd end = runGuarded(spec, limit, stop);
  std::string what = "nasir-train --proxy " + proxy;
  if (!end.started) {
    error = what + ": cannot start a process (fork failed)";
    return false;
  }
  if (end.timedOut || end.stopped) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.1fs", end.seconds);
    error = what + (end.stopped ? ": stopped" : ": timeout after " + std::string(buf));
    return false;
  }
  auto out = llvm::MemoryBuffer::getFile(spec.stdoutPath);
  llvm::SmallVector<llvm::StringRef> lines;
  if (out)
    (*out)->getBuffer().split(lines, '\n', -1, /*KeepEmpty=*/false);
  if (lines.size() != paths.size()) {
    // A failure before the first candidate (the data) is one line that says why.
    Metrics ignored;
    std::string why;
    if (lines.size() == 1 && !parseResultLine(lines[0], ignored, why))
      error = what + ": " + why;
    else
      error = what + ": " + std::to_string(lines.size()) + " result lines for " +
              std::to_string(paths.size()) + " candidates (see " + spec.stderrPath + ")";
    return false;
  }
  scores.assign(paths.size(), {});
  for (size_t i = 0; i < lines.size(); ++i) {
    Metrics m;
    ProxyScore &s = scores[i];
    s.ok = parseResultLine(lines[i], m, s.error, i + 1);
    s.seconds = m.count("seconds") ? m["seconds"] : 0;
    s.hasScore = s.ok && m.count("score");
    s.score = s.hasScore ? m["score"] : 0;
  }
  return true;
}

namespace {

class ProxyEvaluator : public Evaluator {
public:
  ProxyEvaluator(EvaluatorConfig c, std::string proxy) : c(std::move(c)), proxy(std::move(proxy)) {
    runner.trainBinary = this->c.trainBinary;
    runner.data = this->c.data;
    runner.trainArgs = this->c.trainArgs;
    runner.threads = this->c.threads;
    runner.seed = this->c.seed;
  }

  bool needsCandidate() const override { return true; }
  unsigned slots() const override { return (unsigned)std::max<int64_t>(1, c.jobs); }
  unsigned running() const override { return pending.size(); }
  void start(const EvalJob &job) override { pending.push_back(job); }
  void cancelAll() override { pending.clear(); }

  std::vector<EvalOutcome> wait(double) override {
    std::vector<EvalOutcome> done;
    if (pending.empty())
      return done;
    std::vector<std::string> paths;
    double limit = 0;
    for (const EvalJob &j : pending) {
      paths.push_back(j.candidatePath);
      if (j.timeLimit > 0)
        limit = limit > 0 ? std::min(limit, j.timeLimit) : j.timeLimit;
    }
    if (c.timeout > 0) // --timeout is per candidate
      limit = limit > 0 ? std::min(limit, c.timeout * (double)paths.size())
                        : c.timeout * (double)paths.size();
    std::vector<ProxyScore> scores;
    std::string error;
    std::string prefix =
        ExperimentLayout::trialFile(c.workDir, pending.front().trialId, ".proxy");
    bool ran = runProxyBatch(runner, proxy, paths, prefix, limit,
                             &SearchDriver::stopRequested, scores, error);
    for (size_t i = 0; i < pending.size(); ++i) {
      EvalOutcome o;
      o.trialId = pending[i].trialId;
      if (!ran) {
        o.error = error;
      } else {
        o.ok = scores[i].ok;
        o.error = scores[i].error;
        o.seconds = scores[i].seconds;
        o.metrics["proxy_seconds"] = scores[i].seconds;
        if (scores[i].hasScore)
          o.metrics[proxy] = scores[i].score;
        else if (o.ok)
          o.metrics[proxy + "_singular"] = 1;
      }
      done.push_back(std::move(o));
    }
    pending.clear();
    return done;
  }

private:
  EvaluatorConfig c;
  std::string proxy;
  ProxyRunner runner;
  std::vector<EvalJob> pending;
};

std::unique_ptr<Evaluator> makeProxyEvaluator(const EvaluatorConfig &c, const SpaceModel &,
                                              std::string &error) {
  std::string proxy = proxyOfEvaluator(c.kind);
  if (proxy.empty()) {
    error = "unknown proxy in --evaluator " + c.kind;
    return nullptr;
  }
  if (c.trainBinary.empty()) {
    error = "the proxy evaluator needs nasir-train (next to nasir or on PATH)";
    return nullptr;
  }
  if (c.data.empty()) {
    error = "the proxy evaluator needs a dataset (--data SPEC)";
    return nullptr;
  }
  return std::make_unique<ProxyEvaluator>(c, proxy);
}

EvaluatorRegistration synflow("proxy:synflow",
                              "synflow at initialization (nasir-train --proxy; --jobs "
                              "candidates per process)",
                              makeProxyEvaluator);
EvaluatorRegistration snip("proxy:snip",
                           "snip on one batch at initialization (nasir-train --proxy)",
                           makeProxyEvaluator);
EvaluatorRegistration naswot("proxy:naswot",
                             "naswot (ReLU-code kernel log-det) on one batch (nasir-train "
                             "--proxy)",
                             makeProxyEvaluator);

} // namespace
