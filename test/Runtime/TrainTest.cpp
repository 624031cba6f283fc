// Training on the sklearn digits (real data, 1797 8x8 images): determinism, save/load,
// failures as results, the nasir-train command line.
#include "lib/Runtime/Internal.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

using namespace nasir::runtime;
using json = nlohmann::json;

namespace {

const char *kDigits = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

Candidate load(const std::string &name) {
  Candidate c;
  std::string err;
  if (!loadCandidateFile(std::string(NASIR_TEST_INPUTS) + "/" + name, c, err))
    throw std::runtime_error(err);
  return c;
}

TrainOptions digitsOptions() {
  TrainOptions o;
  o.data = "digits";
  o.epochs = 2;
  o.batchSize = 64;
  o.threads = 2;
  o.seed = 7;
  o.device = "cpu";
  o.quiet = true;
  o.warmupSteps = 5;
  return o;
}

#define REQUIRE_DIGITS()                                                                         \
  if (access(kDigits, R_OK) != 0)                                                                \
  GTEST_SKIP() << "python3-sklearn's digits.csv.gz is not installed"

std::string tmp(const std::string &n) {
  return ::testing::TempDir() + "nasir-" + std::to_string(getpid()) + "-" + n;
}

} // namespace

TEST(Train, LearnsDigitsAndReportsJson) {
  REQUIRE_DIGITS();
  Candidate c = load("digits_cnn.json");
  TrainOptions o = digitsOptions();
  o.epochs = 3;
  TrainResult r = train(c, o);
  ASSERT_TRUE(r.ok) << r.json;
  json j = json::parse(r.json);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_GT(j["val_accuracy"].get<double>(), 0.85) << r.json;
  EXPECT_GT(j["test_accuracy"].get<double>(), 0.85) << r.json;
  EXPECT_EQ(j["params"].get<int64_t>(), countParameters(c));
  EXPECT_EQ(j["flops"].get<int64_t>(), countFlops(c));
  // conv 1024*18, bn 2*1024, relu 1024, maxpool 256*4, linear 10*(2*256+1)
  EXPECT_EQ(j["flops"].get<int64_t>(), 1024 * 18 + 2048 + 1024 + 1024 + 10 * 513);
  for (const char *k : {"loss", "model_bytes", "train_seconds", "latency_ms_per_batch",
                        "latency_ms_per_sample", "epochs", "device", "seed", "data_fraction"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["device"], "cpu");
  EXPECT_EQ(j["test_size"].get<int64_t>(), 359);
  // The learning curve: an entry per epoch, the last one the result.
  ASSERT_EQ(j["curve"].size(), 3u) << r.json;
  for (int e = 0; e < 3; ++e) {
    const json &p = j["curve"][e];
    EXPECT_EQ(p["epoch"].get<int64_t>(), e + 1);
    for (const char *k : {"train_accuracy", "val_accuracy"}) {
      EXPECT_GE(p[k].get<double>(), 0) << k;
      EXPECT_LE(p[k].get<double>(), 1) << k;
    }
  }
  const json &first = j["curve"][0], &last = j["curve"][2];
  EXPECT_EQ(last["val_accuracy"].get<double>(), j["val_accuracy"].get<double>());
  EXPECT_EQ(last["val_loss"].get<double>(), j["val_loss"].get<double>());
  EXPECT_EQ(last["train_loss"].get<double>(), j["loss"].get<double>());
  EXPECT_GT(last["train_accuracy"].get<double>(), first["train_accuracy"].get<double>());
  EXPECT_LT(last["train_loss"].get<double>(), first["train_loss"].get<double>());
}

TEST(Train, ReshapedInputsAndAdamW) {
  REQUIRE_DIGITS();
  TrainOptions o = digitsOptions();
  o.optimizer = "adamw";
  o.lr = 1e-2;
  o.epochs = 3;
  // 1x8x8 samples as [64] vectors (an MLP) and as [8, 8] sequences (8 channels: the rows,
  // length 8: the columns; a conv1d).
  for (const char *f : {"digits_mlp.json", "digits_conv1d.json"}) {
    TrainResult r = train(load(f), o);
    ASSERT_TRUE(r.ok) << r.json;
    EXPECT_GT(r.testAccuracy, 0.85) << f << ": " << r.json;
  }
}

TEST(Train, DeterministicForSameSeedAndThreads) {
  REQUIRE_DIGITS();
  Candidate c = load("digits_cnn.json");
  TrainOptions o = digitsOptions();
  TrainResult a = train(c, o), b = train(c, o);
  ASSERT_TRUE(a.ok && b.ok) << a.json << b.json;
  EXPECT_EQ(a.loss, b.loss); // bit-identical
  EXPECT_EQ(a.valAccuracy, b.valAccuracy);
  EXPECT_EQ(a.testAccuracy, b.testAccuracy);
  o.seed = 8;
  TrainResult d = train(c, o);
  ASSERT_TRUE(d.ok);
  EXPECT_NE(a.loss, d.loss);
}

TEST(Train, SaveAndLoadGiveIdenticalOutputs) {
  REQUIRE_DIGITS();
  Candidate c = load("digits_cnn.json");
  TrainOptions o = digitsOptions();
  o.epochs = 1;
  o.savePath = tmp("digits.pt");
  TrainResult r = train(c, o);
  ASSERT_TRUE(r.ok) << r.json;
  torch::manual_seed(123); // different init: the load must overwrite everything
  CandidateNet saved(c);
  torch::load(saved, o.savePath);
  CandidateNet fresh(c);
  torch::load(fresh, o.savePath);
  saved->eval();
  fresh->eval();
  auto x = torch::randn({16, 1, 8, 8});
  EXPECT_TRUE(torch::equal(saved->forward(x), fresh->forward(x)));
  // --load with 0 epochs reproduces the test accuracy of the trained model
  TrainOptions e = digitsOptions();
  e.epochs = 0;
  e.loadPath = o.savePath;
  TrainResult er = train(c, e);
  ASSERT_TRUE(er.ok) << er.json;
  EXPECT_EQ(er.testAccuracy, r.testAccuracy);
  EXPECT_EQ(er.valAccuracy, r.valAccuracy);
  // a state dict of another candidate is refused with a reason
  e.loadPath = o.savePath;
  TrainResult bad = train(load("digits_mlp.json"), e);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(json::parse(bad.json)["status"], "failed");
  unlink(o.savePath.c_str());
}

TEST(Train, FailuresAreResults) {
  REQUIRE_DIGITS();
  Candidate c = load("digits_cnn.json");
  TrainOptions o = digitsOptions();
  o.lr = 1e8;
  o.warmupSteps = 0;
  TrainResult r = train(c, o);
  EXPECT_FALSE(r.ok);
  json j = json::parse(r.json);
  EXPECT_EQ(j["status"], "failed");
  std::string reason = j["reason"];
  EXPECT_TRUE(reason.find("non-finite loss") != std::string::npos ||
              reason.find("diverged") != std::string::npos)
      << reason;

  o = digitsOptions();
  o.maxTime = 1e-6;
  r = train(c, o);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.reason.find("timeout"), std::string::npos) << r.reason;

  o = digitsOptions();
  o.data = "mnist:/nonexistent";
  r = train(c, o);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.reason.find("/nonexistent/train-images-idx3-ubyte"), std::string::npos) << r.reason;
  EXPECT_EQ(json::parse(r.json)["stage"], "data");

  o = digitsOptions();
  o.data = "csv:" + tmp("three-classes.csv");
  {
    FILE *f = fopen(o.data.substr(4).c_str(), "w");
    for (int i = 0; i < 30; ++i)
      fprintf(f, "%d,%d,%d\n", i, i * i, i % 3);
    fclose(f);
  }
  r = train(c, o); // candidate wants [1, 8, 8] and 10 classes
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.reason.find("does not match dataset csv"), std::string::npos) << r.reason;

  o = digitsOptions();
  o.device = "cuda";
  if (!torch::cuda::is_available()) {
    r = train(c, o);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.reason.find("CUDA is not available"), std::string::npos);
  }
}

