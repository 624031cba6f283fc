// Every op of the candidate format: output shape and numeric checks against reference
// computations (torch functional calls with the module's own weights, or hand computations).
#include "lib/Runtime/Internal.h"
#include "lib/Layers/Layers.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace nasir::runtime;
using json = nlohmann::json;
namespace F = torch::nn::functional;

namespace {

int64_t prod(const std::vector<int64_t> &s) {
  int64_t p = 1;
  for (auto v : s)
    p *= v;
  return p;
}

/// A candidate: input(inShape) -> extra nodes -> op -> flatten -> output, so that the net's
/// output is the op's result flattened. `pre` are extra nodes (ids from 1) the op may use.
struct OpNet {
  Candidate cand;
  CandidateNet net{nullptr};
  std::vector<int64_t> outShape;
  OpNet(std::vector<int64_t> inShape, const std::string &op, json attrs,
        std::vector<int64_t> outShape, std::vector<int64_t> inputs = {0},
        std::vector<json> pre = {})
      : outShape(outShape) {
    json nodes = json::array();
    nodes.push_back({{"id", 0}, {"op", "input"}, {"shape", inShape}});
    for (auto &p : pre)
      nodes.push_back(p);
    int64_t id = (int64_t)nodes.size();
    json n = {{"id", id}, {"op", op}, {"inputs", inputs}, {"shape", outShape}};
    if (!attrs.is_null())
      n["attrs"] = attrs;
    nodes.push_back(n);
    int64_t f = prod(outShape);
    nodes.push_back({{"id", id + 1}, {"op", "flatten"}, {"inputs", {id}}, {"shape", {f}}});
    nodes.push_back({{"id", id + 2}, {"op", "output"}, {"inputs", {id + 1}}, {"shape", {f}}});
    json j = {{"format", "nasir-candidate"}, {"version", 1}, {"input", inShape},
              {"num_classes", f},            {"nodes", nodes}};
    std::string err;
    if (!parseCandidate(j.dump(), cand, err))
      throw std::runtime_error(err);
    net = CandidateNet(cand);
  }
  torch::Tensor run(const torch::Tensor &x) {
    auto y = net->forward(x);
    std::vector<int64_t> s{x.size(0)};
    s.insert(s.end(), outShape.begin(), outShape.end());
    return y.view(s);
  }
  torch::Tensor param(const std::string &name) { return net->named_parameters()[name]; }
};

void expectClose(const torch::Tensor &a, const torch::Tensor &b, double tol = 1e-5) {
  ASSERT_EQ(a.sizes(), b.sizes());
  EXPECT_TRUE(torch::allclose(a, b, tol, tol)) << (a - b).abs().max().item<double>();
}

struct Seed {
  Seed() { torch::manual_seed(1); }
};

} // namespace

TEST(Ops, Conv2dMatchesAHandLoop) {
  Seed s;
  OpNet o({2, 5, 5}, "conv2d",
          {{"out_channels", 3}, {"kernel", 3}, {"stride", 2}, {"padding", 1}, {"bias", true}},
          {3, 3, 3});
  auto x = torch::randn({2, 2, 5, 5});
  auto y = o.run(x);
  auto w = o.param("n1_conv2d.weight"), b = o.param("n1_conv2d.bias");
  auto ref = torch::zeros({2, 3, 3, 3});
  auto xp = F::pad(x, F::PadFuncOptions({1, 1, 1, 1}));
  for (int n = 0; n < 2; ++n)
    for (int co = 0; co < 3; ++co)
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
          double acc = b[co].item<double>();
          for (int ci = 0; ci < 2; ++ci)
            for (int ki = 0; ki < 3; ++ki)
              for (int kj = 0; kj < 3; ++kj)
                acc += xp[n][ci][2 * i + ki][2 * j + kj].item<double>() *
                       w[co][ci][ki][kj].item<double>();
          ref[n][co][i][j] = acc;
        }
  expectClose(y, ref, 1e-4);
}

TEST(Ops, Conv2dGroupsDilation) {
  Seed s;
  OpNet o({4, 9, 9}, "conv2d",
          {{"out_channels", 8}, {"kernel", 3}, {"padding", 2}, {"dilation", 2}, {"groups", 4}},
          {8, 9, 9});
  auto x = torch::randn({3, 4, 9, 9});
  auto ref = F::conv2d(x, o.param("n1_conv2d.weight"),
                       F::Conv2dFuncOptions().padding(2).dilation(2).groups(4));
  expectClose(o.run(x), ref);
  EXPECT_EQ(o.param("n1_conv2d.weight").sizes(), (std::vector<int64_t>{8, 1, 3, 3}));
}

