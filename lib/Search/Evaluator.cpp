//===- Evaluator.cpp - evaluator factory and result parsing ---------------===//
#include "lib/Search/Evaluator.h"
#include "llvm/Support/JSON.h"

using namespace nasir;
using namespace nasir::search;

Evaluator::~Evaluator() = default;

std::unique_ptr<Evaluator> makeTableEvaluator(const EvaluatorConfig &c,
                                              const SpaceModel &model,
                                              std::string &error);
std::unique_ptr<Evaluator> makeProcessEvaluator(const EvaluatorConfig &c,
                                                std::string &error);

std::unique_ptr<Evaluator>
nasir::search::makeEvaluator(const EvaluatorConfig &c, const SpaceModel &model,
                             std::string &error) {
  if (c.kind == "table")
    return makeTableEvaluator(c, model, error);
  if (c.kind == "train" || c.kind == "command")
    return makeProcessEvaluator(c, error);
  error = "unknown evaluator '" + c.kind + "' (known: table, train, command)";
  return nullptr;
}

bool nasir::search::parseResultLine(llvm::StringRef line, Metrics &metrics,
                                    std::string &error) {
  auto v = llvm::json::parse(line.trim());
  if (!v) {
    llvm::consumeError(v.takeError());
    error = "not JSON";
    return false;
  }
  const llvm::json::Object *o = v->getAsObject();
  if (!o) {
    error = "not a JSON object";
    return false;
  }
  if (auto status = o->getString("status"); status && *status != "ok") {
    auto reason = o->getString("reason");
    error = reason ? reason->str() : ("status " + status->str());
    return false;
  }
  metrics.clear();
  for (const auto &kv : *o)
    if (auto n = kv.second.getAsNumber())
      metrics[kv.first.str()] = *n;
    else if (auto b = kv.second.getAsBoolean())
      metrics[kv.first.str()] = *b;
  return true;
}
