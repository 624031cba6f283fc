//===- step_bench.cpp - training-step benchmark: nasir runtime vs LibTorch ===//
//
// nasir-step-bench NET CANDIDATE.json [--batch N] [--threads N] [--steps N] [--rounds N]
//                  [--device cpu|cuda]
//   NET: nb201 | mbv2 (selects the hand-written LibTorch module; the candidate must describe the
//   same network: bench/gen_candidates.py writes it).
//
// Both models get the same batch, same threads, same optimizer (SGD, momentum 0.9, Nesterov,
// weight decay 5e-4). They are measured in alternating rounds; the result is the median per-step
// time. A third measurement runs the nasir model fed like nasir-train feeds it (index_select of
// a shuffled batch from an in-memory dataset) and reports the fraction of time spent on data.
// Prints one JSON line.
//===----------------------------------------------------------------------===//
#include "lib/Runtime/Internal.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>

using namespace nasir::runtime;
using Clock = std::chrono::steady_clock;

namespace {

// ---- hand-written NB201 (the NAS-Bench-201 reference code, C++) ----
struct ReLUConvBNImpl : torch::nn::Module {
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  ReLUConvBNImpl(int64_t cin, int64_t cout, int64_t stride) {
    conv = register_module(
        "conv", torch::nn::Conv2d(
                    torch::nn::Conv2dOptions(cin, cout, 3).stride(stride).padding(1).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(cout));
  }
  torch::Tensor forward(const torch::Tensor &x) { return bn(conv(torch::relu(x))); }
};
TORCH_MODULE(ReLUConvBN);

struct CellImpl : torch::nn::Module { // all six edges nor_conv_3x3
  std::vector<ReLUConvBN> edges;
  explicit CellImpl(int64_t c) {
    for (int i = 0; i < 6; ++i)
      edges.push_back(register_module("e" + std::to_string(i), ReLUConvBN(c, c, 1)));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    auto n1 = edges[0](x);
    auto n2 = edges[1](x) + edges[2](n1);
    return edges[3](x) + edges[4](n1) + edges[5](n2);
  }
};
TORCH_MODULE(Cell);

struct ResBlockImpl : torch::nn::Module {
  ReLUConvBN a{nullptr}, b{nullptr};
  torch::nn::AvgPool2d pool{nullptr};
  torch::nn::Conv2d down{nullptr};
  ResBlockImpl(int64_t cin, int64_t cout) {
    a = register_module("a", ReLUConvBN(cin, cout, 2));
    b = register_module("b", ReLUConvBN(cout, cout, 1));
    pool = register_module("pool", torch::nn::AvgPool2d(torch::nn::AvgPool2dOptions(2).stride(2)));
    down = register_module(
        "down", torch::nn::Conv2d(torch::nn::Conv2dOptions(cin, cout, 1).bias(false)));
  }
  torch::Tensor forward(const torch::Tensor &x) { return down(pool(x)) + b(a(x)); }
};
TORCH_MODULE(ResBlock);

struct NB201Impl : torch::nn::Module {
  torch::nn::Conv2d stem{nullptr};
  torch::nn::BatchNorm2d stemBn{nullptr}, lastBn{nullptr};
  torch::nn::Sequential body;
  torch::nn::Linear fc{nullptr};
  NB201Impl(int64_t C = 16, int N = 5) {
    stem = register_module(
        "stem", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, C, 3).padding(1).bias(false)));
    stemBn = register_module("stem_bn", torch::nn::BatchNorm2d(C));
    int64_t c = C;
    for (int s = 0; s < 3; ++s) {
      if (s > 0) {
        body->push_back(ResBlock(c, 2 * c));
        c *= 2;
      }
      for (int i = 0; i < N; ++i)
        body->push_back(Cell(c));
    }
    register_module("body", body);
    lastBn = register_module("last_bn", torch::nn::BatchNorm2d(c));
    fc = register_module("fc", torch::nn::Linear(c, 10));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = body->forward(stemBn(stem(x)));
    x = torch::relu(lastBn(x)).mean({2, 3});
    return fc(x);
  }
};
TORCH_MODULE(NB201);