TEST(Train, CommandLine) {
  REQUIRE_DIGITS();
  std::string cand = std::string(NASIR_TEST_INPUTS) + "/digits_cnn.json";
  auto run = [](std::vector<std::string> args, std::string &out) {
    std::vector<char *> argv;
    for (auto &a : args)
      argv.push_back(a.data());
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    int rc = trainMain((int)argv.size(), argv.data());
    out = testing::internal::GetCapturedStdout();
    testing::internal::GetCapturedStderr();
    return rc;
  };
  std::string out;
  EXPECT_EQ(run({"nasir-train", cand, "--data", "digits", "--epochs=1", "--threads", "2",
                 "--progress", "plain", "--batch-size", "128"},
                out),
            0);
  // exactly one line of JSON on stdout
  ASSERT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  EXPECT_EQ(json::parse(out)["status"], "ok");
  EXPECT_EQ(run({"nasir-train", cand, "--data", "digits", "--lr", "1e9", "--threads", "2",
                 "--quiet"},
                out),
            1);
  EXPECT_EQ(json::parse(out)["status"], "failed");
  EXPECT_EQ(run({"nasir-train", cand, "--data", "digits", "--optimizer", "lion"}, out), 2);
  EXPECT_NE(json::parse(out)["reason"].get<std::string>().find("--optimizer"), std::string::npos);
  EXPECT_EQ(run({"nasir-train", cand, "--data", "digits", "--epochs", "x"}, out), 2);
  EXPECT_EQ(run({"nasir-train", "--info", "--data", "digits"}, out), 0);
  json info = json::parse(out);
  EXPECT_EQ(info["input"], json::parse("[1, 8, 8]"));
  EXPECT_EQ(info["num_classes"], 10);
  EXPECT_EQ(run({"nasir-train", "/nonexistent.json", "--data", "digits"}, out), 1);
  EXPECT_EQ(json::parse(out)["stage"], "candidate");
}
