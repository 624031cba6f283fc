// Supernet documents (version 2): the reader's rules, assignments, and the supernet module's
// three modes against stand-alone candidates.
#include "lib/Runtime/OneShot.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace nasir::runtime;
using nasir::layers::parseAssignment;
using nasir::layers::parseSupernet;
using json = nlohmann::json;

namespace {

std::string inputPath(const std::string &f) { return std::string(NASIR_TEST_INPUTS) + "/" + f; }

json smallJson() {
  std::ifstream in(inputPath("supernet_small.json"));
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

Supernet small() {
  Supernet s;
  std::string err;
  EXPECT_TRUE(parseSupernet(smallJson().dump(), s, err)) << err;
  return s;
}

std::string supernetError(const json &j) {
  Supernet s;
  std::string err;
  EXPECT_FALSE(parseSupernet(j.dump(), s, err)) << j.dump();
  return err;
}

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

/// The node of `j` with id `id`.
json &node(json &j, int id) {
  for (auto &n : j["nodes"])
    if (n["id"] == id)
      return n;
  throw std::runtime_error("no node");
}

} // namespace

TEST(Supernet, ReadsTheSmallSupernet) {
  Supernet s = small();
  ASSERT_EQ(s.labels.size(), 4u);
  EXPECT_EQ(s.labels[0].name, "width");
  EXPECT_TRUE(s.labels[0].options[1].isNumber);
  EXPECT_EQ(s.labels[2].options[1].text, "tanh");
  EXPECT_EQ(s.labels[3].size(), 3u);
  EXPECT_EQ(s.extras[5].label, 2);
  ASSERT_EQ(s.extras[1].share.size(), 2u);
  EXPECT_EQ(s.extras[1].share[1].kernel, (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(nasir::layers::documentVersion(smallJson().dump()), 2);
}

TEST(Supernet, VersionOneReaderPointsToTheOneShotModes) {
  Candidate c;
  std::string err;
  EXPECT_FALSE(parseCandidate(smallJson().dump(), c, err));
  EXPECT_HAS(err, "version 2 is a supernet");
}

TEST(Supernet, EveryRuleNamesTheNodeAndField) {
  json j = smallJson();
  node(j, 5)["label"] = "nope";
  EXPECT_HAS(supernetError(j), "node 5 (mix): field \"label\": \"nope\" is not in \"labels\"");
  j = smallJson();
  node(j, 5)["inputs"] = {3, 4, 2};
  EXPECT_HAS(supernetError(j), "node 5 (mix): field \"inputs\" has 3 entries but label \"act\" has 2");
  j = smallJson();
  node(j, 5)["inputs"] = {3, 9};
  EXPECT_HAS(supernetError(j), "node 5 (mix): input 9 is not an earlier node");
  j = smallJson();
  node(j, 5)["inputs"] = {3, 0};
  EXPECT_HAS(supernetError(j), "node 5 (mix): input 1 has shape [1, 8, 8]");
  j = smallJson();
  node(j, 5).erase("label");
  EXPECT_HAS(supernetError(j), "node 5 (mix): missing string \"label\"");
  j = smallJson();
  node(j, 3)["label"] = "act";
  EXPECT_HAS(supernetError(j), "node 3 (relu): field \"label\" is for mixes");
  j = smallJson();
  node(j, 8)["label"] = "act";
  EXPECT_HAS(supernetError(j), "node 8 (mix_inputs): field \"label\": \"act\" is of kind op; mix_inputs takes an inputs label");
  j = smallJson();
  node(j, 8)["inputs"] = {6, 7};
  EXPECT_HAS(supernetError(j), "node 8 (mix_inputs): field \"inputs\" has 2 entries but label \"n8.in\" has 3 inputs");
  j = smallJson();
  node(j, 2)["share"][0]["channels"] = {4, 6, 8};
  EXPECT_HAS(supernetError(j), "node 2 (batch_norm): \"share\" label \"width\": field \"channels\" has 3 entries, the label 2 options");
  j = smallJson();
  node(j, 2)["share"][0]["channels"] = {4, 6};
  EXPECT_HAS(supernetError(j), "field \"channels\": the widest option 6 is not the node's channels 8");
  j = smallJson();
  node(j, 1)["share"][1]["kernel"] = {3, 7};
  EXPECT_HAS(supernetError(j), "node 1 (conv2d): \"share\" label \"k\": field \"kernel\": the largest option 7 is not attrs.kernel 5");
  j = smallJson();
  node(j, 1)["share"][1]["padding"] = {2, 2};
  EXPECT_HAS(supernetError(j), "option 0 (kernel 3, padding 2) is not centred in kernel 5 with padding 2");
  j = smallJson();
  node(j, 1)["share"][1]["kernel"] = {4, 5};
  EXPECT_HAS(supernetError(j), "option 0 (kernel 4, padding 1) is not centred");
  j = smallJson();
  node(j, 2)["share"][0]["kernel"] = {3, 5};
  node(j, 2)["share"][0]["padding"] = {1, 2};
  EXPECT_HAS(supernetError(j), "node 2 (batch_norm): \"share\" label \"width\": field \"kernel\": only a convolution's kernel is shared");
  j = smallJson();
  node(j, 2)["share"][0]["label"] = "n8.in";
  EXPECT_HAS(supernetError(j), "an inputs label shapes no layer");
  j = smallJson();
  node(j, 2)["share"][0]["label"] = "gone";
  EXPECT_HAS(supernetError(j), "node 2 (batch_norm): \"share\": label \"gone\" is not in \"labels\"");
  j = smallJson();
  node(j, 2)["share"].push_back(node(j, 2)["share"][0]);
  EXPECT_HAS(supernetError(j), "label \"width\" twice");
  j = smallJson();
  j["labels"].push_back(j["labels"][0]);
  EXPECT_HAS(supernetError(j), "label \"width\": listed twice in \"labels\"");
  j = smallJson();
  j["labels"][1]["kind"] = "size";
  EXPECT_HAS(supernetError(j), "label \"k\": field \"kind\": expected value, op, depth or inputs");
  j = smallJson();
  j["labels"][1]["options"] = {3, json::array()};
  EXPECT_HAS(supernetError(j), "label \"k\": field \"options\": an option is array, expected a number or a string");
  j = smallJson();
  j["labels"][3]["max"] = 4;
  EXPECT_HAS(supernetError(j), "label \"n8.in\": expected 1 <= min <= max <= n");
  j = smallJson();
  j.erase("labels");
  EXPECT_HAS(supernetError(j), "field \"labels\": expected an array");
  j = smallJson();
  node(j, 6)["shape"] = {4, 8, 8};
  EXPECT_HAS(supernetError(j), "node 6 (conv2d): declared shape [4, 8, 8]");
}

TEST(Supernet, Assignments) {
  Supernet s = small();
  Assignment a;
  std::string err;
  ASSERT_TRUE(parseAssignment(R"({"width": 8.0, "act": "tanh", "n8.in": [0, 2]})", s, a, err))
      << err;
  EXPECT_EQ(a, (Assignment{{1}, {0}, {1}, {0, 2}}));
  EXPECT_FALSE(parseAssignment(R"({"depth": 2})", s, a, err));
  EXPECT_HAS(err, "label \"depth\": not a label of the supernet");
  EXPECT_FALSE(parseAssignment(R"({"width": 16})", s, a, err));
  EXPECT_HAS(err, "label \"width\": 16 is not one of its options");
  EXPECT_FALSE(parseAssignment(R"({"act": 1})", s, a, err));
  EXPECT_FALSE(parseAssignment(R"({"n8.in": [2, 0]})", s, a, err));
  EXPECT_HAS(err, "is not a sorted list of 2..2 distinct inputs of 3");
}

TEST(Supernet, FixedAssignmentIsTheStandAloneCandidate) {
  torch::manual_seed(1);
  Supernet s = small();
  SupernetArch arch(s);
  SupernetNet sn(s, arch);
  Candidate c;
  std::string err;
  ASSERT_TRUE(loadCandidateFile(inputPath("supernet_small_sub.json"), c, err)) << err;
  CandidateNet cn(c);
  Assignment a;
  ASSERT_TRUE(parseAssignment(c.decisionsJson, s, a, err)) << err;
  sn->setFixed(a);
  // The stand-alone weights: the first 4 channels, the centred 3x3 window.
  auto sp = sn->named_parameters();
  auto cp = cn->named_parameters();
  torch::NoGradGuard ng;
  cp["n1_conv2d.weight"].copy_(sp["n1_conv2d.weight"].slice(0, 0, 4).slice(2, 1, 4).slice(3, 1, 4));
  cp["n1_conv2d.bias"].copy_(sp["n1_conv2d.bias"].slice(0, 0, 4));
  cp["n2_batch_norm.weight"].copy_(sp["n2_batch_norm.weight"].slice(0, 0, 4).uniform_(0.5, 1.5));
  cp["n2_batch_norm.bias"].copy_(sp["n2_batch_norm.bias"].slice(0, 0, 4).uniform_(-0.5, 0.5));
  cp["n6_conv2d.weight"].copy_(sp["n6_conv2d.weight"].slice(0, 0, 4).slice(1, 0, 4));
  cp["n10_linear.weight"].copy_(sp["n10_linear.weight"].slice(1, 0, 4));
  cp["n10_linear.bias"].copy_(sp["n10_linear.bias"]);
  torch::Tensor x = torch::randn({6, 1, 8, 8});
  for (bool training : {true, false}) {
    sn->train(training);
    cn->train(training);
    torch::Tensor want = cn->forward(x), got = sn->forward(x);
    EXPECT_TRUE(torch::allclose(got, want, 1e-5, 1e-6))
        << "training " << training << ": " << (got - want).abs().max().item<double>();
  }
}

TEST(Supernet, ChannelMasksZeroTheRightChannels) {
  json j = json::parse(R"({"format": "nasir-candidate", "version": 2, "input": [1, 4, 4],
    "num_classes": 4, "labels": [{"name": "w", "kind": "value", "options": [2, 4]}],
    "nodes": [{"id": 0, "op": "input", "shape": [1, 4, 4]},
      {"id": 1, "op": "conv2d", "inputs": [0], "shape": [4, 4, 4],
       "attrs": {"out_channels": 4, "kernel": 3, "padding": 1, "bias": true},
       "share": [{"label": "w", "channels": [2, 4]}]},
      {"id": 2, "op": "global_avg_pool", "inputs": [1], "shape": [4]},
      {"id": 3, "op": "output", "inputs": [2], "shape": [4]}]})");
  Supernet s;
  std::string err;
  ASSERT_TRUE(parseSupernet(j.dump(), s, err)) << err;
  torch::manual_seed(2);
  SupernetArch arch(s);
  SupernetNet sn(s, arch);
  torch::Tensor x = torch::randn({3, 1, 4, 4});
  sn->setFixed({{1}});
  torch::Tensor full = sn->forward(x).detach();
  EXPECT_GT(full.abs().min().item<double>(), 0.0);
  sn->setFixed({{0}});
  torch::Tensor narrow = sn->forward(x).detach();
  EXPECT_TRUE(torch::equal(narrow.slice(1, 0, 2), full.slice(1, 0, 2)));
  EXPECT_EQ(narrow.slice(1, 2, 4).abs().max().item<double>(), 0.0);
  // Soft, uniform: channels 2, 3 are kept by one option of two.
  sn->setSoft();
  torch::Tensor soft = sn->forward(x).detach();
  EXPECT_TRUE(torch::allclose(soft.slice(1, 0, 2), full.slice(1, 0, 2)));
  EXPECT_TRUE(torch::allclose(soft.slice(1, 2, 4), 0.5 * full.slice(1, 2, 4)));
}

TEST(Supernet, SharedLabelsShareOneParameter) {
  Supernet s = small();
  SupernetArch arch(s);
  SupernetNet sn(s, arch);
  // One vector per label, none among the weights.
  ASSERT_EQ(arch->parameters().size(), 4u);
  EXPECT_EQ(arch->alphas[3].numel(), 3);
  for (const auto &p : sn->named_parameters())
    EXPECT_EQ(p.key()[0], 'n') << p.key();
  EXPECT_EQ(sn->parameters().size(), 7u);
  sn->setSoft();
  sn->forward(torch::randn({4, 1, 8, 8})).pow(2).sum().backward();
  // "width" shapes three layers: their gradients meet in one vector.
  ASSERT_TRUE(arch->alphas[0].grad().defined());
  EXPECT_GT(arch->alphas[0].grad().abs().sum().item<double>(), 0.0);
  for (const auto &a : arch->alphas)
    EXPECT_TRUE(a.grad().defined());
}

TEST(Supernet, OnlyTheSelectedPathRuns) {
  torch::manual_seed(3);
  Supernet s = small();
  SupernetArch arch(s);
  SupernetNet sn(s, arch);
  // act = relu (node 3), inputs 7 and 2 of node 8: tanh (4) and conv 6 never run.
  sn->setFixed({{0}, {1}, {0}, {1, 2}});
  sn->train();
  sn->forward(torch::randn({4, 1, 8, 8})).sum().backward();
  EXPECT_EQ(sn->evaluations()[4], 0);
  EXPECT_EQ(sn->evaluations()[6], 0);
  EXPECT_EQ(sn->evaluations()[3], 1);
  EXPECT_FALSE(sn->named_parameters()["n6_conv2d.weight"].grad().defined());
  EXPECT_TRUE(sn->named_parameters()["n1_conv2d.weight"].grad().defined());
  for (const auto &a : arch->alphas)
    EXPECT_FALSE(a.grad().defined());
  // Hard samples: one mix input, the forward value of the fixed sub-network, gradients to alpha.
  for (int round = 0; round < 5; ++round) {
    std::vector<int64_t> before = sn->evaluations();
    sn->eval();
    sn->sampleHard(1.0);
    torch::Tensor x = torch::randn({2, 1, 8, 8});
    torch::Tensor hard = sn->forward(x);
    std::vector<int64_t> after = sn->evaluations();
    EXPECT_EQ(after[3] - before[3] + after[4] - before[4], 1);
    Assignment picked = sn->selection();
    hard.sum().backward();
    sn->setFixed(picked);
    EXPECT_TRUE(torch::allclose(hard.detach(), sn->forward(x).detach(), 1e-5, 1e-6));
  }
  EXPECT_TRUE(arch->alphas[2].grad().defined());
}

TEST(Supernet, ArgmaxAndUniformAssignments) {
  Supernet s = small();
  Assignment a = argmaxAssignment(s, {{0.4, 0.6}, {0.5, 0.5}, {0.9, 0.1}, {0.5, 0.1, 0.4}});
  EXPECT_EQ(a, (Assignment{{1}, {0}, {0}, {0, 2}}));
  std::mt19937_64 rng(7);
  std::vector<int> seen(3, 0);
  for (int i = 0; i < 200; ++i) {
    Assignment u = uniformAssignment(s, rng);
    ASSERT_EQ(u[3].size(), 2u);
    EXPECT_LT(u[3][0], u[3][1]);
    for (int64_t k : u[3])
      ++seen[(size_t)k];
  }
  for (int k : seen)
    EXPECT_GT(k, 90);
}

TEST(Supernet, SecondOrderGradientMatchesTheExactHessianVectorProduct) {
  torch::manual_seed(4);
  Supernet s = small();
  SupernetArch arch(s);
  SupernetNet net(s, arch);
  {
    torch::NoGradGuard ng;
    for (auto &a : arch->alphas)
      a.normal_(0, 0.5);
  }
  net->setSoft();
  net->train();
  TrainOptions o;
  std::vector<torch::Tensor> weights = net->parameters();
  torch::optim::SGD wopt(weights, torch::optim::SGDOptions(0.1));
  torch::optim::Adam aopt(arch->parameters(), torch::optim::AdamOptions(1e-3));
  Split empty;
  BatchStream val(empty, 1, s.graph.input, torch::kCPU, 0);
  std::mt19937_64 rng(0);
  OneShotContext c{o, net, arch, weights, wopt, aopt, val, rng, /*lr=*/0.1, /*weightDecay=*/0.0};
  torch::Tensor x = torch::randn({16, 1, 8, 8}), xv = torch::randn({16, 1, 8, 8});
  torch::Tensor y = torch::randint(0, 10, {16}), yv = torch::randint(0, 10, {16});
  std::vector<torch::Tensor> before;
  for (auto &w : weights)
    before.push_back(w.detach().clone());
  unrolledArchGradient(c, x, y, xv, yv);
  std::vector<torch::Tensor> fd;
  for (auto &a : arch->alphas)
    fd.push_back(a.grad().clone());
  for (size_t i = 0; i < weights.size(); ++i)
    EXPECT_TRUE(torch::equal(weights[i], before[i])) << "weights restored";

  // Exact: grad_a L_val(w') - xi * d/da (grad_w L_train(w, a) . v), v = grad_w' L_val(w').
  auto ce = [&](const torch::Tensor &a, const torch::Tensor &b) {
    return torch::nn::functional::cross_entropy(net->forward(a), b);
  };
  auto g = torch::autograd::grad({ce(x, y)}, weights, {}, false, false, true);
  {
    torch::NoGradGuard ng;
    for (size_t i = 0; i < weights.size(); ++i)
      if (g[i].defined())
        weights[i].sub_(0.1 * g[i]);
  }
  std::vector<torch::Tensor> all = weights;
  all.insert(all.end(), arch->alphas.begin(), arch->alphas.end());
  auto gv = torch::autograd::grad({ce(xv, yv)}, all, {}, false, false, true);
  {
    torch::NoGradGuard ng;
    for (size_t i = 0; i < weights.size(); ++i)
      weights[i].copy_(before[i]);
  }
  auto gt = torch::autograd::grad({ce(x, y)}, weights, {}, true, /*create_graph=*/true, true);
  torch::Tensor dot = torch::zeros({});
  for (size_t i = 0; i < weights.size(); ++i)
    if (gt[i].defined() && gv[i].defined())
      dot = dot + (gt[i] * gv[i].detach()).sum();
  auto hvp = torch::autograd::grad({dot}, arch->alphas, {}, false, false, true);
  // Finite differences through ReLU kinks and max pools: within 5% of the largest component.
  std::vector<torch::Tensor> exact;
  double scale = 0;
  for (size_t l = 0; l < arch->alphas.size(); ++l) {
    exact.push_back(gv[weights.size() + l] - 0.1 * hvp[l]);
    scale = std::max(scale, exact.back().abs().max().item<double>());
    // The second-order term matters: it is not the first-order gradient.
    EXPECT_GT(hvp[l].abs().max().item<double>(), 0.0);
  }
  for (size_t l = 0; l < arch->alphas.size(); ++l)
    EXPECT_LT((fd[l] - exact[l]).abs().max().item<double>(), 0.05 * scale)
        << "label " << l << ": " << fd[l] << " vs " << exact[l];
}
