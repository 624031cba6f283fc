//===- RegistryTest.cpp - evaluators and tables register themselves -------===//
//
// The built-in evaluators (table, train, command, external) and tables (csv, nb201)
// are found by name in the registries their own files fill; an evaluator
// registered by a file the registry does not know (this one) is built by
// makeEvaluator like the built-in ones.
//
//===----------------------------------------------------------------------===//
#include "SmallSpace.h"
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "lib/Search/Evaluator.h"
#include "lib/Search/TableEvaluator.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

namespace {

/// Answers every job with accuracy 0.5.
class HalfTable : public TableEvaluator {
public:
  bool lookup(const EvalJob &, Metrics &m, std::string &) override {
    m["accuracy"] = 0.5;
    return true;
  }
};

EvaluatorRegistration half("half", "accuracy 0.5 for everything",
                           [](const EvaluatorConfig &, const SpaceModel &,
                              std::string &) -> std::unique_ptr<Evaluator> {
                             return std::make_unique<HalfTable>();
                           });

class RegistryTest : public ::testing::Test {
protected:
  RegistryTest() {
    ctx.loadDialect<nn::NNDialect, nas::NASDialect>();
    module = parseSourceString<ModuleOp>(kSmallSpace, &ctx);
    space = *module->getOps<nas::SpaceOp>().begin();
    model = SpaceModel::build(space);
  }
  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
  nas::SpaceOp space;
  std::unique_ptr<SpaceModel> model;
};

TEST_F(RegistryTest, BuiltInEvaluatorsAndTablesAreRegistered) {
  auto &evaluators = EvaluatorRegistration::registry();
  for (const char *name : {"command", "external", "table", "train"})
    EXPECT_TRUE(evaluators.count(name)) << name;
  auto &tables = TableRegistration::registry();
  EXPECT_TRUE(tables.count("csv"));
  ASSERT_TRUE(tables.count("nb201"));
  EXPECT_EQ(tables["nb201"].factory.argument, "DIR");
}

TEST_F(RegistryTest, ARegisteredEvaluatorIsBuiltByName) {
  EvaluatorConfig c;
  c.kind = "half";
  std::string error;
  auto e = makeEvaluator(c, *model, error);
  ASSERT_TRUE(e) << error;
  EvalJob job;
  job.trialId = 7;
  e->start(job);
  auto done = e->wait(0);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_TRUE(done[0].ok);
  EXPECT_EQ(done[0].trialId, 7);
  EXPECT_EQ(done[0].metrics["accuracy"], 0.5);
}

TEST_F(RegistryTest, TheExternalEvaluatorFailsWhatItIsGiven) {
  // Its trials are told through the store (--jobs 0); run here, each fails.
  EvaluatorConfig c;
  c.kind = "external";
  std::string error;
  auto e = makeEvaluator(c, *model, error);
  ASSERT_TRUE(e) << error;
  EvalJob job;
  job.trialId = 3;
  e->start(job);
  EXPECT_EQ(e->running(), 1u);
  auto done = e->wait(0);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_FALSE(done[0].ok);
  EXPECT_EQ(done[0].trialId, 3);
  EXPECT_NE(done[0].error.find("search with --jobs 0"), std::string::npos)
      << done[0].error;
  EXPECT_EQ(e->running(), 0u);
}

TEST_F(RegistryTest, AnUnknownEvaluatorListsTheRegisteredOnes) {
  EvaluatorConfig c;
  c.kind = "oracle";
  std::string error;
  EXPECT_FALSE(makeEvaluator(c, *model, error));
  EXPECT_EQ(error,
            "unknown evaluator 'oracle' (known: command external half proxy:naswot "
            "proxy:snip proxy:synflow table train)");
}

TEST_F(RegistryTest, AnUnknownTableListsTheRegisteredSchemes) {
  EvaluatorConfig c;
  c.kind = "table";
  c.table = "hpo:/tmp/x";
  std::string error;
  EXPECT_FALSE(makeEvaluator(c, *model, error));
  EXPECT_EQ(error, "--table must be csv:FILE or nb201:DIR, not 'hpo:/tmp/x'");
}

TEST_F(RegistryTest, TheCommandEvaluatorChecksItsCommand) {
  EvaluatorConfig c;
  c.kind = "command";
  std::string error;
  EXPECT_FALSE(makeEvaluator(c, *model, error));
  EXPECT_EQ(error,
            "the command evaluator needs --command 'PROGRAM {candidate}'");
}

} // namespace
