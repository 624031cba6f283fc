// Candidate parsing and validation, parameter and FLOP counts.
#include "lib/Runtime/Internal.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace nasir::runtime;
using json = nlohmann::json;

namespace {

json small() {
  return json::parse(R"({
    "format": "nasir-candidate", "version": 1, "space": "nb201",
    "decisions": {"e1_0": "nor_conv_3x3"},
    "input": [3, 32, 32], "num_classes": 10,
    "nodes": [
      {"id": 0, "op": "input", "shape": [3, 32, 32]},
      {"id": 1, "op": "conv2d", "inputs": [0], "shape": [16, 32, 32],
       "attrs": {"out_channels": 16, "kernel": 3, "stride": 1, "padding": 1,
                 "dilation": 1, "groups": 1, "bias": false}},
      {"id": 2, "op": "batch_norm", "inputs": [1], "shape": [16, 32, 32],
       "attrs": {"affine": true, "eps": 1e-5, "momentum": 0.1}},
      {"id": 3, "op": "global_avg_pool", "inputs": [2], "shape": [16]},
      {"id": 4, "op": "linear", "inputs": [3], "shape": [10],
       "attrs": {"out_features": 10, "bias": true}},
      {"id": 5, "op": "output", "inputs": [4], "shape": [10]}
    ]})");
}

std::string parseError(const json &j) {
  Candidate c;
  std::string err;
  EXPECT_FALSE(parseCandidate(j.dump(), c, err)) << j.dump();
  return err;
}

} // namespace

TEST(Candidate, ParsesTheDocumentedExample) {
  Candidate c;
  std::string err;
  ASSERT_TRUE(parseCandidate(small().dump(), c, err)) << err;
  EXPECT_EQ(c.nodes.size(), 6u);
  EXPECT_EQ(c.space, "nb201");
  EXPECT_EQ(c.decisions.at("e1_0"), "nor_conv_3x3");
  EXPECT_EQ(c.nodes[1].intAttr("out_channels"), 16);
  EXPECT_EQ(c.numClasses, 10);
  // 3*16*9 conv + 2*16 bn + 16*10+10 linear
  EXPECT_EQ(countParameters(c), 432 + 32 + 170);
  // conv 16*32*32*(2*27), bn 2*16*32*32, gap 16*32*32, linear 10*(2*16+1)
  EXPECT_EQ(countFlops(c), 16 * 32 * 32 * 54 + 2 * 16384 + 16384 + 10 * 33);
}

TEST(Candidate, DefaultsAreFilled) {
  json j = small();
  j["nodes"][1]["attrs"] = {{"out_channels", 16}, {"kernel", 3}, {"padding", 1}};
  j["nodes"][2].erase("attrs");
  Candidate c;
  std::string err;
  ASSERT_TRUE(parseCandidate(j.dump(), c, err)) << err;
  EXPECT_EQ(c.nodes[1].intAttr("stride"), 1);
  EXPECT_EQ(c.nodes[1].intAttr("groups"), 1);
  EXPECT_FALSE(c.nodes[1].boolAttr("bias"));
  EXPECT_TRUE(c.nodes[2].boolAttr("affine"));
  EXPECT_DOUBLE_EQ(c.nodes[2].attr("eps"), 1e-5);
}

