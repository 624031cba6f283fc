// The training-free proxies (lib/Runtime/Proxies.h) on tiny hand-made networks whose score can
// be worked out by hand, or checked through a property the definition implies.
#include "lib/Runtime/Proxies.h"
#include "lib/Runtime/TrainSupport.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace nasir::runtime;
using json = nlohmann::json;

namespace {

/// input [in] -> linear(hidden) -> relu -> linear(classes) -> output, biases as given.
Candidate mlp(int64_t in, int64_t hidden, int64_t classes, bool bias) {
  json j = {{"format", "nasir-candidate"},
            {"version", 1},
            {"input", {in}},
            {"num_classes", classes},
            {"nodes",
             {{{"id", 0}, {"op", "input"}, {"shape", {in}}},
              {{"id", 1},
               {"op", "linear"},
               {"inputs", {0}},
               {"shape", {hidden}},
               {"attrs", {{"out_features", hidden}, {"bias", bias}}}},
              {{"id", 2}, {"op", "relu"}, {"inputs", {1}}, {"shape", {hidden}}},
              {{"id", 3},
               {"op", "linear"},
               {"inputs", {2}},
               {"shape", {classes}},
               {"attrs", {{"out_features", classes}, {"bias", bias}}}},
              {{"id", 4}, {"op", "output"}, {"inputs", {3}}, {"shape", {classes}}}}}};
  Candidate c;
  std::string err;
  if (!parseCandidate(j.dump(), c, err))
    throw std::runtime_error(err);
  return c;
}

/// input [in] -> linear(out, no bias) [-> activation] -> output.
Candidate oneLayer(int64_t in, int64_t out, const char *activation) {
  json nodes = {{{"id", 0}, {"op", "input"}, {"shape", {in}}},
                {{"id", 1},
                 {"op", "linear"},
                 {"inputs", {0}},
                 {"shape", {out}},
                 {"attrs", {{"out_features", out}, {"bias", false}}}}};
  if (activation)
    nodes.push_back({{"id", 2}, {"op", activation}, {"inputs", {1}}, {"shape", {out}}});
  int64_t last = activation ? 2 : 1;
  nodes.push_back({{"id", last + 1}, {"op", "output"}, {"inputs", {last}}, {"shape", {out}}});
  json j = {{"format", "nasir-candidate"}, {"version", 1}, {"input", {in}},
            {"num_classes", out}, {"nodes", nodes}};
  Candidate c;
  std::string err;
  if (!parseCandidate(j.dump(), c, err))
    throw std::runtime_error(err);
  return c;
}

torch::Tensor param(CandidateNet &net, const std::string &name) {
  for (auto &p : net->named_parameters())
    if (p.key() == name)
      return p.value();
  throw std::runtime_error("no parameter " + name);
}

void set(CandidateNet &net, const std::string &name, const torch::Tensor &v) {
  torch::NoGradGuard ng;
  param(net, name).copy_(v);
}

torch::Tensor rows(std::vector<std::vector<float>> r) {
  std::vector<torch::Tensor> t;
  for (auto &v : r)
    t.push_back(torch::tensor(v));
  return torch::stack(t);
}

std::string tmp(const std::string &n) {
  return ::testing::TempDir() + "nasir-proxies-" + std::to_string(getpid()) + "-" + n;
}

} // namespace

TEST(Proxies, Names) {
  Proxy p;
  ASSERT_TRUE(parseProxy("naswot", p));
  EXPECT_EQ(p, Proxy::Naswot);
  EXPECT_STREQ(proxyName(Proxy::Synflow), "synflow");
  EXPECT_FALSE(parseProxy("jacov", p));
}

// A chain of equal weights: R = (sum of the output's ones) is the product of the layer widths
// times the product of |w|; each layer's parameters carry all of R (Euler: R is linear in each
// layer), so synflow = layers x R.
TEST(Proxies, SynflowOfAConstantChainIsTheProductOfSums) {
  Candidate c = mlp(4, 3, 2, /*bias=*/false);
  CandidateNet net(c);
  set(net, "n1_linear.weight", torch::full({3, 4}, -0.5f)); // signs do not matter
  set(net, "n3_linear.weight", torch::full({2, 3}, 2.0f));
  double r = 4 * 3 * 2 * 0.5 * 2.0;
  EXPECT_DOUBLE_EQ(synflowScore(*net, c.input), 2 * r);
}

