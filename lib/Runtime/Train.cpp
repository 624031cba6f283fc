//===- Train.cpp - training, evaluation, the nasir-train command ----------===//
#include "lib/Runtime/Proxies.h"
#ifdef NASIR_HAVE_ONNX
#include "lib/Runtime/OnnxExport.h"
#endif
#include "lib/Runtime/TrainSupport.h"
#include "lib/Layers/Json.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <iostream>
#include <malloc.h>
#include <thread>
#include <unistd.h>

using json = nlohmann::json;
using nasir::layers::dumpJson;

namespace nasir {
namespace runtime {

namespace {

// CUDA float16 autocast: LibTorch 1.13 (Debian) has the CUDA-only calls; 2.4+ takes a device.
void setCudaAutocast(bool on) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
  at::autocast::set_autocast_dtype(at::kCUDA, at::kHalf);
  at::autocast::set_autocast_enabled(at::kCUDA, on);
#else
  at::autocast::set_autocast_gpu_dtype(at::kHalf);
  at::autocast::set_enabled(on);
#endif
}

/// torch::save, with a failed write reported: torch::save(module, path) throws from a destructor
/// when the disk is full (std::terminate). Serialized in memory first, then written and checked.
void saveWeights(CandidateNet &net, const std::string &path) {
  std::ostringstream bytes;
  torch::save(net, bytes);
  writeFileChecked("--save", path, bytes.str());
}

double defaultLr(const TrainOptions &o) {
  return o.lr >= 0 ? o.lr : (o.optimizer == "adamw" ? 1e-3 : 0.05);
}
double defaultWd(const TrainOptions &o) {
  return o.weightDecay >= 0 ? o.weightDecay : (o.optimizer == "adamw" ? 0.05 : 5e-4);
}

} // namespace

void configureProcess(int64_t threads) {
  static bool mallocDone = false;
  if (!mallocDone) {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
    mallocDone = true;
  }
  int64_t n = threads > 0 ? threads : (int64_t)std::max(1u, std::thread::hardware_concurrency());
  if (torch::get_num_threads() != n)
    torch::set_num_threads((int)n);
}

// trainUsage and parseTrainArgs: TrainCommandLine.cpp.

TrainResult train(const Candidate &c, const TrainOptions &o) {
  TrainResult res;
  json out;
  out["status"] = "ok";
  std::string stage = "setup";
  int64_t epoch = 0, globalStep = 0;
  double trainSeconds = 0;
  auto t0 = Clock::now();
  res.params = countParameters(c);
  res.flops = countFlops(c);
  res.macs = countMacs(c);
  Progress progress(o);
  try {
    configureProcess(o.threads);
    torch::Device dev = chooseDevice(o);
    bool cuda = dev.is_cuda();

    stage = "data";
    auto td = Clock::now();
    Dataset ds = loadDataset(o.data, o.valFraction, o.testFraction);
    double loadSeconds = secondsSince(td);
    std::string err;
    if (!checkCandidateFitsDataset(c, ds.info, err))
      throw TrainFailure(err);
    // Each batch is reshaped to the candidate's input (as many elements per sample).
    const std::vector<int64_t> &input = c.input;

    stage = "model";
    CandidateNet net(c);
    if (!o.loadPath.empty())
      torch::load(net, o.loadPath);
    net->to(dev);
    int64_t params = parameterCount(*net);
    if (params != res.params)
      throw TrainFailure("internal: parameter count " + std::to_string(params) +
                         " differs from countParameters " + std::to_string(res.params));

    stage = "train";
    std::vector<torch::Tensor> ps = net->parameters();
    double lr = defaultLr(o), wd = defaultWd(o);
    std::unique_ptr<torch::optim::Optimizer> opt;
    if (o.optimizer == "sgd")
      opt = std::make_unique<torch::optim::SGD>(
          ps, torch::optim::SGDOptions(lr).momentum(o.momentum).weight_decay(wd).nesterov(
                  o.momentum > 0));
    else
      opt = std::make_unique<torch::optim::AdamW>(ps,
                                                  torch::optim::AdamWOptions(lr).weight_decay(wd));
    int64_t n = ds.train.size();
    int64_t spe = stepsPerEpoch(n, o.batchSize, o.maxStepsPerEpoch);
    int64_t total = spe * o.epochs;
    int64_t warm = o.warmupSteps >= 0 ? o.warmupSteps : (int64_t)std::llround(o.warmupEpochs * spe);
    warm = std::min(warm, total);
    LrSchedule schedule{lr, o.minLr, warm, total};
    auto forward = [&net](const torch::Tensor &x) { return net->forward(x); };
    int64_t evalBatch = o.evalBatchSize > 0 ? o.evalBatchSize : 2 * o.batchSize;

    // AMP state (the kernels torch.cuda.amp.GradScaler uses).
    torch::Tensor scale, growthTracker, foundInf;
    if (o.amp) {
      scale = torch::full({1}, 65536.0f, torch::TensorOptions(dev).dtype(torch::kFloat32));
      growthTracker = torch::zeros({1}, torch::TensorOptions(dev).dtype(torch::kInt32));
      foundInf = torch::zeros({1}, torch::TensorOptions(dev).dtype(torch::kFloat32));
    }
    int64_t skippedSteps = 0;

    std::mt19937_64 rng(o.seed);
    double dataSeconds = 0, lastLoss = 0, valAcc = 0, valLoss = 0;
    int64_t images = 0;
    json curve = json::array(); // one object per epoch: the learning curve
    auto tTrain = Clock::now();
    const int64_t checkEvery = cuda ? 25 : 1; // loss read-backs sync the GPU
    for (epoch = 1; epoch <= o.epochs; ++epoch) {
      auto te = Clock::now();
      net->train();
      std::vector<int64_t> perm = shuffledIndices(n, rng);
      torch::Tensor lossAcc = torch::zeros({}, torch::TensorOptions(dev).dtype(torch::kFloat64));
      // Right predictions of the epoch's training batches (read once, at its end).
      torch::Tensor correct = torch::zeros({}, torch::TensorOptions(dev).dtype(torch::kInt64));
      int64_t epochImages = 0;
      int64_t accSteps = 0;
      double epochLossSum = 0;
      int64_t epochLossN = 0;
      for (int64_t s = 0; s < spe; ++s, ++globalStep) {
        auto tb = Clock::now();
        int64_t b0 = s * o.batchSize, b1 = std::min(n, b0 + o.batchSize);
        auto [x, y] = fetchBatch(ds.train, perm, b0, b1, input, dev);
        dataSeconds += secondsSince(tb);
        double curLr = schedule.at(globalStep);
        for (auto &g : opt->param_groups())
          g.options().set_lr(curLr);
        opt->zero_grad();
        torch::Tensor loss, logits;
        if (o.amp) {
          setCudaAutocast(true);
          logits = net->forward(x);
          setCudaAutocast(false);
          at::autocast::clear_cache();
          loss = torch::nn::functional::cross_entropy(logits.to(torch::kFloat32), y);
          (loss * scale).backward();
          std::vector<torch::Tensor> grads;
          for (auto &p : ps)
            if (p.grad().defined())
              grads.push_back(p.grad());
          foundInf.zero_();
          at::_amp_foreach_non_finite_check_and_unscale_(grads, foundInf, scale.reciprocal());
          if (foundInf.item<float>() == 0.0f)
            opt->step();
          else
            ++skippedSteps;
          at::_amp_update_scale_(scale, growthTracker, foundInf, 2.0, 0.5, 2000);
        } else {
          logits = net->forward(x);
          loss = torch::nn::functional::cross_entropy(logits, y);
          loss.backward();
          opt->step();
        }
        lossAcc += loss.detach();
        correct += logits.detach().argmax(1).eq(y).sum();
        ++accSteps;
        images += b1 - b0;
        epochImages += b1 - b0;
        if (accSteps == checkEvery || s + 1 == spe) {
          double l = lossAcc.item<double>() / (double)accSteps;
          checkLoss(l, o.divergeLoss, epoch, s + 1);
          lastLoss = l;
          epochLossSum += l * (double)accSteps;
          epochLossN += accSteps;
          lossAcc.zero_();
          accSteps = 0;
        }
        double el = trainSeconds + secondsSince(te);
        if (o.maxTime > 0 && secondsSince(tTrain) > o.maxTime)
          throw TrainFailure("timeout: training exceeded --max-time " +
                             std::to_string(o.maxTime) + " s at epoch " + std::to_string(epoch) +
                             " step " + std::to_string(s + 1));
        double rate = (double)images / std::max(el, 1e-9);
        double eta = (double)(total - globalStep - 1) * o.batchSize / std::max(rate, 1e-9);
        progress.step(epoch, o.epochs, s + 1, spe, lastLoss, rate, eta);
      }
      lastLoss = epochLossN ? epochLossSum / (double)epochLossN : lastLoss;
      trainSeconds += secondsSince(te);
      stage = "eval";
      EvalResult v = evaluate(*net, forward, ds.val, evalBatch, dev, input);
      valAcc = v.accuracy;
      valLoss = v.loss;
      double trainAcc =
          epochImages ? (double)correct.item<int64_t>() / (double)epochImages : 0.0;
      curve.push_back({{"epoch", epoch},
                       {"train_loss", lastLoss},
                       {"train_accuracy", trainAcc},
                       {"val_loss", valLoss},
                       {"val_accuracy", valAcc}});
      stage = "train";
      progress.epochEnd(epoch, o.epochs, lastLoss, valAcc, secondsSince(te));
    }
    epoch = o.epochs;
    if (o.epochs == 0) {
      EvalResult v = evaluate(*net, forward, ds.val, evalBatch, dev, input);
      valAcc = v.accuracy;
      valLoss = v.loss;
    }

    stage = "test";
    EvalResult t = evaluate(*net, forward, ds.test, evalBatch, dev, input);

    stage = "latency";
    double latencyMs = 0;
    {
      torch::NoGradGuard ng;
      net->eval();
      int64_t lb = std::min<int64_t>(o.batchSize, std::max<int64_t>(ds.test.size(), 1));
      auto x = ds.test.size() ? ds.test.x.slice(0, 0, lb).to(dev) : torch::Tensor();
      if (x.defined()) {
        x = asInput(x, input);
        std::vector<double> times;
        for (int r = 0; r < 13; ++r) {
          if (cuda)
            torch::cuda::synchronize();
          auto tl = Clock::now();
          net->forward(x);
          if (cuda)
            torch::cuda::synchronize();
          if (r >= 3)
            times.push_back(secondsSince(tl) * 1e3);
        }
        std::sort(times.begin(), times.end());
        latencyMs = times[times.size() / 2];
        out["latency_batch_size"] = lb;
        out["latency_ms_per_sample"] = latencyMs / (double)lb;
      }
    }
    out["latency_ms_per_batch"] = latencyMs;

    if (!o.savePath.empty()) {
      stage = "save";
      net->to(torch::kCPU);
      saveWeights(net, o.savePath);
      out["saved"] = o.savePath;
    }
    int64_t modelBytes = 0;
    for (const auto &p : net->named_parameters())
      modelBytes += (int64_t)p.value().nbytes();
    for (const auto &b : net->named_buffers())
      modelBytes += (int64_t)b.value().nbytes();

    res.ok = true;
    res.valAccuracy = valAcc;
    res.testAccuracy = t.accuracy;
    res.loss = lastLoss;
    res.trainSeconds = trainSeconds;
    out["val_accuracy"] = valAcc;
    out["val_loss"] = valLoss;
    out["test_accuracy"] = t.accuracy;
    out["test_loss"] = t.loss;
    out["loss"] = lastLoss;
    out["params"] = res.params;
    out["flops"] = res.flops;
    out["macs"] = res.macs;
    out["model_bytes"] = modelBytes;
    out["train_seconds"] = trainSeconds;
    out["data_seconds"] = dataSeconds;
    out["data_fraction"] = trainSeconds > 0 ? dataSeconds / trainSeconds : 0.0;
    out["load_seconds"] = loadSeconds;
    out["images_per_second"] = trainSeconds > 0 ? (double)images / trainSeconds : 0.0;
    out["epochs"] = o.epochs;
    out["curve"] = curve;
    out["steps"] = globalStep;
    out["device"] = cuda ? "cuda" : "cpu";
    out["threads"] = torch::get_num_threads();
    out["seed"] = o.seed;
    out["batch_size"] = o.batchSize;
    out["optimizer"] = o.optimizer;
    out["lr"] = lr;
    out["weight_decay"] = wd;
    out["warmup_steps"] = warm;
    out["amp"] = o.amp;
    if (o.amp)
      out["amp_skipped_steps"] = skippedSteps;
    out["dataset"] = ds.info.name;
    out["train_size"] = ds.train.size();
    out["val_size"] = ds.val.size();
    out["test_size"] = ds.test.size();
  } catch (...) {
    res.reason = currentFailureReason();
  }
  if (!res.ok) {
    out = json::object();
    out["status"] = "failed";
    out["reason"] = res.reason;
    out["stage"] = stage;
    out["epoch"] = epoch;
    out["step"] = globalStep;
    out["params"] = res.params;
    out["flops"] = res.flops;
    out["macs"] = res.macs;
    out["seconds"] = secondsSince(t0);
  }
  if (!c.space.empty())
    out["space"] = c.space;
  if (!c.decisions.empty())
    out["decisions"] = c.decisions;
  out["wall_seconds"] = secondsSince(t0);
  res.json = dumpJson(out);
  return res;
}

/// nasir-train --export-onnx: one JSON line, status ok with what was written or failed.
static int exportOnnxMain(const Candidate &c, const TrainOptions &o) {
  json j;
#ifdef NASIR_HAVE_ONNX
  OnnxExportOptions opts;
  opts.weightsPath = o.loadPath;
  opts.seed = o.seed;
  opts.saveWeightsPath = o.savePath;
  OnnxExportSummary summary;
  std::string err;
  if (exportOnnxFile(c, opts, o.exportOnnxPath, err, &summary)) {
    j = {{"status", "ok"},
         {"onnx", o.exportOnnxPath},
         {"opset", summary.opset},
         {"nodes", summary.nodes},
         {"initializer_values", summary.initializerValues},
         {"weights", o.loadPath.empty() ? "fresh (seed " + std::to_string(o.seed) + ")" : o.loadPath}};
    std::cout << dumpJson(j) << std::endl;
    return 0;
  }
#else
  std::string err = "this nasir-train was built without ONNX (libonnx-dev)";
#endif
  std::cerr << "nasir-train: " << err << "\n";
  j = {{"status", "failed"}, {"stage", "export-onnx"}, {"reason", err}};
  std::cout << dumpJson(j) << std::endl;
  return 1;
}

int trainMain(int argc, char **argv) {
  TrainOptions o;
  std::string err;
  bool help = false;
  auto emitFailure = [](const std::string &stage, const std::string &reason) {
    json j;
    j["status"] = "failed";
    j["stage"] = stage;
    j["reason"] = reason;
    std::cout << dumpJson(j) << std::endl;
  };
  if (!parseTrainArgs(argc, argv, o, err, &help)) {
    if (help) {
      std::cout << err;
      return 0;
    }
    std::cerr << "nasir-train: " << err << "\n";
    emitFailure("args", err);
    return 2;
  }
  if (o.infoOnly) {
    DatasetInfo d;
    if (!datasetInfo(o.data, d, err, o.testFraction)) {
      std::cerr << "nasir-train: " << err << "\n";
      emitFailure("data", err);
      return 1;
    }
    json j = {{"status", "ok"},          {"dataset", d.name},           {"input", d.shape},
              {"num_classes", d.numClasses}, {"train_size", d.trainSize}, {"test_size", d.testSize},
              {"source", d.source}};
    // The input contract (Runtime.h, DatasetInfo): what `nasir export --to
    // pytorch` writes as SCALE, MEAN, STD and preprocess().
    j["normalization"] = {{"scale", d.inputScale}, {"mean", d.inputMean}, {"std", d.inputStd},
                          {"raw", d.rawFormat}};
    std::cout << dumpJson(j) << std::endl;
    return 0;
  }
  if (!o.proxy.empty())
    return scoreProxies(o, std::cout);
  if (!o.oneshot.empty() || !o.scorePath.empty()) {
    layers::Supernet s;
    if (!layers::loadSupernetFile(o.candidatePath, s, err)) {
      std::cerr << "nasir-train: " << err << "\n";
      emitFailure("supernet", err);
      return 1;
    }
    TrainResult r = o.oneshot.empty() ? scoreSubnets(s, o) : trainOneShot(s, o);
    if (!r.ok)
      std::cerr << "nasir-train: failed: " << r.reason << "\n";
    std::cout << r.json << std::endl;
    return r.ok ? 0 : 1;
  }
  Candidate c;
  if (!loadCandidateFile(o.candidatePath, c, err)) {
    std::cerr << "nasir-train: " << err << "\n";
    emitFailure("candidate", err);
    return 1;
  }
  if (!o.exportOnnxPath.empty())
    return exportOnnxMain(c, o);
  if (o.describeOnly) {
    // Parameters as LibTorch counts them on the built model (sum of numel).
    try {
      CandidateNet net(c);
      json j = {{"status", "ok"},
                {"params", parameterCount(*net)},
                {"params_formula", countParameters(c)},
                {"flops", countFlops(c)},
                {"macs", countMacs(c)}};
      std::cout << dumpJson(j) << std::endl;
      return 0;
    } catch (const std::exception &e) {
      emitFailure("model", e.what());
      return 1;
    }
  }
  TrainResult r = train(c, o);
  if (!r.ok)
    std::cerr << "nasir-train: failed: " << r.reason << "\n";
  std::cout << r.json << std::endl;
  return r.ok ? 0 : 1;
}

} // namespace runtime
} // namespace nasir