TEST(Candidate, Errors) {
  json j = small();
  j["format"] = "other";
  EXPECT_NE(parseError(j).find("\"format\""), std::string::npos);
  j = small();
  j["version"] = 2;
  EXPECT_NE(parseError(j).find("\"version\""), std::string::npos);
  j = small();
  j["nodes"][1]["attrs"].erase("out_channels");
  EXPECT_EQ(parseError(j), "node 1 (conv2d): missing attribute \"out_channels\"");
  j = small();
  j["nodes"][1]["attrs"]["colour"] = 3;
  EXPECT_EQ(parseError(j), "node 1 (conv2d): unknown attribute \"colour\"");
  j = small();
  j["nodes"][1]["attrs"]["kernel"] = 2.5;
  EXPECT_EQ(parseError(j), "node 1 (conv2d): attribute \"kernel\" must be an integer");
  j = small();
  j["nodes"][2]["attrs"]["affine"] = 1;
  EXPECT_EQ(parseError(j), "node 2 (batch_norm): attribute \"affine\" must be true or false");
  j = small();
  j["nodes"][3]["op"] = "frobnicate";
  EXPECT_EQ(parseError(j), "node 3 (frobnicate): unknown op \"frobnicate\"");
  j = small();
  j["nodes"][3]["inputs"] = {7};
  EXPECT_EQ(parseError(j), "node 3 (global_avg_pool): input 7 is not an earlier node");
  j = small();
  j["nodes"][2]["id"] = 1;
  EXPECT_EQ(parseError(j), "node 1 (batch_norm): duplicate id");
  j = small();
  j["nodes"][1]["shape"] = {16, 16, 16};
  EXPECT_EQ(parseError(j),
            "node 1 (conv2d): declared shape [16, 16, 16] but the inputs give [16, 32, 32]");
  j = small();
  j["nodes"][0]["shape"] = {1, 32, 32};
  EXPECT_NE(parseError(j).find("differs from the candidate's \"input\""), std::string::npos);
  j = small();
  j["num_classes"] = 7;
  EXPECT_NE(parseError(j).find("node 5 (output)"), std::string::npos);
  j = small();
  j["nodes"].erase(5);
  EXPECT_NE(parseError(j).find("\"output\" node"), std::string::npos);
  j = small();
  j["nodes"][4]["inputs"] = {2}; // linear on [C, H, W]
  EXPECT_NE(parseError(j).find("node 4 (linear): input 2 has shape [16, 32, 32], expected rank 1"),
            std::string::npos);
  j = small();
  j["nodes"][1]["attrs"]["groups"] = 2; // 3 input channels
  EXPECT_NE(parseError(j).find("groups 2 must divide"), std::string::npos);
  j = small();
  j["nodes"][5]["inputs"] = {4, 3};
  EXPECT_EQ(parseError(j), "node 5 (output): expected 1 inputs, got 2");
  j = small();
  j["nodes"][1].erase("shape");
  EXPECT_NE(parseError(j).find("node 1 (conv2d): missing \"shape\""), std::string::npos);
  EXPECT_NE(parseError(json::parse("[1]")).find("JSON object"), std::string::npos);
  Candidate c;
  std::string err;
  EXPECT_FALSE(parseCandidate("{not json", c, err));
  EXPECT_NE(err.find("invalid JSON"), std::string::npos);
  EXPECT_FALSE(loadCandidateFile("/nonexistent/c.json", c, err));
  EXPECT_NE(err.find("/nonexistent/c.json"), std::string::npos);
}

TEST(Candidate, ExampleFilesParseAndCountsMatchTheModel) {
  for (const char *f : {"mnist_cnn.json", "all_ops.json", "sequence_ops.json"}) {
    Candidate c;
    std::string err;
    ASSERT_TRUE(loadCandidateFile(std::string(NASIR_TEST_INPUTS) + "/" + f, c, err)) << err;
    CandidateNet net(c);
    int64_t sum = 0;
    for (const auto &p : net->parameters())
      sum += p.numel();
    EXPECT_EQ(countParameters(c), sum) << f;
    EXPECT_EQ(parameterCount(*net), sum);
  }
}

