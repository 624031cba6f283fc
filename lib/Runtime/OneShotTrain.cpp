//===- OneShotTrain.cpp - the loop of nasir-train --oneshot ----------------===//
//
// The data, the schedule (DARTS defaults: SGD 0.025 cosine to 0.001, momentum
// 0.9, weight decay 3e-4; Adam(0.5, 0.999) for the architecture), the epochs,
// the checkpoints and the JSON result, around one method's step (OneShot.h).
// Each epoch starts from generators seeded by (seed, epoch), so that a run
// resumed from the checkpoint of epoch e continues as the uninterrupted one.
//
//===----------------------------------------------------------------------===//
#include "lib/Layers/Json.h"
#include "lib/Runtime/OneShot.h"

#include <fstream>
#include <sstream>
#include <sys/stat.h>

using json = nlohmann::json;
using nasir::layers::dumpJson;

namespace nasir {
namespace runtime {

Dataset loadSupernetDataset(const Supernet &s, const TrainOptions &o) {
  Dataset ds = loadDataset(o.data, o.valFraction, o.testFraction);
  std::string err;
  if (!checkCandidateFitsDataset(s.graph, ds.info, err))
    throw TrainFailure(err);
  return ds;
}

BatchStream::BatchStream(const Split &s, int64_t batch, const std::vector<int64_t> &input,
                         torch::Device dev, uint64_t seed)
    : split_(s), batch_(std::max<int64_t>(1, std::min(batch, s.size()))), input_(input),
      dev_(dev), rng_(seed) {}

std::pair<torch::Tensor, torch::Tensor> BatchStream::next() {
  if (split_.size() == 0)
    throw TrainFailure("the validation split is empty (the architecture needs one; raise "
                       "--val-fraction)");
  if (perm_.empty() || at_ + batch_ > (int64_t)perm_.size()) {
    perm_ = shuffledIndices(split_.size(), rng_);
    at_ = 0;
  }
  auto b = fetchBatch(split_, perm_, at_, at_ + batch_, input_, dev_);
  at_ += batch_;
  return b;
}

void BatchStream::reset(uint64_t seed) {
  rng_.seed(seed);
  perm_.clear();
  at_ = 0;
}

torch::Tensor batchLoss(OneShotContext &c, const torch::Tensor &x, const torch::Tensor &y) {
  return torch::nn::functional::cross_entropy(c.net->forward(x), y);
}

torch::Tensor weightStep(OneShotContext &c, const torch::Tensor &x, const torch::Tensor &y) {
  for (auto &g : c.weightOptimizer.param_groups())
    g.options().set_lr(c.lr);
  c.weightOptimizer.zero_grad();
  torch::Tensor loss = batchLoss(c, x, y);
  loss.backward();
  torch::nn::utils::clip_grad_norm_(c.weights, 5.0);
  c.weightOptimizer.step();
  return loss.detach();
}

void archStep(OneShotContext &c, const std::function<void()> &backward) {
  c.archOptimizer.zero_grad();
  backward();
  c.archOptimizer.step();
}

namespace {

std::string serialize(const std::function<void(torch::serialize::OutputArchive &)> &fill) {
  torch::serialize::OutputArchive a;
  fill(a);
  std::ostringstream bytes;
  a.save_to(bytes);
  return bytes.str();
}

json labelWeights(const Supernet &s, const std::vector<std::vector<double>> &w) {
  json j = json::object();
  for (size_t l = 0; l < s.labels.size(); ++l)
    j[s.labels[l].name] = w[l];
  return j;
}

std::vector<std::vector<double>> uniformWeights(const Supernet &s) {
  std::vector<std::vector<double>> w;
  for (const auto &l : s.labels)
    w.emplace_back(l.size(), 1.0 / (double)l.size());
  return w;
}

json argmaxJson(const Supernet &s, const Assignment &a) {
  json j = json::object();
  for (size_t l = 0; l < s.labels.size(); ++l) {
    const layers::SupernetLabel &lab = s.labels[l];
    if (lab.kind == LabelKind::Inputs)
      j[lab.name] = a[l];
    else
      j[lab.name] = json::parse(lab.options[(size_t)a[l][0]].json);
  }
  return j;
}

bool fileExists(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

} // namespace

void saveCheckpoint(const std::string &path, OneShotContext &c, const Checkpoint &k) {
  std::string bytes = serialize([&](torch::serialize::OutputArchive &a) {
    torch::serialize::OutputArchive weights, arch, wopt, aopt;
    c.net->save(weights);
    c.arch->save(arch);
    c.weightOptimizer.save(wopt);
    c.archOptimizer.save(aopt);
    a.write("weights", weights);
    a.write("arch", arch);
    a.write("weight_optimizer", wopt);
    a.write("arch_optimizer", aopt);
    a.write("epoch", c10::IValue(k.epoch));
    a.write("history", c10::IValue(k.historyJson));
  });
  writeFileChecked("--save", path, bytes);
}

Checkpoint loadCheckpoint(const std::string &path, SupernetNet &net, SupernetArch &arch,
                          torch::optim::Optimizer *weightOpt, torch::optim::Optimizer *archOpt) {
  torch::serialize::InputArchive a;
  try {
    a.load_from(path);
    torch::serialize::InputArchive weights, archA;
    a.read("weights", weights);
    a.read("arch", archA);
    net->load(weights);
    arch->load(archA);
    if (weightOpt) {
      torch::serialize::InputArchive o;
      a.read("weight_optimizer", o);
      weightOpt->load(o);
    }
    if (archOpt) {
      torch::serialize::InputArchive o;
      a.read("arch_optimizer", o);
      archOpt->load(o);
    }
    Checkpoint k;
    c10::IValue epoch, history;
    a.read("epoch", epoch);
    a.read("history", history);
    k.epoch = epoch.toInt();
    k.historyJson = history.toStringRef();
    return k;
  } catch (const c10::Error &e) {
    std::string m = e.what_without_backtrace();
    throw TrainFailure(path + ": not a checkpoint of this supernet (" +
                       m.substr(0, m.find('\n')) + ")");
  }
}

TrainResult trainOneShot(const Supernet &s, const TrainOptions &o) {
  TrainResult res;
  json out;
  std::string stage = "setup";
  int64_t epoch = 0, globalStep = 0;
  auto t0 = Clock::now();
  Progress progress(o);
  try {
    std::unique_ptr<OneShotMethod> method = o.oneshot == "darts"  ? makeDarts(o.secondOrder)
                                            : o.oneshot == "gdas" ? makeGdas()
                                            : o.oneshot == "spos" ? makeSpos()
                                                                  : nullptr;
    if (!method)
      throw TrainFailure("--oneshot " + o.oneshot + ": expected darts, gdas or spos");
    configureProcess(o.threads);
    torch::Device dev = chooseDevice(o);
    stage = "data";
    Dataset ds = loadSupernetDataset(s, o);
    const std::vector<int64_t> &input = s.graph.input;

    stage = "model";
    SupernetArch arch(s);
    SupernetNet net(s, arch);
    net->to(dev);
    arch->to(dev);
    double lr = o.lr >= 0 ? o.lr : 0.025, wd = o.weightDecay >= 0 ? o.weightDecay : 3e-4;
    std::vector<torch::Tensor> weights = net->parameters();
    torch::optim::SGD wopt(weights, torch::optim::SGDOptions(lr).momentum(o.momentum).weight_decay(wd));
    torch::optim::Adam aopt(arch->parameters(), torch::optim::AdamOptions(o.archLr)
                                                    .betas({0.5, 0.999})
                                                    .weight_decay(o.archWeightDecay));
    BatchStream val(ds.val, o.batchSize, input, dev, o.seed);
    std::mt19937_64 rng(o.seed);
    OneShotContext c{o, net, arch, weights, wopt, aopt, val, rng, lr, wd};

    json history = json::array();
    int64_t firstEpoch = 1;
    if (!o.loadPath.empty())
      loadCheckpoint(o.loadPath, net, arch, nullptr, nullptr);
    if (o.resume && !o.savePath.empty() && fileExists(o.savePath)) {
      Checkpoint k = loadCheckpoint(o.savePath, net, arch, &wopt, &aopt);
      history = json::parse(k.historyJson);
      firstEpoch = k.epoch + 1;
      progress.message("resuming " + o.savePath + " after epoch " + std::to_string(k.epoch));
    }

    stage = "train";
    int64_t n = ds.train.size();
    int64_t spe = stepsPerEpoch(n, o.batchSize, o.maxStepsPerEpoch);
    LrSchedule schedule{lr, o.minLr, 0, spe * o.epochs};
    int64_t evalBatch = o.evalBatchSize > 0 ? o.evalBatchSize : 2 * o.batchSize;
    double trainSeconds = 0, stepSeconds = 0, valAcc = 0;
    int64_t steps = 0, images = 0;
    json budgetStop; // where --time-budget ended the training (null: it did not)
    int64_t lastEpoch = o.stopAfterEpochs > 0
                            ? std::min(o.epochs, firstEpoch - 1 + o.stopAfterEpochs)
                            : o.epochs;
    for (epoch = firstEpoch; epoch <= lastEpoch; ++epoch) {
      auto te = Clock::now();
      uint64_t epochSeed = o.seed * 1000003u + (uint64_t)epoch;
      torch::manual_seed(epochSeed);
      rng.seed(epochSeed);
      val.reset(epochSeed);
      std::vector<int64_t> perm = shuffledIndices(n, rng);
      net->train();
      method->beginEpoch(c, epoch, o.epochs);
      double lossSum = 0;
      int64_t stepsThisEpoch = spe;
      for (int64_t st = 0; st < spe; ++st) {
        globalStep = (epoch - 1) * spe + st;
        int64_t b0 = st * o.batchSize, b1 = std::min(n, b0 + o.batchSize);
        auto [x, y] = fetchBatch(ds.train, perm, b0, b1, input, dev);
        c.lr = schedule.at(globalStep);
        auto ts = Clock::now();
        double l = method->step(c, x, y).item<double>();
        stepSeconds += secondsSince(ts);
        ++steps;
        checkLoss(l, o.divergeLoss, epoch, st + 1);
        lossSum += l;
        images += b1 - b0;
        if (o.maxTime > 0 && secondsSince(t0) > o.maxTime)
          throw TrainFailure("timeout: training exceeded --max-time " +
                             std::to_string(o.maxTime) + " s at epoch " +
                             std::to_string(epoch) + " step " + std::to_string(st + 1));
        if (o.timeBudget > 0 && secondsSince(t0) > o.timeBudget) {
          budgetStop = {{"epoch", epoch}, {"step", st + 1}, {"of_steps", spe}};
          stepsThisEpoch = st + 1;
          break;
        }
        double el = trainSeconds + secondsSince(te);
        double rate = (double)images / std::max(el, 1e-9);
        double eta = (double)(spe * o.epochs - globalStep - 1) * o.batchSize / std::max(rate, 1e-9);
        progress.step(epoch, o.epochs, st + 1, spe, l, rate, eta);
      }
      trainSeconds += secondsSince(te);
      stage = "eval";
      method->prepareEvaluation(c);
      auto forward = [&net](const torch::Tensor &x) { return net->forward(x); };
      valAcc = evaluate(*net, forward, ds.val, evalBatch, dev, input).accuracy;
      stage = "train";
      double trainLoss = stepsThisEpoch ? lossSum / (double)stepsThisEpoch : 0;
      auto w = method->learnsArchitecture() ? archWeights(arch) : uniformWeights(s);
      history.push_back({{"epoch", epoch},
                         {"train_loss", trainLoss},
                         {"val_accuracy", valAcc},
                         {"weights", labelWeights(s, w)}});
      progress.epochEnd(epoch, o.epochs, trainLoss, valAcc, secondsSince(te));
      if (!o.savePath.empty()) {
        stage = "save";
        saveCheckpoint(o.savePath, c, {epoch, dumpJson(history)});
        stage = "train";
      }
      if (!budgetStop.is_null()) {
        lastEpoch = epoch;
        break;
      }
    }
    epoch = lastEpoch;
    auto w = method->learnsArchitecture() ? archWeights(arch) : uniformWeights(s);
    json labels = json::object();
    for (size_t l = 0; l < s.labels.size(); ++l) {
      const layers::SupernetLabel &lab = s.labels[l];
      json j = {{"kind", layers::labelKindName(lab.kind)}, {"weights", w[l]}};
      if (lab.kind == LabelKind::Inputs) {
        j["n"] = lab.n;
        j["min"] = lab.min;
        j["max"] = lab.max;
      } else {
        json opts = json::array();
        for (const auto &opt : lab.options)
          opts.push_back(json::parse(opt.json));
        j["options"] = opts;
      }
      labels[lab.name] = j;
    }
    out["status"] = "ok";
    out["oneshot"] = o.oneshot;
    out["second_order"] = o.secondOrder;
    out["epochs"] = o.epochs;
    out["epochs_done"] = std::max(lastEpoch, firstEpoch - 1);
    out["labels"] = labels;
    out["history"] = history;
    out["argmax"] = argmaxJson(s, argmaxAssignment(s, w));
    out["steps"] = steps;
    if (!budgetStop.is_null())
      out["time_budget_stop"] = budgetStop;
    out["seconds_per_step"] = steps ? stepSeconds / (double)steps : 0.0;
    out["peak_rss_bytes"] = peakRssBytes();
    out["train_seconds"] = trainSeconds;
    out["params"] = parameterCount(*net);
    out["arch_params"] = parameterCount(*arch);
    out["lr"] = lr;
    out["weight_decay"] = wd;
    out["seed"] = o.seed;
    out["threads"] = torch::get_num_threads();
    out["device"] = dev.is_cuda() ? "cuda" : "cpu";
    out["dataset"] = ds.info.name;
    if (!o.savePath.empty())
      out["saved"] = o.savePath;
    res.ok = true;
    res.valAccuracy = valAcc;
    res.trainSeconds = trainSeconds;
  } catch (...) {
    res.reason = currentFailureReason();
    out = {{"status", "failed"}, {"reason", res.reason}, {"stage", stage},
           {"epoch", epoch},     {"step", globalStep}};
  }
  if (!s.graph.space.empty())
    out["space"] = s.graph.space;
  out["wall_seconds"] = secondsSince(t0);
  res.json = dumpJson(out);
  return res;
}

} // namespace runtime
} // namespace nasir
