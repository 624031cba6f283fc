//===- CandidateTest.cpp - the search's candidates, built by the cloner ---===//
//
// The search builds each candidate with the candidate-proportional
// specializer (specializeToModule): the network must be the one that
// resolving the decisions on a copy of the whole space gives, and decisions
// that leave a site open still go through the copy.
//
//===----------------------------------------------------------------------===//
#include "SmallSpace.h"
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "lib/Search/Candidate.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Specialize.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

namespace {

class CandidateTest : public ::testing::Test {
protected:
  CandidateTest() {
    ctx.loadDialect<nn::NNDialect, nas::NASDialect>();
    module = parseSourceString<ModuleOp>(kSmallSpace, &ctx);
    space = *module->getOps<nas::SpaceOp>().begin();
  }
  DictionaryAttr decisions(const std::string &json) {
    std::string error;
    DictionaryAttr d = parseDecisions(&ctx, json, error);
    EXPECT_TRUE(d) << error;
    return d;
  }
  static std::string print(Operation *op) {
    std::string s;
    llvm::raw_string_ostream os(s);
    op->print(os);
    return s;
  }
  /// The candidate as resolving the decisions on a whole copy gives it.
  std::string byCopy(DictionaryAttr d) {
    OpBuilder b(&ctx);
    OwningOpRef<ModuleOp> m = ModuleOp::create(space.getLoc());
    b.setInsertionPointToEnd(m->getBody());
    auto copy = cast<nas::SpaceOp>(b.clone(*space.getOperation()));
    EXPECT_TRUE(succeeded(specializeSpace(copy, d)));
    copy->setAttr(kDecisionsAttr, d);
    return print(*m);
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
  nas::SpaceOp space;
};

TEST_F(CandidateTest, EveryCandidateIsTheOneTheWholeCopyGives) {
  for (const char *json :
       {R"({"width": 4, "act": "relu"})", R"({"width": 8, "act": "relu"})",
        R"({"width": 4, "act": "same"})", R"({"width": 8, "act": "same"})"}) {
    DictionaryAttr d = decisions(json);
    std::string error;
    auto m = specializeCopy(space, d, error);
    ASSERT_TRUE(m) << json << ": " << error;
    EXPECT_EQ(print(*m), byCopy(d)) << json;
    PreparedCandidate pc = prepareCandidate(space, d, {}, true);
    EXPECT_TRUE(pc.error.empty()) << pc.error;
    ASSERT_TRUE(pc.cost);
    EXPECT_GT(pc.cost->params, 0);
    EXPECT_FALSE(pc.candidateJson.empty());
  }
  EXPECT_EQ(prepareCandidate(space, decisions(R"({"width":4,"act":"relu"})"),
                             {}, false)
                .fingerprint,
            prepareCandidate(space, decisions(R"({"width":4,"act":"relu"})"),
                             {}, false)
                .fingerprint);
}

TEST_F(CandidateTest, PartialDecisionsResolveWhatTheyName) {
  DictionaryAttr d = decisions(R"({"width": 8})");
  std::string error;
  auto m = specializeCopy(space, d, error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(print(*m), byCopy(d));
  EXPECT_EQ(prepareCandidate(space, d, {}, false).error,
            "the decisions leave search sites open");
}

TEST_F(CandidateTest, AValueThatIsNoOptionIsTheCandidatesError) {
  std::string error;
  EXPECT_FALSE(
      specializeCopy(space, decisions(R"({"width": 5, "act": "relu"})"), error));
  EXPECT_NE(error.find("width"), std::string::npos) << error;
}

} // namespace