TEST(Ops, Linear) {
  Seed s;
  OpNet o({6}, "linear", {{"out_features", 4}}, {4});
  auto x = torch::randn({5, 6});
  auto ref = x.matmul(o.param("n1_linear.weight").t()) + o.param("n1_linear.bias");
  expectClose(o.run(x), ref);
  OpNet nb({6}, "linear", {{"out_features", 4}, {"bias", false}}, {4});
  EXPECT_EQ(parameterCount(*nb.net), 24);
}

TEST(Ops, BatchNorm2dAnd1d) {
  Seed s;
  OpNet o({3, 4, 4}, "batch_norm", nullptr, {3, 4, 4});
  auto x = torch::randn({8, 3, 4, 4}) * 3 + 2;
  o.net->train();
  auto y = o.run(x);
  expectClose(y.mean({0, 2, 3}), torch::zeros({3}), 1e-4);
  auto var = x.var({0, 2, 3}, false);
  auto ref = (x - x.mean({0, 2, 3}, true)) / torch::sqrt(var.view({1, 3, 1, 1}) + 1e-5);
  expectClose(y, ref, 1e-4);
  // running stats updated with momentum 0.1
  auto rm = o.net->named_buffers()["n1_batch_norm.running_mean"];
  expectClose(rm, 0.1 * x.mean({0, 2, 3}), 1e-5);
  o.net->eval();
  expectClose(o.run(x), (x - rm.view({1, 3, 1, 1})) /
                            torch::sqrt(o.net->named_buffers()["n1_batch_norm.running_var"].view(
                                            {1, 3, 1, 1}) +
                                        1e-5),
              1e-4);
  OpNet o1({5}, "batch_norm", {{"affine", false}}, {5});
  EXPECT_EQ(parameterCount(*o1.net), 0);
  auto v = torch::randn({7, 5});
  expectClose(o1.run(v).mean(0), torch::zeros({5}), 1e-5);
}

TEST(Ops, LayerNormOverAllNonBatchDims) {
  Seed s;
  OpNet o({3, 4, 4}, "layer_norm", nullptr, {3, 4, 4});
  EXPECT_EQ(parameterCount(*o.net), 2 * 48);
  auto x = torch::randn({2, 3, 4, 4}) * 5 + 1;
  auto y = o.run(x);
  auto ref = (x - x.mean({1, 2, 3}, true)) / torch::sqrt(x.var({1, 2, 3}, false, true) + 1e-5);
  expectClose(y, ref, 1e-4);
}

TEST(Ops, Activations) {
  Seed s;
  auto x = torch::randn({4, 2, 3, 3}) * 4;
  std::vector<std::pair<std::string, torch::Tensor>> cases = {
      {"relu", x.clamp_min(0)},
      {"relu6", x.clamp(0, 6)},
      {"gelu", 0.5 * x * (1 + torch::erf(x / std::sqrt(2.0)))},
      {"sigmoid", 1 / (1 + torch::exp(-x))},
      {"silu", x / (1 + torch::exp(-x))},
      {"hardswish", x * (x + 3).clamp(0, 6) / 6},
      {"tanh", torch::tanh(x)},
      {"identity", x}};
  for (auto &c : cases) {
    OpNet o({2, 3, 3}, c.first, nullptr, {2, 3, 3});
    SCOPED_TRACE(c.first);
    expectClose(o.run(x), c.second, 1e-5);
  }
}

