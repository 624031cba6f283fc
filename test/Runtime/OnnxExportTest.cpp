// The ONNX writer (lib/Runtime/OnnxExport.h): every kind of the layer table
// has a spelling, the model carries the runtime's weights under their
// state-dict names, and bad weights are an error naming the file. The numbers
// themselves are checked against the runtime in test/Export/onnx.test.
#include "lib/Runtime/Internal.h"
#include "lib/Runtime/OnnxExport.h"

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <cstdio>
#include <fstream>

using namespace nasir::runtime;

namespace {

Candidate load(const std::string &name) {
  Candidate c;
  std::string err;
  EXPECT_TRUE(loadCandidateFile(std::string(NASIR_TEST_INPUTS) + "/" + name, c, err)) << err;
  return c;
}

onnx::ModelProto exportModel(const Candidate &c, const OnnxExportOptions &o) {
  std::string bytes, err;
  EXPECT_TRUE(candidateToOnnx(c, o, bytes, err)) << err;
  onnx::ModelProto m;
  EXPECT_TRUE(m.ParseFromString(bytes));
  return m;
}

const onnx::TensorProto *findInitializer(const onnx::ModelProto &m, const std::string &name) {
  for (const auto &t : m.graph().initializer())
    if (t.name() == name)
      return &t;
  return nullptr;
}

} // namespace

TEST(OnnxExport, EveryLayerKindHasASpelling) {
  std::vector<std::string> missing = layerKindsWithoutOnnx();
  EXPECT_TRUE(missing.empty()) << "no ONNX spelling for " << missing.front()
                               << " (add it to onnxSpellings in lib/Runtime/OnnxExport.cpp)";
}

TEST(OnnxExport, GraphHasTheRuntimesNamesAndWeights) {
  Candidate c = load("all_ops.json");
  OnnxExportOptions o;
  o.seed = 7;
  onnx::ModelProto m = exportModel(c, o);
  ASSERT_EQ(m.opset_import_size(), 1);
  EXPECT_EQ(m.opset_import(0).version(), kOnnxOpset);
  const onnx::GraphProto &g = m.graph();
  ASSERT_EQ(g.input_size(), 1);
  const auto &dims = g.input(0).type().tensor_type().shape().dim();
  ASSERT_EQ(dims.size(), 4);
  EXPECT_EQ(dims[0].dim_param(), "N");
  EXPECT_EQ(dims[1].dim_value(), 3);
  ASSERT_EQ(g.output_size(), 1);
  EXPECT_EQ(g.output(0).name(), "output");

  // Every parameter and buffer of the network (but the batch counter) is an
  // initializer with the same values.
  torch::manual_seed(7);
  CandidateNet net(c);
  int checked = 0;
  auto same = [&](const std::string &name, const torch::Tensor &t) {
    const onnx::TensorProto *p = findInitializer(m, name);
    ASSERT_NE(p, nullptr) << name;
    ASSERT_EQ((int64_t)p->raw_data().size(), t.numel() * 4) << name;
    torch::Tensor v = t.contiguous().to(torch::kFloat32);
    EXPECT_EQ(0, memcmp(p->raw_data().data(), v.data_ptr<float>(), p->raw_data().size())) << name;
    ++checked;
  };
  for (const auto &kv : net->named_parameters())
    same(kv.key(), kv.value());
  for (const auto &kv : net->named_buffers())
    if (kv.key().find("num_batches_tracked") == std::string::npos)
      same(kv.key(), kv.value());
  EXPECT_GT(checked, 4);
  EXPECT_NE(findInitializer(m, "n1_conv2d.weight"), nullptr);
}

TEST(OnnxExport, LoadsSavedWeights) {
  Candidate c = load("digits_cnn.json");
  std::string path = testing::TempDir() + "/onnx-weights.pt";
  torch::manual_seed(3);
  CandidateNet net(c);
  torch::save(net, path);
  OnnxExportOptions o;
  o.weightsPath = path;
  o.seed = 99; // ignored: the file's weights win
  onnx::ModelProto m = exportModel(c, o);
  auto w = net->named_parameters()["n1_conv2d.weight"].contiguous();
  const onnx::TensorProto *p = findInitializer(m, "n1_conv2d.weight");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(0, memcmp(p->raw_data().data(), w.data_ptr<float>(), w.numel() * 4));
  std::remove(path.c_str());
}

TEST(OnnxExport, BadWeightsAreAnErrorNamingTheFile) {
  Candidate c = load("digits_cnn.json");
  std::string bytes, err;
  OnnxExportOptions o;
  o.weightsPath = testing::TempDir() + "/no-such-weights.pt";
  EXPECT_FALSE(candidateToOnnx(c, o, bytes, err));
  EXPECT_NE(err.find("cannot load the weights '" + o.weightsPath + "'"), std::string::npos) << err;

  // Weights of another network.
  std::string other = testing::TempDir() + "/other-weights.pt";
  CandidateNet net(load("digits_mlp.json"));
  torch::save(net, other);
  o.weightsPath = other;
  EXPECT_FALSE(candidateToOnnx(c, o, bytes, err));
  EXPECT_NE(err.find("cannot load the weights '" + other + "'"), std::string::npos) << err;
  std::remove(other.c_str());
}

TEST(OnnxExport, UnwritableOutputIsAnError) {
  Candidate c = load("digits_mlp.json");
  std::string err;
  EXPECT_FALSE(exportOnnxFile(c, {}, "/nonexistent-dir/model.onnx", err));
  EXPECT_EQ(err, "cannot write '/nonexistent-dir/model.onnx'");
}