// Random weights and biases: the closed form 1' |W2| (|W1| 1 + |b1|) + 1'|b2| of R, split per
// parameter as theta * dR/dtheta.
TEST(Proxies, SynflowOfARandomChainMatchesTheFormula) {
  torch::manual_seed(3);
  Candidate c = mlp(5, 4, 3, /*bias=*/true);
  CandidateNet net(c);
  auto w1 = param(net, "n1_linear.weight").detach().abs().to(torch::kFloat64);
  auto b1 = param(net, "n1_linear.bias").detach().abs().to(torch::kFloat64);
  auto w2 = param(net, "n3_linear.weight").detach().abs().to(torch::kFloat64);
  auto b2 = param(net, "n3_linear.bias").detach().abs().to(torch::kFloat64);
  auto ones5 = torch::ones({5}, torch::kFloat64), ones3 = torch::ones({3}, torch::kFloat64);
  double viaW2 = ones3.dot(w2.mv(w1.mv(ones5) + b1)).item<double>();
  double viaB2 = b2.sum().item<double>();
  double viaW1 = ones3.dot(w2.mv(w1.mv(ones5))).item<double>();
  double viaB1 = ones3.dot(w2.mv(b1)).item<double>();
  EXPECT_NEAR(synflowScore(*net, c.input), viaW2 + viaB2 + viaW1 + viaB1, 1e-9);
}

TEST(Proxies, DeterministicUnderASeed) {
  Candidate c = mlp(6, 64, 3, true); // 64 units: a kernel of 16 samples can be regular
  torch::manual_seed(0);
  torch::Tensor x = torch::randn({16, 6}), y = torch::randint(0, 3, {16});
  for (Proxy p : {Proxy::Synflow, Proxy::Snip, Proxy::Naswot}) {
    double a = proxyScore(p, c, x, y, 11, torch::kCPU);
    double b = proxyScore(p, c, x, y, 11, torch::kCPU);
    double other = proxyScore(p, c, x, y, 12, torch::kCPU);
    EXPECT_EQ(a, b) << proxyName(p);
    EXPECT_NE(a, other) << proxyName(p) << ": the seed initializes the network";
  }
}

// One linear layer: dL/dW = (softmax(Wx) - onehot(y)) x' averaged over the batch.
TEST(Proxies, SnipOfOneLayerMatchesTheGradientByHand) {
  Candidate c = oneLayer(3, 2, nullptr);
  CandidateNet net(c);
  torch::Tensor w = rows({{0.5f, -1.0f, 0.25f}, {-0.75f, 0.5f, 1.0f}});
  set(net, "n1_linear.weight", w);
  torch::Tensor x = rows({{1, 2, -1}, {0.5f, -1, 3}});
  torch::Tensor y = torch::tensor({1, 0}, torch::kInt64);
  torch::Tensor p = torch::softmax(x.mm(w.t()), 1);
  torch::Tensor g = (p - torch::one_hot(y, 2).to(torch::kFloat32)).t().mm(x) / 2;
  double expected = (g * w).abs().sum().item<double>();
  EXPECT_NEAR(snipScore(*net, x, y), expected, 1e-6);
}

// ReLU is positively homogeneous: W1 -> a W1, W2 -> W2 / a leaves the logits, hence the loss,
// unchanged, while each gradient scales inversely to its weight, so |g * w| is unchanged too.
// A batch repeated twice has the same mean loss and the same score.
TEST(Proxies, SnipScalesAsTheDefinitionSays) {
  Candidate c = mlp(4, 6, 3, /*bias=*/false);
  torch::manual_seed(5);
  torch::Tensor x = torch::randn({8, 4}), y = torch::randint(0, 3, {8});
  CandidateNet base(c), scaled(c), again(c);
  torch::Tensor w1 = param(base, "n1_linear.weight").detach().clone();
  torch::Tensor w2 = param(base, "n3_linear.weight").detach().clone();
  for (CandidateNet *n : {&scaled, &again})
    set(*n, "n3_linear.weight", w2);
  set(scaled, "n1_linear.weight", w1 * 4);
  set(scaled, "n3_linear.weight", w2 / 4);
  set(again, "n1_linear.weight", w1);
  double s = snipScore(*base, x, y);
  EXPECT_GT(s, 0);
  EXPECT_NEAR(snipScore(*scaled, x, y), s, 1e-5 * s);
  EXPECT_NEAR(snipScore(*again, torch::cat({x, x}), torch::cat({y, y})), s, 1e-5 * s);
}

