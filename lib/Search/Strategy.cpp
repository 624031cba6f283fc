//===- Strategy.cpp - the strategy registry and the search context --------===//
#include "lib/Search/Strategy.h"
#include "lib/Search/Candidate.h"
#include "lib/Transforms/Decisions.h"
#include "llvm/ADT/StringExtras.h"
#include <cmath>

using namespace nasir;
using namespace nasir::search;

Strategy::~Strategy() = default;

const std::vector<cli::Option> &nasir::search::commonOptions() {
  static const std::vector<cli::Option> options = {
      {"sampling",
       cli::ValueKind::Choice,
       "uniform",
       "how fresh candidates are drawn: uniform over candidates, or each "
       "active decision uniformly",
       {"uniform", "per-decision"}}};
  return options;
}

std::string Options::text(const std::string &k) const {
  const cli::Option *option = nullptr;
  for (const cli::Option &o : declared)
    if (o.name == k)
      option = &o;
  auto it = values.find(k);
  if (it == values.end())
    return option ? option->defaultValue : "";
  cli::Option integer{k, cli::ValueKind::Integer, "", ""};
  std::string normalized, error;
  if (cli::checkValue(option ? *option : integer, it->second, normalized,
                      error))
    return normalized;
  if (firstError.empty())
    firstError = error;
  return option ? option->defaultValue : "";
}

int64_t Options::getInt(const std::string &k) const {
  int64_t v = 0;
  llvm::StringRef(text(k)).getAsInteger(10, v);
  return v;
}

double Options::getDouble(const std::string &k) const {
  double v = 0;
  llvm::StringRef(text(k)).getAsDouble(v);
  return v;
}

std::string Options::get(const std::string &k) const { return text(k); }

SearchContext::SearchContext(nas::SpaceOp space, const SpaceModel &model,
                             uint64_t seed, std::vector<Objective> objectives,
                             Options options)
    : space(space), model(model), rng(seed), objectives(std::move(objectives)),
      options(std::move(options)) {
  if (this->objectives.empty())
    this->objectives.push_back({"accuracy", true});
  bounded = model.costBounds().any();
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
    Assignment a = options.get("sampling") == "per-decision"
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
                                           std::vector<cli::Option> options,
                                           StrategyFactory factory) {
  registry()[name] = {summary, std::move(options), std::move(factory)};
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
  ctx.options.declared = it->second.options;
  for (const cli::Option &o : commonOptions())
    ctx.options.declared.push_back(o);
  std::unique_ptr<Strategy> strategy = it->second.factory(ctx, error);
  if (!ctx.options.error().empty()) {
    error = ctx.options.error();
    return nullptr;
  }
  if (!strategy)
    return nullptr;
  // The context reads --sampling while it samples: check it now.
  ctx.options.get("sampling");
  if (!ctx.options.error().empty()) {
    error = ctx.options.error();
    return nullptr;
  }
  return strategy;
}