TEST(Ops, Pools) {
  Seed s;
  auto x = torch::randn({2, 3, 7, 7});
  OpNet mp({3, 7, 7}, "max_pool2d", {{"kernel", 2}}, {3, 3, 3}); // stride defaults to kernel
  expectClose(mp.run(x), F::max_pool2d(x, F::MaxPool2dFuncOptions(2)));
  EXPECT_FLOAT_EQ(mp.run(x)[1][2][0][0].item<float>(),
                  x[1][2].slice(0, 0, 2).slice(1, 0, 2).max().item<float>());
  OpNet mp2({3, 7, 7}, "max_pool2d", {{"kernel", 3}, {"stride", 2}, {"padding", 1}}, {3, 4, 4});
  expectClose(mp2.run(x), F::max_pool2d(x, F::MaxPool2dFuncOptions(3).stride(2).padding(1)));
  // avg_pool2d: count_include_pad defaults to false: a corner of all-ones stays 1.
  OpNet ap({3, 7, 7}, "avg_pool2d", {{"kernel", 3}, {"stride", 1}, {"padding", 1}}, {3, 7, 7});
  auto ones = torch::ones({1, 3, 7, 7});
  EXPECT_FLOAT_EQ(ap.run(ones)[0][0][0][0].item<float>(), 1.0f);
  OpNet api({3, 7, 7}, "avg_pool2d",
            {{"kernel", 3}, {"stride", 1}, {"padding", 1}, {"count_include_pad", true}},
            {3, 7, 7});
  EXPECT_NEAR(api.run(ones)[0][0][0][0].item<float>(), 4.0 / 9.0, 1e-6);
  EXPECT_NEAR(ap.run(x)[0][1][3][3].item<float>(),
              x[0][1].slice(0, 2, 5).slice(1, 2, 5).mean().item<float>(), 1e-5);
  OpNet gp({3, 7, 7}, "global_avg_pool", nullptr, {3});
  expectClose(gp.run(x), x.mean({2, 3}));
}

TEST(Ops, AddMulConcat) {
  Seed s;
  auto x = torch::randn({2, 4, 3, 3});
  json tanhNode = {{"id", 1}, {"op", "tanh"}, {"inputs", {0}}, {"shape", {4, 3, 3}}};
  OpNet add({4, 3, 3}, "add", nullptr, {4, 3, 3}, {0, 1, 0}, {tanhNode});
  expectClose(add.run(x), x + torch::tanh(x) + x);
  OpNet mul({4, 3, 3}, "mul", nullptr, {4, 3, 3}, {0, 1}, {tanhNode});
  expectClose(mul.run(x), x * torch::tanh(x));
  json gap = {{"id", 1}, {"op", "global_avg_pool"}, {"inputs", {0}}, {"shape", {4}}};
  OpNet bmul({4, 3, 3}, "mul", nullptr, {4, 3, 3}, {0, 1}, {gap});
  expectClose(bmul.run(x), x * x.mean({2, 3}, true)); // [N,C] as [N,C,1,1]
  OpNet bmul2({4, 3, 3}, "mul", nullptr, {4, 3, 3}, {1, 0}, {gap});
  expectClose(bmul2.run(x), x * x.mean({2, 3}, true));
  json sig = {{"id", 1}, {"op", "sigmoid"}, {"inputs", {0}}, {"shape", {4, 3, 3}}};
  json tanh2 = {{"id", 2}, {"op", "tanh"}, {"inputs", {0}}, {"shape", {4, 3, 3}}};
  OpNet cat({4, 3, 3}, "concat", nullptr, {12, 3, 3}, {0, 2, 1}, {sig, tanh2});
  expectClose(cat.run(x), torch::cat({x, torch::tanh(x), torch::sigmoid(x)}, 1));
}

TEST(Ops, ZeroRespectsStrideAndShape) {
  Seed s;
  auto x = torch::randn({3, 4, 7, 7}, torch::requires_grad());
  OpNet z1({4, 7, 7}, "zero", nullptr, {4, 7, 7});
  auto y1 = z1.run(x);
  EXPECT_EQ(y1.sizes(), (std::vector<int64_t>{3, 4, 7, 7}));
  EXPECT_EQ(y1.abs().sum().item<float>(), 0.0f);
  OpNet z2({4, 7, 7}, "zero", {{"stride", 2}}, {4, 4, 4}); // like x[:, :, ::2, ::2] * 0
  auto y2 = z2.run(x);
  EXPECT_EQ(y2.sizes(), (std::vector<int64_t>{3, 4, 4, 4}));
  EXPECT_EQ(y2.abs().sum().item<float>(), 0.0f);
  OpNet z3({4, 7, 7}, "zero", {{"stride", 2}}, {8, 4, 4}); // a none edge may change width
  EXPECT_EQ(z3.run(x).size(1), 8);
}

