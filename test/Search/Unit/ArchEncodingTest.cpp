//===- ArchEncodingTest.cpp - the space-derived encoding of decisions -----===//
//
// A space with a conditional decision ("width" exists only in block "mlp"),
// a label shared by two sites ("act": one decision) and a repeat whose
// second iteration exists only at depth 2 ("k#1"): one slot per label, the
// inactive feature exactly when the label is not active, and stale
// decisions of inactive sites ignored.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/ArchEncoding.h"
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "lib/Transforms/Decisions.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "gtest/gtest.h"
#include <set>

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

namespace {

constexpr const char *kConditionalSpace = R"mlir(
nas.space @cond {
  %x = nn.input : tensor<?x4xf32>
  %b = nas.choice "block" -> tensor<?x4xf32>
    case "mlp" {
      %h = nas.choice "width" -> tensor<?x?xf32>
        case 8 { %l = nn.linear %x {out_features = 8} : tensor<?x4xf32>  nas.yield %l : tensor<?x8xf32> }
        case 16 { %l = nn.linear %x {out_features = 16} : tensor<?x4xf32>  nas.yield %l : tensor<?x16xf32> }
      %o = nn.linear %h {out_features = 4} : tensor<?x?xf32>
      nas.yield %o : tensor<?x4xf32>
    }
    case "skip" { nas.yield %x : tensor<?x4xf32> }
  %a1 = nas.choice "act" -> tensor<?x4xf32>
    case "relu" { %v = nn.relu %b : tensor<?x4xf32>  nas.yield %v : tensor<?x4xf32> }
    case "tanh" { %v = nn.tanh %b : tensor<?x4xf32>  nas.yield %v : tensor<?x4xf32> }
  %r = nas.repeat "d" [1, 2] (%a1 : tensor<?x4xf32>) -> tensor<?x4xf32> {
  ^bb0(%i: tensor<?x4xf32>):
    %k = nas.choice "k" -> tensor<?x4xf32>
      case 4 { %l = nn.linear %i {out_features = 4} : tensor<?x4xf32>  nas.yield %l : tensor<?x4xf32> }
      case 2 { %l = nn.linear %i {out_features = 4} : tensor<?x4xf32>  %t = nn.tanh %l : tensor<?x4xf32>  nas.yield %t : tensor<?x4xf32> }
    nas.yield %k : tensor<?x4xf32>
  }
  %a2 = nas.choice "act" -> tensor<?x4xf32>
    case "relu" { %v = nn.relu %r : tensor<?x4xf32>  nas.yield %v : tensor<?x4xf32> }
    case "tanh" { %v = nn.tanh %r : tensor<?x4xf32>  nas.yield %v : tensor<?x4xf32> }
  %f = nn.linear %a2 {out_features = 2} : tensor<?x4xf32>
  nn.output %f : tensor<?x2xf32>
}
)mlir";