TEST(Candidate, FlopsFollowTheCostModel) {
  // The numbers of the compiler's cost test (test/Dialect/CostTest.cpp), one op at a time.
  auto one = [](std::vector<int64_t> in, json node, std::vector<int64_t> out) {
    json nodes = json::array();
    nodes.push_back({{"id", 0}, {"op", "input"}, {"shape", in}});
    node["id"] = 1;
    node["shape"] = out;
    if (!node.contains("inputs"))
      node["inputs"] = {0};
    nodes.push_back(node);
    int64_t f = 1;
    for (auto v : out)
      f *= v;
    nodes.push_back({{"id", 2}, {"op", "flatten"}, {"inputs", {1}}, {"shape", {f}}});
    nodes.push_back({{"id", 3}, {"op", "output"}, {"inputs", {2}}, {"shape", {f}}});
    json j = {{"format", "nasir-candidate"}, {"version", 1}, {"input", in},
              {"num_classes", f}, {"nodes", nodes}};
    Candidate c;
    std::string err;
    EXPECT_TRUE(parseCandidate(j.dump(), c, err)) << err;
    return countFlops(c);
  };
  json conv = {{"op", "conv2d"}, {"attrs", {{"out_channels", 16}, {"kernel", 3}, {"padding", 1}}}};
  EXPECT_EQ(one({3, 32, 32}, conv, {16, 32, 32}), 884736);
  conv["attrs"]["bias"] = true;
  EXPECT_EQ(one({3, 32, 32}, conv, {16, 32, 32}), 901120);
  json gconv = {{"op", "conv2d"},
                {"attrs", {{"out_channels", 32}, {"kernel", 3}, {"padding", 1}, {"groups", 4},
                           {"bias", true}}}};
  EXPECT_EQ(one({16, 8, 8}, gconv, {32, 8, 8}), 149504);
  json sconv = {{"op", "conv2d"},
                {"attrs", {{"out_channels", 8}, {"kernel", 3}, {"padding", 1}, {"stride", 2}}}};
  EXPECT_EQ(one({8, 16, 16}, sconv, {8, 8, 8}), 73728);
  EXPECT_EQ(one({64}, {{"op", "linear"}, {"attrs", {{"out_features", 10}}}}, {10}), 1290);
  EXPECT_EQ(one({16, 8, 8}, {{"op", "batch_norm"}}, {16, 8, 8}), 2048);
  EXPECT_EQ(one({64}, {{"op", "layer_norm"}}, {64}), 128);
  EXPECT_EQ(one({16, 32, 32}, {{"op", "max_pool2d"}, {"attrs", {{"kernel", 2}}}}, {16, 16, 16}),
            16384);
  EXPECT_EQ(one({16, 32, 32},
                {{"op", "avg_pool2d"}, {"attrs", {{"kernel", 3}, {"stride", 1}, {"padding", 1}}}},
                {16, 32, 32}),
            147456);
  EXPECT_EQ(one({16, 8, 8}, {{"op", "add"}, {"inputs", {0, 0, 0}}}, {16, 8, 8}), 2048);
  EXPECT_EQ(one({16, 8, 8}, {{"op", "concat"}, {"inputs", {0, 0}}}, {32, 8, 8}), 0);
  EXPECT_EQ(one({16, 8, 8}, {{"op", "silu"}}, {16, 8, 8}), 1024);
  EXPECT_EQ(one({16, 8, 8}, {{"op", "zero"}, {"attrs", {{"stride", 2}}}}, {16, 4, 4}), 0);
  EXPECT_EQ(one({16, 8, 8}, {{"op", "dropout"}}, {16, 8, 8}), 0);
  // The 1-D family and [C, L] values: the numbers of CostTest.Conv1dFamily.
  EXPECT_EQ(one({8, 8}, {{"op", "conv1d"}, {"attrs", {{"out_channels", 16}, {"kernel", 3}, {"padding", 1}}}},
                {16, 8}),
            6144);
  EXPECT_EQ(one({16, 10},
                {{"op", "conv1d"},
                 {"attrs", {{"out_channels", 8}, {"kernel", 5}, {"stride", 2}, {"groups", 4},
                            {"bias", true}}}},
                {8, 3}),
            8 * 3 * 41);
  EXPECT_EQ(one({16, 8}, {{"op", "max_pool1d"}, {"attrs", {{"kernel", 2}}}}, {16, 4}), 128);
  EXPECT_EQ(one({16, 8},
                {{"op", "avg_pool1d"}, {"attrs", {{"kernel", 3}, {"stride", 1}, {"padding", 1}}}},
                {16, 8}),
            384);
  EXPECT_EQ(one({16, 8}, {{"op", "global_avg_pool"}}, {16}), 128);
  EXPECT_EQ(one({16, 8}, {{"op", "batch_norm"}}, {16, 8}), 256);
  EXPECT_EQ(one({16, 8}, {{"op", "linear"}, {"attrs", {{"out_features", 4}}}}, {16, 4}),
            16 * 4 * 17);
}

