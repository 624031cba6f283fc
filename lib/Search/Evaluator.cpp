//===- Evaluator.cpp - the evaluator registry and result parsing ----------===//
#include "lib/Search/Evaluator.h"
#include "lib/Search/LearningCurve.h"
#include "llvm/Support/JSON.h"
#include <cstdio>

using namespace nasir;
using namespace nasir::search;

Evaluator::~Evaluator() = default;

std::unique_ptr<Evaluator>
nasir::search::makeEvaluator(const EvaluatorConfig &c, const SpaceModel &model,
                             std::string &error) {
  auto &reg = EvaluatorRegistration::registry();
  auto it = reg.find(c.kind);
  if (it == reg.end()) {
    error = "unknown evaluator '" + c.kind + "' (known:";
    for (auto &[name, entry] : reg)
      error += " " + name;
    error += ")";
    return nullptr;
  }
  return it->second.factory(c, model, error);
}

bool nasir::search::parseResultLine(llvm::StringRef line, Metrics &metrics,
                                    std::string &error, size_t lineNo,
                                    Curve *curve) {
  line = line.rtrim();
  // A line a parser could not take (too deep for llvm::json's recursion, or
  // too long) is a result, but a bad one: the trial fails with why.
  std::string limitError;
  if (!checkJsonLimits(std::string_view(line.data(), line.size()), limitError,
                       kResultLineLimits, lineNo)) {
    error = "stdout " + limitError;
    return false;
  }
  auto v = llvm::json::parse(line.ltrim());
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
  Curve points;
  if (const llvm::json::Value *c = o->get("curve")) {
    std::string why;
    if (!curveFromJson(*c, points, why)) {
      error = "result field " + why;
      return false;
    }
  }
  if (curve)
    *curve = std::move(points);
  metrics.clear();
  for (const auto &kv : *o)
    if (auto n = kv.second.getAsNumber())
      metrics[kv.first.str()] = *n;
    else if (auto b = kv.second.getAsBoolean())
      metrics[kv.first.str()] = *b;
  return true;
}

bool nasir::search::parseResultOutput(llvm::StringRef output, Metrics &metrics,
                                      std::string &error, Curve *curve) {
  error = "no JSON result line on stdout";
  // From the end, one line at a time: the output may be large.
  size_t lineNo = output.count('\n') + 1;
  for (; !output.empty(); --lineNo) {
    size_t nl = output.rfind('\n');
    llvm::StringRef line =
        nl == llvm::StringRef::npos ? output : output.substr(nl + 1);
    output = nl == llvm::StringRef::npos ? llvm::StringRef()
                                         : output.take_front(nl);
    if (!line.trim().starts_with("{"))
      continue;
    std::string lineError;
    if (parseResultLine(line, metrics, lineError, lineNo, curve))
      return true;
    if (lineError != "not JSON" && lineError != "not a JSON object") {
      error = lineError; // {"status":"failed","reason":...}, or too deep
      return false;
    }
  }
  return false;
}

std::string nasir::search::experimentKey(double created) {
  char buf[64];
  snprintf(buf, sizeof buf, "experiment created %.6f", created);
  return buf;
}