// ---- hand-written MobileNetV2-style (same config as bench/gen_candidates.py) ----
struct InvertedResidualImpl : torch::nn::Module {
  torch::nn::Sequential seq;
  bool residual;
  InvertedResidualImpl(int64_t cin, int64_t cout, int64_t stride, int64_t t) {
    int64_t hidden = cin * t;
    using namespace torch::nn;
    if (t != 1) {
      seq->push_back(Conv2d(Conv2dOptions(cin, hidden, 1).bias(false)));
      seq->push_back(BatchNorm2d(hidden));
      seq->push_back(ReLU6());
    }
    seq->push_back(
        Conv2d(Conv2dOptions(hidden, hidden, 3).stride(stride).padding(1).groups(hidden).bias(false)));
    seq->push_back(BatchNorm2d(hidden));
    seq->push_back(ReLU6());
    seq->push_back(Conv2d(Conv2dOptions(hidden, cout, 1).bias(false)));
    seq->push_back(BatchNorm2d(cout));
    register_module("seq", seq);
    residual = stride == 1 && cin == cout;
  }
  torch::Tensor forward(const torch::Tensor &x) {
    return residual ? x + seq->forward(x) : seq->forward(x);
  }
};
TORCH_MODULE(InvertedResidual);

struct MBV2Impl : torch::nn::Module {
  torch::nn::Sequential seq;
  torch::nn::Linear fc{nullptr};
  MBV2Impl() {
    using namespace torch::nn;
    const int64_t stem = 32, last = 320;
    const int64_t blocks[][4] = {{1, 16, 1, 1}, {6, 24, 2, 1}, {6, 32, 3, 2}, {6, 64, 2, 2},
                                 {6, 96, 2, 1}};
    seq->push_back(Conv2d(Conv2dOptions(3, stem, 3).padding(1).bias(false)));
    seq->push_back(BatchNorm2d(stem));
    seq->push_back(ReLU6());
    int64_t cin = stem;
    for (const auto &b : blocks)
      for (int64_t r = 0; r < b[2]; ++r) {
        seq->push_back(InvertedResidual(cin, b[1], r == 0 ? b[3] : 1, b[0]));
        cin = b[1];
      }
    seq->push_back(Conv2d(Conv2dOptions(cin, last, 1).bias(false)));
    seq->push_back(BatchNorm2d(last));
    seq->push_back(ReLU6());
    register_module("seq", seq);
    fc = register_module("fc", Linear(last, 10));
  }
  torch::Tensor forward(torch::Tensor x) { return fc(seq->forward(x).mean({2, 3})); }
};
TORCH_MODULE(MBV2);