// Every ReLU active: every code is all ones, K = N_A 11' is singular for two or more samples
// (log-det -inf) and log N_A for one.
TEST(Proxies, NaswotWithEveryReluActive) {
  Candidate c = mlp(2, 3, 2, /*bias=*/false);
  CandidateNet net(c);
  set(net, "n1_linear.weight", torch::full({3, 2}, 0.5f));
  torch::Tensor x = rows({{1, 2}, {3, 1}, {0.5f, 0.5f}});
  EXPECT_EQ(naswotScore(*net, x), -std::numeric_limits<double>::infinity());
  EXPECT_NEAR(naswotScore(*net, x.slice(0, 0, 1)), std::log(3.0), 1e-12);
}

// W1 = identity: the codes of (1,1), (1,-1), (-1,-1) are 11, 10, 00, so with N_A = 2
// K = [[2,1,0],[1,2,1],[0,1,2]], det 4; the first two alone: [[2,1],[1,2]], det 3.
TEST(Proxies, NaswotIsTheLogDetOfTheHammingKernel) {
  Candidate c = mlp(2, 2, 2, /*bias=*/false);
  CandidateNet net(c);
  set(net, "n1_linear.weight", torch::eye(2));
  torch::Tensor x = rows({{1, 1}, {1, -1}, {-1, -1}});
  EXPECT_NEAR(naswotScore(*net, x), std::log(4.0), 1e-12);
  EXPECT_NEAR(naswotScore(*net, x.slice(0, 0, 2)), std::log(3.0), 1e-12);
}

TEST(Proxies, NaswotNeedsReluUnits) {
  Candidate c = oneLayer(2, 2, "tanh");
  CandidateNet net(c);
  EXPECT_THROW(naswotScore(*net, torch::ones({4, 2})), TrainFailure);
}

// nasir-train --proxy --candidates: one line per file, in order, each scored as if alone.
TEST(Proxies, ScoresAListInOrderAsIfAlone) {
  const char *digits = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
  if (access(digits, R_OK) != 0)
    GTEST_SKIP() << "python3-sklearn's digits.csv.gz is not installed";
  std::string cnn = std::string(NASIR_TEST_INPUTS) + "/digits_cnn.json";
  std::string mlpFile = std::string(NASIR_TEST_INPUTS) + "/digits_mlp.json";
  TrainOptions o;
  o.data = "digits";
  o.threads = 1;
  o.seed = 4;
  o.batchSize = 32;
  o.proxy = "snip";
  auto run = [&](std::vector<std::string> files) {
    std::string list = tmp("list.txt");
    std::ofstream(list) << files[0] << "\n" << files[1] << "\n";
    o.candidateList = list;
    std::ostringstream out;
    EXPECT_EQ(scoreProxies(o, out), 0) << out.str();
    std::vector<json> lines;
    std::istringstream in(out.str());
    for (std::string l; std::getline(in, l);)
      lines.push_back(json::parse(l));
    return lines;
  };
  auto ab = run({cnn, mlpFile}), ba = run({mlpFile, cnn});
  ASSERT_EQ(ab.size(), 2u);
  ASSERT_EQ(ba.size(), 2u);
  EXPECT_EQ(ab[0]["status"], "ok") << ab[0];
  EXPECT_EQ(ab[0]["candidate"], cnn);
  EXPECT_EQ(ab[0]["proxy"], "snip");
  EXPECT_EQ(ab[0]["score"], ba[1]["score"]);
  EXPECT_EQ(ab[1]["score"], ba[0]["score"]);
  EXPECT_NE(ab[0]["score"], ab[1]["score"]);
}
