//===- ProxyWarmStart.cpp - --warm-start-proxy N: the proxy's best go first -===//
#include "lib/Search/Candidate.h"
#include "lib/Search/Experiment.h"
#include "lib/Search/Proxy.h"
#include "lib/Support/LimitedJson.h"
#include "lib/Support/ShortestJson.h"
#include "lib/Transforms/Decisions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <numeric>
#include <set>

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

int64_t nasir::search::defaultProxyTop(int64_t sample) {
  return std::max<int64_t>(1, sample / 10);
}

namespace {

/// Of a stored phase: the decisions chosen, best first, with their scores.
bool chosenOfPhase(const std::string &text, const std::string &proxy, const SpaceModel &model,
                   MLIRContext *mctx, std::vector<Assignment> &first,
                   std::vector<Metrics> &metrics, std::string &error) {
  auto v = parseJsonLimited(text);
  const llvm::json::Object *o = v ? v->getAsObject() : nullptr;
  const llvm::json::Array *chosen = o ? o->getArray("first") : nullptr;
  if (!chosen) {
    if (!v)
      llvm::consumeError(v.takeError());
    error = "the store's 'proxy' phase is damaged (no list 'first')";
    return false;
  }
  for (const llvm::json::Value &e : *chosen) {
    const llvm::json::Object *c = e.getAsObject();
    auto decisions = c ? c->getString("decisions") : std::nullopt;
    auto score = c ? c->getNumber("score") : std::nullopt;
    Assignment a;
    DictionaryAttr d = decisions ? parseDecisions(mctx, *decisions, error) : DictionaryAttr();
    if (!d || !model.fromDecisions(d, a, error)) {
      error = "the store's 'proxy' phase is damaged: " + error;
      return false;
    }
    first.push_back(std::move(a));
    metrics.push_back(score ? Metrics{{proxy, *score}} : Metrics{});
  }
  return true;
}

} // namespace

bool nasir::search::proxyWarmStart(nas::SpaceOp space, const SpaceModel &model,
                                   const CanonOptions &canon, uint64_t seed,
                                   const ProxyWarmStart &w, Store &store,
                                   std::vector<Assignment> &first,
                                   std::vector<Metrics> &firstMetrics, std::string &error) {
  MLIRContext *mctx = space.getContext();
  std::string stored;
  if (!store.loadPhase(kProxyPhase, stored)) {
    error = "store: " + store.lastError();
    return false;
  }
  if (!stored.empty())
    return chosenOfPhase(stored, w.proxy, model, mctx, first, firstMetrics, error);

  // N distinct valid networks, from a generator that is not the strategy's.
  SearchContext ctx(space, model, seed ^ 0x9e3779b97f4a7c15ull, {{w.proxy, true}}, Options{});
  std::vector<Assignment> sampled;
  std::vector<std::string> decisions, paths;
  std::set<std::string> seen;
  llvm::sys::fs::create_directories(w.workDir);
  for (int64_t attempt = 0; (int64_t)sampled.size() < w.sample && attempt < 20 * w.sample;
       ++attempt) {
    std::optional<Assignment> a = ctx.sample();
    if (!a)
      break;
    DictionaryAttr d = model.toDecisions(*a);
    PreparedCandidate pc = prepareCandidate(space, d, canon, true);
    if (!pc.error.empty() || !seen.insert(pc.fingerprint).second)
      continue;
    std::string path =
        w.workDir + "/proxy-" + std::to_string(sampled.size() + 1) + ".json";
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec) {
      error = "--warm-start-proxy: cannot write " + path + ": " + ec.message();
      return false;
    }
    os << pc.candidateJson << "\n";
    sampled.push_back(std::move(*a));
    decisions.push_back(printDecisions(d));
    paths.push_back(path);
  }
  if (sampled.empty()) {
    error = "--warm-start-proxy: the space gave no valid candidate to score";
    return false;
  }
  std::vector<ProxyScore> scores;
  std::string why;
  if (!runProxyBatch(w.runner, w.proxy, paths, w.workDir + "/proxy-warm-start", 0, nullptr,
                     scores, why)) {
    error = "--warm-start-proxy: " + why;
    return false;
  }
  // Best first; ties keep the sampling order; unscored ones never go first.
  std::vector<size_t> order(sampled.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (scores[a].hasScore != scores[b].hasScore)
      return scores[a].hasScore;
    return scores[a].hasScore && scores[a].score > scores[b].score;
  });
  int64_t top = w.top > 0 ? w.top : defaultProxyTop(w.sample);
  llvm::json::Array all, chosen;
  for (size_t i = 0; i < sampled.size(); ++i) {
    llvm::json::Object e{{"decisions", decisions[i]}, {"seconds", scores[i].seconds}};
    if (scores[i].hasScore)
      e["score"] = scores[i].score;
    if (!scores[i].error.empty())
      e["error"] = scores[i].error;
    all.push_back(std::move(e));
  }
  for (size_t i : order) {
    if ((int64_t)first.size() >= top || !scores[i].hasScore)
      break;
    chosen.push_back(llvm::json::Object{{"decisions", decisions[i]}, {"score", scores[i].score}});
    first.push_back(sampled[i]);
    firstMetrics.push_back({{w.proxy, scores[i].score}});
  }
  if (first.empty()) {
    error = "--warm-start-proxy: no sampled candidate got a " + w.proxy + " score (first: " +
            (scores[0].error.empty() ? "no score" : scores[0].error) + ")";
    return false;
  }
  llvm::json::Object phase{{"proxy", w.proxy},
                           {"sampled", (int64_t)sampled.size()},
                           {"top", top},
                           {"candidates", std::move(all)},
                           {"first", std::move(chosen)}};
  std::string text = printJson(llvm::json::Value(std::move(phase)));
  if (!store.savePhase(kProxyPhase, text)) {
    error = "store: " + store.lastError();
    return false;
  }
  return true;
}
