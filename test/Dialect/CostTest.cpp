//===- CostTest.cpp - LayerOpInterface against hand-computed costs --------===//
//
// Each case parses one layer and checks its parameter count, FLOPs and
// zero-preservation against numbers worked out by hand from the convention in
// the nn dialect description: 1 multiply-add = 2 FLOPs, element-wise ops
// 1 FLOP per output element, normalizations 2, pooling 1 per window element;
// conv FLOPs = out_elems * (2 * Cin/groups * k*k + bias).
//
//===----------------------------------------------------------------------===//
#include "dialect/NAS/NASDialect.h"
#include "dialect/NAS/NASOps.h"
#include "dialect/NN/NNDialect.h"
#include "dialect/NN/NNOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "gtest/gtest.h"
#include <string>

using namespace mlir;
using namespace nasir;

namespace {

struct Cost {
  std::optional<int64_t> params, flops;
  bool zeroPreserving;
};

class CostTest : public ::testing::Test {
protected:
  CostTest() { ctx.loadDialect<nn::NNDialect, nas::NASDialect>(); }

  /// Parses `body` as the body of a space and returns the cost of its last op.
  Cost costOfLast(const std::string &body) {
    std::string src = "nas.space @s {\n" + body + "\n}\n";
    module = parseSourceString<ModuleOp>(src, &ctx);
    if (!module) {
      ADD_FAILURE() << "does not parse:\n" << src;
      return {};
    }
    auto space = cast<nas::SpaceOp>(module->getBody()->front());
    auto layer = dyn_cast<nn::LayerOpInterface>(space.getBlock().back());
    if (!layer) {
      ADD_FAILURE() << "last op is not a layer:\n" << src;
      return {};
    }
    return {layer.getParamCount(), layer.getFlops(), layer.isZeroPreserving()};
  }

