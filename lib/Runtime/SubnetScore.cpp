//===- SubnetScore.cpp - sub-networks scored with inherited weights -------===//
//
// nasir-train SUPERNET.json --load CKPT --score ASSIGNMENTS.jsonl: each line a
// decisions object; for each, the fixed sub-network's batch-norm statistics
// are recomputed (a cumulative average over --calib-batches training batches,
// as SPOS does), then it is evaluated on the validation split. With
// --time-budget S no sub-network is started past S seconds (the first always
// is): the result has the scores of those done, in file order, and
// "time_budget_stop": {"scored": K, "of": N}.
//
//===----------------------------------------------------------------------===//
#include "lib/Layers/Json.h"
#include "lib/Runtime/OneShot.h"

#include <fstream>

using json = nlohmann::json;
using nasir::layers::dumpJson;

namespace nasir {
namespace runtime {

namespace {

/// The assignments of a JSON-lines file; errors name the line and the label.
std::vector<Assignment> readAssignments(const std::string &path, const Supernet &s) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw TrainFailure("--score " + path + ": cannot read the file");
  std::vector<Assignment> all;
  std::string line;
  int64_t lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (line.find_first_not_of(" \t\r") == std::string::npos)
      throw TrainFailure(path + ":" + std::to_string(lineNo) +
                         ": an empty line (one decisions object per line)");
    Assignment a;
    std::string err;
    if (!layers::parseAssignment(line, s, a, err))
      throw TrainFailure(path + ":" + std::to_string(lineNo) + ": " + err);
    all.push_back(std::move(a));
  }
  return all;
}

/// Every batch norm of the network, to recalibrate.
template <typename Fn> void forEachBatchNorm(torch::nn::Module &net, Fn fn) {
  for (const auto &m : net.modules(/*include_self=*/false)) {
    if (auto b = std::dynamic_pointer_cast<torch::nn::BatchNorm2dImpl>(m))
      fn(*b);
    else if (auto b = std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(m))
      fn(*b);
  }
}

} // namespace

void recalibrateBatchNorm(SupernetNet &net, const Split &train, int64_t batches,
                          int64_t batchSize, const std::vector<int64_t> &input,
                          torch::Device dev, uint64_t seed) {
  std::vector<c10::optional<double>> momenta;
  forEachBatchNorm(*net, [&](auto &b) {
    momenta.push_back(b.options.momentum());
    b.options.momentum(c10::nullopt); // a cumulative average
    b.reset_running_stats();
  });
  torch::NoGradGuard ng;
  net->train();
  BatchStream calib(train, batchSize, input, dev, seed);
  for (int64_t i = 0; i < batches; ++i)
    net->forward(calib.next().first);
  size_t k = 0;
  forEachBatchNorm(*net, [&](auto &b) { b.options.momentum(momenta[k++]); });
}

TrainResult scoreSubnets(const Supernet &s, const TrainOptions &o) {
  TrainResult res;
  json out;
  std::string stage = "setup";
  auto t0 = Clock::now();
  try {
    std::vector<Assignment> subnets = readAssignments(o.scorePath, s);
    configureProcess(o.threads);
    torch::Device dev = chooseDevice(o);
    stage = "data";
    Dataset ds = loadSupernetDataset(s, o);
    stage = "model";
    SupernetArch arch(s);
    SupernetNet net(s, arch);
    if (o.loadPath.empty())
      throw TrainFailure("--score needs --load CKPT (the trained supernet)");
    loadCheckpoint(o.loadPath, net, arch, nullptr, nullptr);
    net->to(dev);
    stage = "score";
    int64_t evalBatch = o.evalBatchSize > 0 ? o.evalBatchSize : 2 * o.batchSize;
    json scores = json::array();
    auto forward = [&net](const torch::Tensor &x) { return net->forward(x); };
    json budgetStop; // where --time-budget ended the scoring (null: it did not)
    for (const Assignment &a : subnets) {
      if (o.timeBudget > 0 && !scores.empty() && secondsSince(t0) > o.timeBudget) {
        budgetStop = {{"scored", scores.size()}, {"of", subnets.size()}};
        break;
      }
      net->setFixed(a);
      recalibrateBatchNorm(net, ds.train, o.calibBatches, o.batchSize, s.graph.input, dev,
                           o.seed);
      EvalResult r = evaluate(*net, forward, ds.val, evalBatch, dev, s.graph.input,
                              o.scoreBatches);
      scores.push_back({{"val_accuracy", r.accuracy}, {"val_loss", r.loss}});
    }
    out = {{"status", "ok"}, {"scores", scores}};
    if (!budgetStop.is_null())
      out["time_budget_stop"] = budgetStop;
    res.ok = true;
  } catch (...) {
    res.reason = currentFailureReason();
    out = {{"status", "failed"}, {"reason", res.reason}, {"stage", stage}};
  }
  out["wall_seconds"] = secondsSince(t0);
  res.json = dumpJson(out);
  return res;
}

} // namespace runtime
} // namespace nasir