TEST(Candidate, SequenceLayers) {
  json j = small();
  j["input"] = {8, 8};
  j["nodes"][0]["shape"] = {8, 8};
  j["nodes"][1] = {{"id", 1},
                   {"op", "conv1d"},
                   {"inputs", {0}},
                   {"shape", {16, 8}},
                   {"attrs", {{"out_channels", 16}, {"kernel", 3}, {"padding", 1}}}};
  j["nodes"][2]["shape"] = {16, 8};
  Candidate c;
  std::string err;
  ASSERT_TRUE(parseCandidate(j.dump(), c, err)) << err;
  EXPECT_EQ(countParameters(c), 16 * 8 * 3 + 32 + 170);
  EXPECT_EQ(c.nodes[1].intAttr("dilation"), 1);
  // A pool's stride defaults to its kernel.
  json p = j;
  p["nodes"][2] = {{"id", 2}, {"op", "max_pool1d"}, {"inputs", {1}}, {"shape", {16, 2}},
                   {"attrs", {{"kernel", 4}}}};
  ASSERT_TRUE(parseCandidate(p.dump(), c, err)) << err;
  EXPECT_EQ(c.nodes[2].intAttr("stride"), 4);
  p["nodes"][2]["attrs"]["stride"] = -1;
  EXPECT_EQ(parseError(p), "node 2 (max_pool1d): kernel, stride must be >= 1 and 0 <= padding <= kernel / 2");
  // conv1d on an image, conv2d on a sequence.
  json e = small();
  e["nodes"][1]["op"] = "conv1d";
  EXPECT_EQ(parseError(e), "node 1 (conv1d): input 0 has shape [3, 32, 32], expected rank 2");
  e = j;
  e["nodes"][1]["op"] = "conv2d";
  EXPECT_EQ(parseError(e), "node 1 (conv2d): input 0 has shape [8, 8], expected rank 3");
  e = j;
  e["nodes"][1]["attrs"]["kernel"] = 11;
  EXPECT_EQ(parseError(e), "node 1 (conv1d): kernel larger than the padded input [8, 8]");
}

TEST(Candidate, StateDictNamesAreReadable) {
  Candidate c;
  std::string err;
  ASSERT_TRUE(parseCandidate(small().dump(), c, err)) << err;
  CandidateNet net(c);
  std::set<std::string> names;
  for (const auto &p : net->named_parameters())
    names.insert(p.key());
  for (const auto &b : net->named_buffers())
    names.insert(b.key());
  EXPECT_TRUE(names.count("n1_conv2d.weight"));
  EXPECT_TRUE(names.count("n2_batch_norm.running_mean"));
  EXPECT_TRUE(names.count("n4_linear.bias"));
  EXPECT_FALSE(names.count("n1_conv2d.bias"));
}

TEST(Candidate, DatasetBinding) {
  Candidate c;
  std::string err;
  ASSERT_TRUE(parseCandidate(small().dump(), c, err)) << err;
  DatasetInfo d;
  d.name = "mnist";
  d.shape = {1, 28, 28};
  d.numClasses = 10;
  EXPECT_FALSE(checkCandidateFitsDataset(c, d, err));
  EXPECT_NE(err.find("does not match dataset mnist"), std::string::npos);
  d.shape = {3, 32, 32};
  d.numClasses = 100;
  EXPECT_FALSE(checkCandidateFitsDataset(c, d, err));
  EXPECT_NE(err.find("num_classes 10"), std::string::npos);
  d.numClasses = 10;
  EXPECT_TRUE(checkCandidateFitsDataset(c, d, err));
  c.input = {3072}; // the flattened form is accepted too
  EXPECT_TRUE(checkCandidateFitsDataset(c, d, err));
  c.input = {96, 32}; // as is any shape of as many elements
  EXPECT_TRUE(checkCandidateFitsDataset(c, d, err));
  c.input = {3, 32};
  EXPECT_FALSE(checkCandidateFitsDataset(c, d, err));
  EXPECT_EQ(err, "candidate input [3, 32] (96 elements) does not match dataset mnist (input "
                 "[3, 32, 32], 3072 elements); re-specialize the candidate for this dataset");
}