struct Runner {
  std::shared_ptr<torch::nn::Module> module;
  std::function<torch::Tensor(const torch::Tensor &)> forward;
  std::unique_ptr<torch::optim::SGD> opt;
  void init() {
    opt = std::make_unique<torch::optim::SGD>(
        module->parameters(),
        torch::optim::SGDOptions(0.05).momentum(0.9).nesterov(true).weight_decay(5e-4));
    module->train();
  }
  void step(const torch::Tensor &x, const torch::Tensor &y) {
    opt->zero_grad();
    auto loss = torch::nn::functional::cross_entropy(forward(x), y);
    loss.backward();
    opt->step();
    loss.item<float>(); // the per-step read-back nasir-train does (loss check)
  }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv) {
  try {
    if (argc < 3) {
      std::cerr << "usage: nasir-step-bench nb201|mbv2 CANDIDATE.json [--batch N] [--threads N] "
                   "[--steps N] [--rounds N] [--device cpu|cuda]\n";
      return 2;
    }
    std::string net = argv[1], path = argv[2], device = "cpu";
    int64_t batch = 64, threads = 2, steps = 10, rounds = 5;
    for (int i = 3; i + 1 < argc; i += 2) {
      std::string k = argv[i], v = argv[i + 1];
      if (k == "--batch")
        batch = std::stoll(v);
      else if (k == "--threads")
        threads = std::stoll(v);
      else if (k == "--steps")
        steps = std::stoll(v);
      else if (k == "--rounds")
        rounds = std::stoll(v);
      else if (k == "--device")
        device = v;
    }
    configureProcess(threads);
    torch::Device dev(device == "cuda" ? torch::kCUDA : torch::kCPU);
    auto sync = [&] {
      if (dev.is_cuda())
        torch::cuda::synchronize();
    };
    Candidate c;
    std::string err;
    if (!loadCandidateFile(path, c, err)) {
      std::cerr << err << "\n";
      return 1;
    }
    torch::manual_seed(0);
    CandidateNet nasir(c);
    nasir->to(dev);
    Runner rn{nasir.ptr(), [&](const torch::Tensor &x) { return nasir->forward(x); }};
    Runner rh;
    if (net == "nb201") {
      NB201 m;
      m->to(dev);
      rh = Runner{m.ptr(), [m](const torch::Tensor &x) mutable { return m->forward(x); }};
    } else if (net == "mbv2") {
      MBV2 m;
      m->to(dev);
      rh = Runner{m.ptr(), [m](const torch::Tensor &x) mutable { return m->forward(x); }};
    } else {
      std::cerr << "unknown net " << net << "\n";
      return 2;
    }
    rn.init();
    rh.init();
    int64_t pn = parameterCount(*rn.module), ph = parameterCount(*rh.module);
    if (pn != ph) {
      std::cerr << "parameter counts differ: nasir " << pn << ", hand-written " << ph << "\n";
      return 1;
    }
    auto x = torch::randn({batch, 3, 32, 32}).to(dev);
    auto y = torch::randint(0, 10, {batch}, torch::kInt64).to(dev);
    // The dataset path of nasir-train: shuffled index_select from an in-memory float dataset.
    int64_t dsN = std::max<int64_t>(4096, 8 * batch);
    auto dsX = torch::randn({dsN, 3, 32, 32});
    auto dsY = torch::randint(0, 10, {dsN}, torch::kInt64);
    std::mt19937_64 rng(0);
    std::vector<int64_t> perm(dsN);
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng);

    for (int w = 0; w < 3; ++w) { // warm-up
      rn.step(x, y);
      rh.step(x, y);
    }
    sync();
    std::vector<double> tn, th, tdata, tfed;
    int64_t cursor = 0;
    for (int64_t r = 0; r < rounds; ++r) {
      for (int which = 0; which < 3; ++which) {
        for (int64_t s = 0; s < steps; ++s) {
          auto t0 = Clock::now();
          if (which == 0) {
            rn.step(x, y);
          } else if (which == 1) {
            rh.step(x, y);
          } else {
            if (cursor + batch > dsN)
              cursor = 0;
            auto idx = torch::from_blob(perm.data() + cursor, {batch}, torch::kInt64);
            cursor += batch;
            auto bx = dsX.index_select(0, idx), by = dsY.index_select(0, idx);
            if (dev.is_cuda()) {
              bx = bx.pin_memory().to(dev, true);
              by = by.pin_memory().to(dev, true);
            }
            auto t1 = Clock::now();
            rn.step(bx, by);
            sync();
            tdata.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
          }
          sync();
          double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
          (which == 0 ? tn : which == 1 ? th : tfed).push_back(ms);
        }
      }
    }
    double mn = median(tn), mh = median(th);
    double dataFrac = std::accumulate(tdata.begin(), tdata.end(), 0.0) /
                      std::accumulate(tfed.begin(), tfed.end(), 0.0);
    nlohmann::json j = {{"net", net},
                        {"batch", batch},
                        {"threads", torch::get_num_threads()},
                        {"device", device},
                        {"params", pn},
                        {"flops", countFlops(c)},
                        {"steps", steps * rounds},
                        {"nasir_ms", mn},
                        {"libtorch_ms", mh},
                        {"nasir_over_libtorch", mn / mh},
                        {"nasir_with_data_ms", median(tfed)},
                        {"data_fraction", dataFrac}};
    std::cout << j.dump() << std::endl;
    return 0;
  } catch (const std::exception &e) {
    std::cerr << "nasir-step-bench: " << e.what() << "\n";
    return 1;
  }
}
