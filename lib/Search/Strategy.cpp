//===- Strategy.cpp - the strategy registry and the search context --------===//
#include "lib/Search/Strategy.h"
#include "lib/Search/Candidate.h"
#include "lib/Transforms/Decisions.h"
#include "llvm/ADT/StringExtras.h"
#include <cmath>

using namespace nasir;
using namespace nasir::search;

Strategy::~Strategy() = default;

int64_t Options::getInt(const std::string &k, int64_t dflt) const {
  read.insert(k);
  auto it = values.find(k);
  if (it == values.end())
    return dflt;
  int64_t v;
  if (!llvm::StringRef(it->second).getAsInteger(10, v))
    return v;
  if (firstError.empty())
    firstError = "--" + k + " expects an integer, got '" + it->second + "'";
  return dflt;
}

double Options::getDouble(const std::string &k, double dflt) const {
  read.insert(k);
  auto it = values.find(k);
  if (it == values.end())
    return dflt;
  double v;
  if (!llvm::StringRef(it->second).getAsDouble(v) && std::isfinite(v))
    return v;
  if (firstError.empty())
    firstError = "--" + k + " expects a number, got '" + it->second + "'";
  return dflt;
}

std::string Options::get(const std::string &k, const std::string &dflt) const {
  read.insert(k);
  auto it = values.find(k);
  return it == values.end() ? dflt : it->second;
}

SearchContext::SearchContext(nas::SpaceOp space, const SpaceModel &model,
                             uint64_t seed, std::vector<Objective> objectives,
                             Options options)
    : space(space), model(model), rng(seed), objectives(std::move(objectives)),
      options(std::move(options)) {
  if (this->objectives.empty())
    this->objectives.push_back({"accuracy", true});
  bounded = model.paramsBound >= 0 || model.flopsBound >= 0;
}

std::string SearchContext::key(const Assignment &a) const {
  return printDecisions(model.toDecisions(a));
}

bool SearchContext::valid(const Assignment &a) {
  if (!bounded)
    return true;
  std::string k = key(a);
  auto it = validity.find(k);
  if (it != validity.end())
    return it->second;
  std::string why;
  bool ok = meetsBounds(space, model, model.toDecisions(a), why);
  validity[k] = ok;
  return ok;
}

std::optional<Assignment> SearchContext::sample() {
  for (int attempt = 0; attempt < 10000; ++attempt) {
    Assignment a = options.get("sampling", "uniform") == "per-decision"
                       ? model.samplePerDecision(rng)
                       : model.sample(rng);
    if (a.empty() && !model.root().sites.empty())
      return std::nullopt;
    if (valid(a))
      return a;
  }
  return std::nullopt;
}

std::optional<Assignment> SearchContext::mutate(const Assignment &parent,
                                                unsigned k) {
  Assignment child;
  std::string error;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    if (!model.mutate(parent, k, rng, child, error))
      return std::nullopt;
    if (valid(child))
      return child;
  }
  return std::nullopt;
}

std::optional<Assignment> SearchContext::crossover(const Assignment &a,
                                                   const Assignment &b) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    Assignment c = model.crossover(a, b, rng);
    if (valid(c))
      return c;
  }
  return mutate(a);
}

void SearchContext::enumerate(
    const std::function<bool(const Assignment &)> &fn) {
  model.enumerate([&](const Assignment &a) { return !valid(a) || fn(a); });
}

std::vector<double> SearchContext::point(const Trial &t) const {
  std::vector<double> p;
  for (const Objective &o : objectives)
    p.push_back(signedValue(t, o));
  return p;
}

std::map<std::string, StrategyRegistration::Entry> &
StrategyRegistration::registry() {
  static std::map<std::string, Entry> strategies;
  return strategies;
}

StrategyRegistration::StrategyRegistration(const char *name,
                                           const char *summary,
                                           StrategyFactory factory) {
  registry()[name] = {summary, std::move(factory)};
}

std::unique_ptr<Strategy> nasir::search::makeStrategy(const std::string &name,
                                                      SearchContext &ctx,
                                                      std::string &error) {
  auto &reg = StrategyRegistration::registry();
  auto it = reg.find(name);
  if (it == reg.end()) {
    error = "unknown strategy '" + name + "' (known:";
    for (auto &[n, e] : reg)
      error += " " + n;
    error += ")";
    return nullptr;
  }
  std::unique_ptr<Strategy> strategy = it->second.factory(ctx, error);
  if (!ctx.options.error().empty()) {
    error = ctx.options.error();
    return nullptr;
  }
  if (!strategy)
    return nullptr;
  // The context reads --sampling while it samples.
  std::string sampling = ctx.options.get("sampling", "uniform");
  if (sampling != "uniform" && sampling != "per-decision") {
    error =
        "--sampling expects uniform or per-decision, got '" + sampling + "'";
    return nullptr;
  }
  return strategy;
}

std::vector<std::string> Options::unread() const {
  std::vector<std::string> out;
  for (auto &[k, v] : values)
    if (!read.count(k))
      out.push_back(k);
  return out;
}
