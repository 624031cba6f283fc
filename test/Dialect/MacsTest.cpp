//===- MacsTest.cpp - multiply-accumulates against hand-computed counts ---===//
//
// Cost::macs (lib/Transforms/Cost.h) counts what NAS-Bench-201 and the papers
// call FLOPs: the multiply-accumulates of convolutions
// (out_elements * C_in/groups * k^rank) and linear layers
// (out_elements * in_features); bias, activations, normalization, pooling and
// sums count 0. Each case is worked out by hand.
//
//===----------------------------------------------------------------------===//
#include "dialect/NAS/NASDialect.h"
#include "dialect/NAS/NASOps.h"
#include "dialect/NN/NNDialect.h"
#include "dialect/NN/NNOps.h"
#include "lib/Transforms/Cost.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "gtest/gtest.h"
#include <string>

using namespace mlir;

namespace {

class MacsTest : public ::testing::Test {
protected:
  MacsTest() { ctx.loadDialect<nasir::nn::NNDialect, nasir::nas::NASDialect>(); }

  /// The space of `body` (parsed), or null.
  nasir::nas::SpaceOp parse(const std::string &body) {
    std::string src = "nas.space @s {\n" + body + "\n}\n";
    module = parseSourceString<ModuleOp>(src, &ctx);
    if (!module) {
      ADD_FAILURE() << "does not parse:\n" << src;
      return {};
    }
    return cast<nasir::nas::SpaceOp>(module->getBody()->front());
  }

  /// The MACs of the last op of `body`, a layer whose operand is %x of `type`.
  std::optional<int64_t> macsOfLast(const std::string &type,
                                    const std::string &op) {
    auto space = parse("%x = nn.input : " + type + "\n" + op);
    if (!space)
      return std::nullopt;
    auto layer = dyn_cast<nasir::nn::LayerOpInterface>(space.getBlock().back());
    if (!layer) {
      ADD_FAILURE() << "last op is not a layer: " << op;
      return std::nullopt;
    }
    return nasir::macsOf(layer);
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
};

TEST_F(MacsTest, Conv2d) {
  // 3 -> 16 channels, 3x3, padding 1 on 32x32: 16*32*32 outputs, each
  // 3*3*3 = 27 multiply-accumulates.
  EXPECT_EQ(macsOfLast("tensor<?x3x32x32xf32>",
                       "%y = nn.conv2d %x {out_channels = 16, kernel = 3, "
                       "padding = 1} : tensor<?x3x32x32xf32>"),
            16 * 32 * 32 * 27); // 442368
  // A bias adds no multiply-accumulate (FLOPs count it: 1 per output).
  EXPECT_EQ(macsOfLast("tensor<?x3x32x32xf32>",
                       "%y = nn.conv2d %x {out_channels = 16, kernel = 3, "
                       "padding = 1, bias = true} : tensor<?x3x32x32xf32>"),
            442368);
  // Stride 2, 4 groups of 16 -> 32: 32*8*8 outputs, each (16/4)*5*5 = 100.
  EXPECT_EQ(macsOfLast("tensor<?x16x16x16xf32>",
                       "%y = nn.conv2d %x {out_channels = 32, kernel = 5, "
                       "stride = 2, padding = 2, groups = 4} : "
                       "tensor<?x16x16x16xf32>"),
            32 * 8 * 8 * 100); // 204800
  // Depthwise 3x3 on 32x8x8: 32*8*8 outputs, 9 each.
  EXPECT_EQ(macsOfLast("tensor<?x32x8x8xf32>",
                       "%y = nn.conv2d %x {out_channels = 32, kernel = 3, "
                       "padding = 1, groups = 32} : tensor<?x32x8x8xf32>"),
            32 * 8 * 8 * 9); // 18432
}

TEST_F(MacsTest, Conv1dAndLinear) {
  // 8 -> 16 channels, kernel 3, length 8 -> 6: 16*6 outputs, 8*3 each.
  EXPECT_EQ(macsOfLast("tensor<?x8x8xf32>",
                       "%y = nn.conv1d %x {out_channels = 16, kernel = 3} : "
                       "tensor<?x8x8xf32>"),
            16 * 6 * 24); // 2304
  // 64 -> 10: 640, bias or not.
  EXPECT_EQ(macsOfLast("tensor<?x64xf32>", "%y = nn.linear %x "
                                           "{out_features = 10} : "
                                           "tensor<?x64xf32>"),
            640);
  EXPECT_EQ(macsOfLast("tensor<?x64xf32>", "%y = nn.linear %x "
                                           "{out_features = 10, bias = "
                                           "false} : tensor<?x64xf32>"),
            640);
  // On [N, C, F], per each of the C rows: 4 rows of 32 -> 8.
  EXPECT_EQ(macsOfLast("tensor<?x4x32xf32>", "%y = nn.linear %x "
                                             "{out_features = 8} : "
                                             "tensor<?x4x32xf32>"),
            4 * 8 * 32); // 1024
}

TEST_F(MacsTest, OtherLayersHaveNone) {
  for (const char *op :
       {"%y = nn.batch_norm %x : tensor<?x16x8x8xf32>",
        "%y = nn.relu %x : tensor<?x16x8x8xf32>",
        "%y = nn.max_pool2d %x {kernel = 2, stride = 2} : tensor<?x16x8x8xf32>",
        "%y = nn.avg_pool2d %x {kernel = 3, padding = 1} : tensor<?x16x8x8xf32>",
        "%y = nn.global_avg_pool %x : tensor<?x16x8x8xf32>",
        "%y = nn.add %x, %x : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>",
        "%y = nn.flatten %x : tensor<?x16x8x8xf32>"})
    EXPECT_EQ(macsOfLast("tensor<?x16x8x8xf32>", op), 0) << op;
}

TEST_F(MacsTest, UnknownShape) {
  // An open input size: the convolution's output count is unknown.
  EXPECT_EQ(macsOfLast("tensor<?x3x?x?xf32>",
                       "%y = nn.conv2d %x {out_channels = 16, kernel = 3} : "
                       "tensor<?x3x?x?xf32>"),
            std::nullopt);
}

TEST_F(MacsTest, NetworkSumsLayers) {
  // conv 3->8 3x3 pad 1 on 3x8x8 (8*8*8*27 = 13824), bn, relu, global pool,
  // linear 8->10 (80): 13904 MACs. FLOPs count 2 per multiply-add and the
  // rest: 27648 + 1024 (bn) + 512 (relu) + 512 (pool) + 170 (linear + bias).
  auto space = parse(
      "%x = nn.input : tensor<?x3x8x8xf32>\n"
      "%c = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1} : "
      "tensor<?x3x8x8xf32>\n"
      "%b = nn.batch_norm %c : tensor<?x8x8x8xf32>\n"
      "%r = nn.relu %b : tensor<?x8x8x8xf32>\n"
      "%g = nn.global_avg_pool %r : tensor<?x8x8x8xf32>\n"
      "%l = nn.linear %g {out_features = 10} : tensor<?x8xf32>\n"
      "nn.output %l : tensor<?x10xf32>");
  ASSERT_TRUE(space);
  auto c = nasir::costOf(space);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->macs, 13904);
  EXPECT_EQ(c->flops, 27648 + 1024 + 512 + 512 + 170);
}

} // namespace