class ArchEncodingTest : public ::testing::Test {
protected:
  ArchEncodingTest() {
    ctx.loadDialect<nn::NNDialect, nas::NASDialect>();
    module = parseSourceString<ModuleOp>(kConditionalSpace, &ctx);
    model = SpaceModel::build(*module->getOps<nas::SpaceOp>().begin());
  }
  Assignment assignment(const std::string &json) {
    std::string error;
    DictionaryAttr d = parseDecisions(&ctx, json, error);
    EXPECT_TRUE(d) << error;
    Assignment a;
    EXPECT_TRUE(model->fromDecisions(d, a, error)) << error;
    return a;
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
  std::unique_ptr<SpaceModel> model;
};

TEST_F(ArchEncodingTest, OneSlotPerLabelSharedLabelsOnce) {
  std::string error;
  auto enc = ArchEncoding::build(*model, 1000, error);
  ASSERT_TRUE(enc) << error;
  std::vector<std::string> labels;
  for (const auto &s : enc->slots())
    labels.push_back(s.label);
  // "act" labels two sites: one decision, one slot.
  EXPECT_EQ(labels, (std::vector<std::string>{"act", "block", "d", "k#0", "k#1",
                                              "width"}));
  unsigned offset = 0;
  for (const auto &s : enc->slots()) {
    EXPECT_EQ(s.offset, offset);
    EXPECT_EQ(s.values, 2u);
    offset += s.values + 1; // the values and the inactive feature
  }
  EXPECT_EQ(enc->size(), offset);
}

TEST_F(ArchEncodingTest, InactiveDecisionsAreEncodedExactly) {
  std::string error;
  auto enc = ArchEncoding::build(*model, 1000, error);
  ASSERT_TRUE(enc) << error;
  // block "skip": no width; depth 1: no second iteration.
  auto a = assignment(R"({"act": "tanh", "block": "skip", "d": 1, "k#0": 2})");
  // act tanh = 0+1, block skip = 3+1, d 1 = 6+0, k#0 2 = 9+1,
  // k#1 inactive = 12+2, width inactive = 15+2.
  EXPECT_EQ(enc->encode(a), (std::vector<unsigned>{1, 4, 6, 10, 14, 17}));
  // Stale decisions of sites that are not active change nothing.
  auto stale = assignment(R"({"act": "tanh", "block": "skip", "d": 1,
                              "k#0": 2, "k#1": 4, "width": 16})");
  EXPECT_EQ(enc->encode(stale), enc->encode(a));
  // The same decisions with the sites active.
  auto active = assignment(R"({"act": "tanh", "block": "mlp", "d": 2,
                               "k#0": 2, "k#1": 4, "width": 16})");
  EXPECT_EQ(enc->encode(active), (std::vector<unsigned>{1, 3, 7, 10, 12, 16}));
  std::vector<double> dense = enc->dense(active);
  ASSERT_EQ(dense.size(), enc->size());
  for (unsigned f = 0; f < dense.size(); ++f)
    EXPECT_EQ(dense[f],
              (f == 1 || f == 3 || f == 7 || f == 10 || f == 12 || f == 16)
                  ? 1.0
                  : 0.0);
}

TEST_F(ArchEncodingTest, DistinctCandidatesHaveDistinctEncodings) {
  std::string error;
  auto enc = ArchEncoding::build(*model, 1000, error);
  ASSERT_TRUE(enc) << error;
  std::set<std::vector<unsigned>> seen;
  size_t candidates = 0;
  model->enumerate([&](const Assignment &a) {
    auto x = enc->encode(a);
    EXPECT_EQ(x.size(), enc->slots().size());
    for (size_t i = 0; i < x.size(); ++i) { // one feature in each slot
      EXPECT_GE(x[i], enc->slots()[i].offset);
      EXPECT_LE(x[i], enc->slots()[i].offset + enc->slots()[i].values);
    }
    seen.insert(x);
    ++candidates;
    return true;
  });
  EXPECT_EQ(candidates, 36u);
  EXPECT_EQ(seen.size(), candidates);
}

TEST_F(ArchEncodingTest, RefusesTooManyFeatures) {
  std::string error;
  EXPECT_FALSE(ArchEncoding::build(*model, 10, error));
  EXPECT_EQ(error, "the space's decisions need more than 10 features "
                   "(6 labels)");
}

TEST(ArchEncodingNoDecision, RefusesASpaceWithoutDecisions) {
  MLIRContext ctx;
  ctx.loadDialect<nn::NNDialect, nas::NASDialect>();
  auto module = parseSourceString<ModuleOp>(R"mlir(
nas.space @fixed {
  %x = nn.input : tensor<?x4xf32>
  %l = nn.linear %x {out_features = 2} : tensor<?x4xf32>
  nn.output %l : tensor<?x2xf32>
}
)mlir",
                                            &ctx);
  ASSERT_TRUE(module);
  auto model = SpaceModel::build(*module->getOps<nas::SpaceOp>().begin());
  std::string error;
  EXPECT_FALSE(ArchEncoding::build(*model, 1000, error));
  EXPECT_EQ(error, "the space has no decision to learn");
}

} // namespace