TEST(Ops, FlattenDropout) {
  Seed s;
  auto x = torch::randn({2, 3, 4, 4});
  OpNet fl({3, 4, 4}, "flatten", nullptr, {48});
  expectClose(fl.run(x), x.reshape({2, 48}));
  OpNet dr({48}, "dropout", {{"p", 0.5}}, {48});
  auto v = torch::ones({64, 48});
  dr.net->train();
  auto yt = dr.run(v);
  double zeros = (yt == 0).to(torch::kFloat).mean().item<double>();
  EXPECT_GT(zeros, 0.4);
  EXPECT_LT(zeros, 0.6);
  EXPECT_NEAR(yt.max().item<float>(), 2.0, 1e-6); // scaled by 1/(1-p)
  dr.net->eval();
  expectClose(dr.run(v), v);
}

TEST(Ops, EveryLayerOfTheTableHasABuilder) {
  std::set<std::string> kinds, built;
  for (const auto &l : nasir::layers::layerTable())
    kinds.insert(l.kind);
  for (const auto &b : layerBuilders())
    built.insert(b.first);
  EXPECT_EQ(kinds, built);
}

TEST(Ops, AllOpsCandidatesRunForwardAndBackward) {
  // all_ops.json (images) and sequence_ops.json ([C, L]) together use every layer of the
  // table: a new layer needs a node in one of them.
  std::set<std::string> ops, kinds;
  for (const auto &l : nasir::layers::layerTable())
    kinds.insert(l.kind);
  for (const char *f : {"all_ops.json", "sequence_ops.json"}) {
    SCOPED_TRACE(f);
    Candidate c;
    std::string err;
    ASSERT_TRUE(loadCandidateFile(std::string(NASIR_TEST_INPUTS) + "/" + f, c, err)) << err;
    for (auto &n : c.nodes)
      ops.insert(n.op);
    torch::manual_seed(0);
    CandidateNet net(c);
    std::vector<int64_t> shape{4};
    shape.insert(shape.end(), c.input.begin(), c.input.end());
    auto y = net->forward(torch::randn(shape));
    EXPECT_EQ(y.sizes(), (std::vector<int64_t>{4, 10}));
    y.sum().backward();
    for (auto &p : net->named_parameters())
      EXPECT_TRUE(p.value().grad().defined()) << p.key();
  }
  EXPECT_EQ(ops, kinds);
}

TEST(Ops, Conv1dMatchesTorch) {
  Seed s;
  OpNet o({4, 10}, "conv1d",
          {{"out_channels", 6}, {"kernel", 3}, {"stride", 2}, {"padding", 1}, {"bias", true}},
          {6, 5});
  auto x = torch::randn({3, 4, 10});
  auto w = o.param("n1_conv1d.weight"), b = o.param("n1_conv1d.bias");
  EXPECT_EQ(w.sizes(), (std::vector<int64_t>{6, 4, 3}));
  expectClose(o.run(x), F::conv1d(x, w, F::Conv1dFuncOptions().bias(b).stride(2).padding(1)));
  // Output 0 at position 0 by hand: the window [-1, 0, 1] with the zero padding.
  float ref = b[0].item<float>();
  for (int c = 0; c < 4; ++c)
    for (int k = 1; k < 3; ++k)
      ref += w[0][c][k].item<float>() * x[0][c][k - 1].item<float>();
  EXPECT_NEAR(o.run(x)[0][0][0].item<float>(), ref, 1e-5);
  OpNet g({4, 10}, "conv1d",
          {{"out_channels", 8}, {"kernel", 3}, {"dilation", 2}, {"groups", 2}}, {8, 6});
  EXPECT_EQ(parameterCount(*g.net), 8 * 2 * 3);
  expectClose(g.run(x), F::conv1d(x, g.param("n1_conv1d.weight"),
                                  F::Conv1dFuncOptions().dilation(2).groups(2)));
}

TEST(Ops, Pools1d) {
  Seed s;
  auto x = torch::randn({2, 3, 9});
  OpNet mp({3, 9}, "max_pool1d", {{"kernel", 2}}, {3, 4}); // stride defaults to kernel
  expectClose(mp.run(x), F::max_pool1d(x, F::MaxPool1dFuncOptions(2)));
  EXPECT_FLOAT_EQ(mp.run(x)[1][2][3].item<float>(), x[1][2].slice(0, 6, 8).max().item<float>());
  OpNet ap({3, 9}, "avg_pool1d", {{"kernel", 3}, {"stride", 1}, {"padding", 1}}, {3, 9});
  auto ones = torch::ones({1, 3, 9});
  EXPECT_FLOAT_EQ(ap.run(ones)[0][0][0].item<float>(), 1.0f); // padding not counted
  OpNet api({3, 9}, "avg_pool1d",
            {{"kernel", 3}, {"stride", 1}, {"padding", 1}, {"count_include_pad", true}}, {3, 9});
  EXPECT_NEAR(api.run(ones)[0][0][0].item<float>(), 2.0 / 3.0, 1e-6);
  OpNet gp({3, 9}, "global_avg_pool", nullptr, {3});
  expectClose(gp.run(x), x.mean(std::vector<int64_t>{2}));
}

