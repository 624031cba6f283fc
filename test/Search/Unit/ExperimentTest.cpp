//===- ExperimentTest.cpp - one experiment, as search/report/export see it ===//
#include "SmallSpace.h"
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "lib/Search/Experiment.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

namespace {

class ExperimentTest : public ::testing::Test {
protected:
  ExperimentTest() {
    ctx.loadDialect<nn::NNDialect, nas::NASDialect>();
    llvm::SmallString<128> dir;
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("nasir-experiment", dir));
    folder = dir.str().str();
    path = folder + "/exp.db";
  }
  ~ExperimentTest() override { llvm::sys::fs::remove_directories(folder); }

  /// Writes a store holding an experiment with `options` over `spaceIR`.
  void writeStore(const std::string &options,
                  const std::string &spaceIR = kSmallSpace) {
    std::string error;
    auto store = openSqliteStore(path, error);
    ASSERT_TRUE(store) << error;
    ExperimentInfo info;
    info.spaceName = "small";
    info.spaceFile = "small.mlir";
    info.spaceIR = spaceIR;
    info.strategy = "random";
    info.evaluator = "table";
    info.seed = 3;
    info.options = options;
    ASSERT_TRUE(store->createExperiment(info)) << store->lastError();
  }

  MLIRContext ctx;
  std::string folder, path;
};

TEST_F(ExperimentTest, OpensWhatTheSearchStored) {
  ExperimentOptions given = {{"evaluator", "table"},
                             {"table", "csv:t.csv"},
                             {"dataset", "cifar100"},
                             {"budget", "20"}};
  writeStore(printExperimentOptions(given));
  std::string error;
  auto e = Experiment::open(path, ctx, error);
  ASSERT_TRUE(e) << error;
  EXPECT_TRUE(error.empty()) << error;
  // A path stored relative (a store of an older nasir, which recorded them
  // as typed) is read against the working directory, as those were used.
  llvm::SmallString<256> cwd;
  ASSERT_FALSE(llvm::sys::fs::current_path(cwd));
  const std::string table = "csv:" + std::string(cwd) + "/t.csv";
  ExperimentOptions read = given;
  read["table"] = table;
  EXPECT_EQ(e->options, read);
  EXPECT_EQ(e->option("budget"), "20");
  EXPECT_EQ(e->option("jobs", "1"), "1");
  EXPECT_EQ(e->info.seed, 3u);
  ASSERT_TRUE(e->space);
  EXPECT_EQ(e->space.getSymName(), "small");
  // The space's objectives when --objective was not given.
  EXPECT_EQ(printObjectives(e->objectives), "max:accuracy,min:params");
  std::map<int64_t, Trial> trials;
  EXPECT_TRUE(e->loadTrials(trials, error)) << error;
  EXPECT_TRUE(trials.empty());

  EvaluatorConfig c = experimentEvaluator(e->options, e->layout);
  EXPECT_EQ(c.kind, "table");
  EXPECT_EQ(c.table, table);
  EXPECT_EQ(c.dataset, "cifar100");
  EXPECT_EQ(c.workDir, path + ".trials");
}

TEST_F(ExperimentTest, TheLayoutNamesEachTrialsFiles) {
  ExperimentLayout layout{"/data/exp.db"};
  EXPECT_EQ(layout.trialsDir(), "/data/exp.db.trials");
  EXPECT_EQ(layout.trialFile(12, ".pt"), "/data/exp.db.trials/trial-12.pt");
  EXPECT_EQ(ExperimentLayout::trialFile("w", 3, ".json"), "w/trial-3.json");
}

TEST_F(ExperimentTest, GivenObjectivesReplaceTheSpaces) {
  writeStore(R"({"objective":"min:flops"})");
  std::string error;
  auto e = Experiment::open(path, ctx, error);
  ASSERT_TRUE(e) << error;
  EXPECT_EQ(printObjectives(e->objectives), "min:flops");
  std::vector<Objective> objectives;
  EXPECT_FALSE(experimentObjectives(e->space, {{"objective", "best:x"}},
                                    objectives, error));
  EXPECT_NE(error.find("is not max:METRIC or min:METRIC"), std::string::npos);
}

TEST_F(ExperimentTest, TheOldSpellingOfTheZeroAbsorbingFlagIsRead) {
  writeStore(R"({"nb201-zero":"1"})");
  std::string error;
  auto e = Experiment::open(path, ctx, error);
  ASSERT_TRUE(e) << error;
  EXPECT_EQ(e->options, (ExperimentOptions{{"zero-absorbing", "1"}}));
}

TEST_F(ExperimentTest, ASpaceThatDoesNotParseStillOpens) {
  writeStore("{}", "nas.space @broken {");
  std::string error;
  auto e = Experiment::open(path, ctx, error);
  ASSERT_TRUE(e);
  EXPECT_EQ(error, "the store's space does not parse");
  EXPECT_FALSE(e->space);
  EXPECT_EQ(printObjectives(e->objectives), "max:accuracy");
}

TEST_F(ExperimentTest, UnreadableOptionsAreAnError) {
  std::string error;
  Experiment e;
  ExperimentInfo info;
  info.options = "[1, 2]";
  info.spaceIR = kSmallSpace;
  EXPECT_FALSE(e.describe(path, info, ctx, error));
  EXPECT_EQ(error, "the store's options are unreadable");
}

TEST_F(ExperimentTest, NoStoreIsAnError) {
  std::string error;
  EXPECT_FALSE(Experiment::open(folder + "/none.db", ctx, error));
  EXPECT_NE(error.find("no store at"), std::string::npos) << error;
}

} // namespace