  /// The cost of `op`, a layer whose operands are %x (of `type`).
  Cost costOf(const std::string &type, const std::string &op) {
    return costOfLast("%x = nn.input : " + type + "\n" + op);
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
};

TEST_F(CostTest, Conv2d) {
  // 3 -> 16 channels, 3x3, padding 1: 16x32x32 outputs, 16*3*9 weights.
  Cost c = costOf("tensor<?x3x32x32xf32>",
                  "%y = nn.conv2d %x {out_channels = 16, kernel = 3, "
                  "padding = 1} : tensor<?x3x32x32xf32>");
  EXPECT_EQ(c.params, 432);
  EXPECT_EQ(c.flops, 16 * 32 * 32 * (2 * 3 * 9)); // 884736
  EXPECT_TRUE(c.zeroPreserving);

  // The bias adds out_channels parameters and 1 FLOP per output element, and
  // maps 0 to the bias.
  c = costOf("tensor<?x3x32x32xf32>",
             "%y = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1, "
             "bias = true} : tensor<?x3x32x32xf32>");
  EXPECT_EQ(c.params, 448);
  EXPECT_EQ(c.flops, 16 * 32 * 32 * 55); // 901120
  EXPECT_FALSE(c.zeroPreserving);
}

TEST_F(CostTest, Conv2dGroupsStrideDilation) {
  // 4 groups: each output channel sees 16/4 = 4 input channels.
  Cost c = costOf("tensor<?x16x8x8xf32>",
                  "%y = nn.conv2d %x {out_channels = 32, kernel = 3, "
                  "padding = 1, groups = 4, bias = true} : "
                  "tensor<?x16x8x8xf32>");
  EXPECT_EQ(c.params, 32 * 4 * 9 + 32); // 1184
  EXPECT_EQ(c.flops, 32 * 8 * 8 * (2 * 4 * 9 + 1)); // 149504

  // Depthwise.
  c = costOf("tensor<?x16x8x8xf32>",
             "%y = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1, "
             "groups = 16} : tensor<?x16x8x8xf32>");
  EXPECT_EQ(c.params, 16 * 9);
  EXPECT_EQ(c.flops, 16 * 8 * 8 * 18); // 18432

  // Stride 2: (16 + 2 - 3) / 2 + 1 = 8; the weights do not depend on it.
  c = costOf("tensor<?x8x16x16xf32>",
             "%y = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1, "
             "stride = 2} : tensor<?x8x16x16xf32>");
  EXPECT_EQ(c.params, 576);
  EXPECT_EQ(c.flops, 8 * 8 * 8 * 144); // 73728

  // Dilation 2, padding 2 keeps 16x16; still 3x3 weights.
  c = costOf("tensor<?x8x16x16xf32>",
             "%y = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 2, "
             "dilation = 2} : tensor<?x8x16x16xf32>");
  EXPECT_EQ(c.params, 576);
  EXPECT_EQ(c.flops, 8 * 16 * 16 * 144); // 294912
}

TEST_F(CostTest, Linear) {
  Cost c = costOf("tensor<?x64xf32>",
                  "%y = nn.linear %x {out_features = 10} : tensor<?x64xf32>");
  EXPECT_EQ(c.params, 64 * 10 + 10);
  EXPECT_EQ(c.flops, 10 * (2 * 64 + 1)); // 1290
  EXPECT_FALSE(c.zeroPreserving);

  c = costOf("tensor<?x64xf32>", "%y = nn.linear %x {out_features = 10, "
                                 "bias = false} : tensor<?x64xf32>");
  EXPECT_EQ(c.params, 640);
  EXPECT_EQ(c.flops, 1280);
  EXPECT_TRUE(c.zeroPreserving);
}

TEST_F(CostTest, BatchNorm) {
  // gamma and beta per channel; running statistics are buffers, not counted.
  Cost c = costOf("tensor<?x16x8x8xf32>",
                  "%y = nn.batch_norm %x : tensor<?x16x8x8xf32>");
  EXPECT_EQ(c.params, 32);
  EXPECT_EQ(c.flops, 2 * 16 * 8 * 8); // 2048
  EXPECT_FALSE(c.zeroPreserving);

  c = costOf("tensor<?x16x8x8xf32>",
             "%y = nn.batch_norm %x {affine = false} : tensor<?x16x8x8xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, 2048);
  EXPECT_TRUE(c.zeroPreserving);

  c = costOf("tensor<?x64xf32>", "%y = nn.batch_norm %x : tensor<?x64xf32>");
  EXPECT_EQ(c.params, 128);
  EXPECT_EQ(c.flops, 128);
}

TEST_F(CostTest, LayerNorm) {
  // Affine: a weight and a bias per normalized element.
  Cost c = costOf("tensor<?x64xf32>", "%y = nn.layer_norm %x : tensor<?x64xf32>");
  EXPECT_EQ(c.params, 128);
  EXPECT_EQ(c.flops, 128);
  EXPECT_FALSE(c.zeroPreserving);

  c = costOf("tensor<?x4x2x2xf32>",
             "%y = nn.layer_norm %x {affine = false} : tensor<?x4x2x2xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, 2 * 16);
  EXPECT_TRUE(c.zeroPreserving);
}

TEST_F(CostTest, Pooling) {
  // 2x2 windows, stride 2: 16x16x16 outputs of 4 elements each.
  Cost c = costOf("tensor<?x16x32x32xf32>",
                  "%y = nn.max_pool2d %x {kernel = 2} : tensor<?x16x32x32xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, 16 * 16 * 16 * 4); // 16384
  EXPECT_TRUE(c.zeroPreserving);

  c = costOf("tensor<?x16x32x32xf32>",
             "%y = nn.avg_pool2d %x {kernel = 3, stride = 1, padding = 1} : "
             "tensor<?x16x32x32xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, 16 * 32 * 32 * 9); // 147456
  EXPECT_TRUE(c.zeroPreserving);

  // One window of 8x8 per channel.
  c = costOf("tensor<?x16x8x8xf32>",
             "%y = nn.global_avg_pool %x : tensor<?x16x8x8xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, 16 * 64);
  EXPECT_TRUE(c.zeroPreserving);
}

TEST_F(CostTest, AddMulConcat) {
  // n operands: n - 1 additions per element.
  const char *t = "tensor<?x16x8x8xf32>";
  Cost c = costOf(t, "%y = nn.add %x, %x, %x : tensor<?x16x8x8xf32>, "
                     "tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, 2 * 1024);
  EXPECT_TRUE(c.zeroPreserving);

  c = costOf(t, "%y = nn.add %x : tensor<?x16x8x8xf32>");
  EXPECT_EQ(c.flops, 0);

  // Per-channel scales: one multiplication per element of the result.
  c = costOfLast("%x = nn.input : tensor<?x16x8x8xf32>\n"
                 "%g = nn.global_avg_pool %x : tensor<?x16x8x8xf32>\n"
                 "%y = nn.mul %x, %g : tensor<?x16x8x8xf32>, tensor<?x16xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, 1024);
  EXPECT_TRUE(c.zeroPreserving);

  c = costOf(t, "%y = nn.concat %x, %x : tensor<?x16x8x8xf32>, "
                "tensor<?x16x8x8xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, 0);
  EXPECT_TRUE(c.zeroPreserving);
}

TEST_F(CostTest, Activations) {
  // 1 FLOP per element; every activation but sigmoid maps 0 to 0.
  for (auto [name, zero] : {std::pair{"relu", true},
                            {"relu6", true},
                            {"gelu", true},
                            {"sigmoid", false},
                            {"silu", true},
                            {"hardswish", true},
                            {"tanh", true}}) {
    SCOPED_TRACE(name);
    Cost c = costOf("tensor<?x16x8x8xf32>", std::string("%y = nn.") + name +
                                                " %x : tensor<?x16x8x8xf32>");
    EXPECT_EQ(c.params, 0);
    EXPECT_EQ(c.flops, 1024);
    EXPECT_EQ(c.zeroPreserving, zero);
  }
}

TEST_F(CostTest, FreeOps) {
  // Structure costs nothing and maps 0 to 0.
  for (const char *op :
       {"%y = nn.identity %x : tensor<?x16x8x8xf32>",
        "%y = nn.zero %x : tensor<?x16x8x8xf32>",
        "%y = nn.zero %x {stride = 2} : tensor<?x16x8x8xf32>",
        "%y = nn.flatten %x : tensor<?x16x8x8xf32>",
        "%y = nn.dropout %x {p = 0.2} : tensor<?x16x8x8xf32>"}) {
    SCOPED_TRACE(op);
    Cost c = costOf("tensor<?x16x8x8xf32>", op);
    EXPECT_EQ(c.params, 0);
    EXPECT_EQ(c.flops, 0);
    EXPECT_TRUE(c.zeroPreserving);
  }
}

TEST_F(CostTest, InputOutput) {
  Cost c = costOfLast("%x = nn.input : tensor<?x3x32x32xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, 0);
  c = costOf("tensor<?x10xf32>", "nn.output %x : tensor<?x10xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, 0);
}

TEST_F(CostTest, Conv1dFamily) {
  // [N, C, L] sequences: 8 -> 16 channels, kernel 3, padding 1 keeps L = 8;
  // 16*8*3 weights, each of the 16x8 outputs 2*8*3 FLOPs.
  Cost c = costOf("tensor<?x8x8xf32>",
                  "%y = nn.conv1d %x {out_channels = 16, kernel = 3, "
                  "padding = 1} : tensor<?x8x8xf32>");
  EXPECT_EQ(c.params, 16 * 8 * 3);
  EXPECT_EQ(c.flops, 16 * 8 * (2 * 8 * 3)); // 6144
  EXPECT_TRUE(c.zeroPreserving);

  // Groups and a bias: 4 input channels per group, +1 FLOP per output.
  c = costOf("tensor<?x16x10xf32>",
             "%y = nn.conv1d %x {out_channels = 8, kernel = 5, stride = 2, "
             "groups = 4, bias = true} : tensor<?x16x10xf32>");
  EXPECT_EQ(c.params, 8 * 4 * 5 + 8);
  EXPECT_EQ(c.flops, 8 * 3 * (2 * 4 * 5 + 1)); // L = (10 - 5) / 2 + 1 = 3
  EXPECT_FALSE(c.zeroPreserving);

  // Pools: one FLOP per window element of each output.
  c = costOf("tensor<?x16x8xf32>",
             "%y = nn.max_pool1d %x {kernel = 2} : tensor<?x16x8xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, 16 * 4 * 2);
  c = costOf("tensor<?x16x8xf32>",
             "%y = nn.avg_pool1d %x {kernel = 3, stride = 1, padding = 1} : "
             "tensor<?x16x8xf32>");
  EXPECT_EQ(c.flops, 16 * 8 * 3);

  // The layers that also take [N, C, L].
  c = costOf("tensor<?x16x8xf32>",
             "%y = nn.global_avg_pool %x : tensor<?x16x8xf32>");
  EXPECT_EQ(c.flops, 16 * 8);
  c = costOf("tensor<?x16x8xf32>", "%y = nn.batch_norm %x : tensor<?x16x8xf32>");
  EXPECT_EQ(c.params, 2 * 16); // per channel, as BatchNorm1d on [N, C, L]
  EXPECT_EQ(c.flops, 2 * 16 * 8);
  c = costOf("tensor<?x16x8xf32>", "%y = nn.layer_norm %x : tensor<?x16x8xf32>");
  EXPECT_EQ(c.params, 2 * 16 * 8);
  c = costOf("tensor<?x16x8xf32>",
             "%y = nn.linear %x {out_features = 4} : tensor<?x16x8xf32>");
  EXPECT_EQ(c.params, 8 * 4 + 4);          // on the last dimension
  EXPECT_EQ(c.flops, 16 * 4 * (2 * 8 + 1)); // for each of the 16 rows
  c = costOf("tensor<?x16x8xf32>", "%y = nn.flatten %x : tensor<?x16x8xf32>");
  EXPECT_EQ(c.flops, 0);
}

TEST_F(CostTest, UnknownShapes) {
  // Open spatial size: the weights are known, the FLOPs are not.
  Cost c = costOf("tensor<?x3x?x?xf32>",
                  "%y = nn.conv2d %x {out_channels = 16, kernel = 3} : "
                  "tensor<?x3x?x?xf32>");
  EXPECT_EQ(c.params, 432);
  EXPECT_EQ(c.flops, std::nullopt);

  // Open feature count: neither is known.
  c = costOf("tensor<?x?xf32>",
             "%y = nn.linear %x {out_features = 10} : tensor<?x?xf32>");
  EXPECT_EQ(c.params, std::nullopt);
  EXPECT_EQ(c.flops, std::nullopt);

  // Without affine, batch_norm has no parameters whatever the channels.
  c = costOf("tensor<?x?x8x8xf32>",
             "%y = nn.batch_norm %x {affine = false} : tensor<?x?x8x8xf32>");
  EXPECT_EQ(c.params, 0);
  EXPECT_EQ(c.flops, std::nullopt);
}

} // namespace