TEST(Ops, LayersOnSequences) {
  Seed s;
  // batch_norm on [N, C, L] is BatchNorm1d over the channels.
  OpNet bn({3, 5}, "batch_norm", nullptr, {3, 5});
  EXPECT_EQ(parameterCount(*bn.net), 6);
  auto x = torch::randn({8, 3, 5}) * 3 + 2;
  bn.net->train();
  auto y = bn.run(x);
  const std::vector<int64_t> batchAndLength{0, 2};
  auto ref = (x - x.mean(batchAndLength, true)) /
             torch::sqrt(x.var(batchAndLength, false, true) + 1e-5);
  expectClose(y, ref, 1e-4);
  auto rm = bn.net->named_buffers()["n1_batch_norm.running_mean"];
  expectClose(rm, 0.1 * x.mean(batchAndLength), 1e-5);
  // layer_norm over [C, L].
  OpNet ln({3, 5}, "layer_norm", nullptr, {3, 5});
  EXPECT_EQ(parameterCount(*ln.net), 30);
  const std::vector<int64_t> channelsAndLength{1, 2};
  expectClose(ln.run(x), (x - x.mean(channelsAndLength, true)) /
                             torch::sqrt(x.var(channelsAndLength, false, true) + 1e-5),
              1e-4);
  // linear on the last dimension of [C, L].
  OpNet li({3, 5}, "linear", {{"out_features", 2}}, {3, 2});
  EXPECT_EQ(parameterCount(*li.net), 12);
  expectClose(li.run(x), x.matmul(li.param("n1_linear.weight").t()) + li.param("n1_linear.bias"));
  OpNet fl({3, 5}, "flatten", nullptr, {15});
  expectClose(fl.run(x), x.reshape({8, 15}));
}

TEST(Ops, AsInputReshapesSamplesOfTheSameSize) {
  auto batch = torch::arange(2 * 64, torch::kFloat32).reshape({2, 1, 8, 8});
  EXPECT_EQ(asInput(batch, {8, 8}).sizes(), (std::vector<int64_t>{2, 8, 8}));
  EXPECT_EQ(asInput(batch, {64}).sizes(), (std::vector<int64_t>{2, 64}));
  expectClose(asInput(batch, {8, 8}), batch.view({2, 8, 8}));
  EXPECT_EQ(asInput(batch, {1, 8, 8}).sizes(), batch.sizes());
  EXPECT_EQ(asInput(batch, {9, 8}).sizes(), batch.sizes()); // misfit: left to the first forward
}

TEST(Ops, FirstForwardChecksShapes) {
  // A candidate built in code (not through parseCandidate) with a wrong declared shape.
  Candidate c;
  c.input = {1, 8, 8};
  c.numClasses = 4;
  CandidateNode in{0, "input", {}, {1, 8, 8}, {}};
  CandidateNode conv{1, "conv2d", {0}, {4, 8, 8}, {}};
  conv.attrs = {{"out_channels", 4}, {"kernel", 3}, {"stride", 1}, {"padding", 0},
                {"dilation", 1},     {"groups", 1}, {"bias", 0}};
  CandidateNode gap{2, "global_avg_pool", {1}, {4}, {}};
  CandidateNode out{3, "output", {2}, {4}, {}};
  c.nodes = {in, conv, gap, out};
  CandidateNet net(c);
  try {
    net->forward(torch::randn({2, 1, 8, 8}));
    FAIL() << "expected a shape error";
  } catch (const std::runtime_error &e) {
    EXPECT_EQ(std::string(e.what()),
              "node 1 (conv2d): output shape [4, 6, 6] but the candidate declares [4, 8, 8]");
  }
  c.nodes[1].attrs["padding"] = 1;
  CandidateNet ok(c);
  EXPECT_THROW(ok->forward(torch::randn({2, 1, 9, 9})), std::runtime_error); // data misfit
  EXPECT_EQ(ok->forward(torch::randn({2, 1, 8, 8})).sizes(), (std::vector<int64_t>{2, 4}));
}
