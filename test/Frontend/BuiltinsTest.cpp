//===- BuiltinsTest.cpp - the builtin table agrees with the nn dialect ----===//
#include "frontend/Builtins.h"
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "dialect/NN/NNOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/StringSet.h"
#include <gtest/gtest.h>

using namespace nasir::frontend::gen;

namespace {

struct BuiltinsTest : ::testing::Test {
  BuiltinsTest() {
    ctx.loadDialect<nasir::nn::NNDialect, nasir::nas::NASDialect>();
  }
  BuiltinTable table() {
    std::string error;
    mlir::FailureOr<BuiltinTable> t = BuiltinTable::build(ctx, error);
    EXPECT_TRUE(succeeded(t)) << error;
    return std::move(*t);
  }
  mlir::MLIRContext ctx;
};

// The 1-D layers are written down before their ops exist: they are the only
// aliases allowed to be left out, and only while their op is not registered.
TEST_F(BuiltinsTest, EveryAliasResolvesOrAwaitsItsOp) {
  BuiltinTable t = table();
  const llvm::StringSet<> pending = {"conv1d", "max_pool1d", "avg_pool1d"};
  for (const LayerAlias &alias : layerAliases()) {
    bool registered =
        mlir::RegisteredOperationName::lookup(alias.op, &ctx).has_value();
    const Builtin *b = t.find(alias.name);
    EXPECT_EQ(b != nullptr, registered) << alias.name;
    if (!registered)
      EXPECT_TRUE(pending.contains(alias.name))
          << alias.name << " names '" << alias.op
          << "', which the dialect does not register";
    if (b) {
      ASSERT_TRUE(b->layer.has_value());
      EXPECT_NE(b->layer->create, nullptr) << alias.name;
    }
  }
  for (const char *f : {"add", "sum", "concat", "channels", "min", "max",
                        "round"})
    EXPECT_NE(t.find(f), nullptr) << f;
}

// Defaults come from ODS, and a required parameter is one without one.
TEST_F(BuiltinsTest, DefaultsAreTheOdsDefaults) {
  BuiltinTable t = table();
  for (const Builtin &b : t.all()) {
    if (!b.layer)
      continue;
    auto info = mlir::RegisteredOperationName::lookup(b.layer->alias->op, &ctx);
    ASSERT_TRUE(info.has_value());
    mlir::NamedAttrList defaults;
    info->populateDefaultAttrs(defaults);
    for (auto [i, attr] : llvm::enumerate(b.layer->attrs)) {
      if (!attr)
        continue;
      mlir::Attribute d = defaults.get(attr->name);
      EXPECT_EQ(attr->defaultValue.has_value(), bool(d))
          << b.name << " " << attr->name;
      if (i < b.signature.required)
        EXPECT_FALSE(attr->defaultValue) << b.name << " " << attr->name;
    }
  }
  // Spot checks against NNOps.td.
  const Builtin *dropout = t.find("dropout");
  ASSERT_TRUE(dropout && dropout->layer);
  ASSERT_TRUE(dropout->layer->attrs[1]->defaultValue);
  EXPECT_EQ(dropout->layer->attrs[1]->defaultValue->kind, Scalar::Float);
  EXPECT_EQ(dropout->layer->attrs[1]->defaultValue->f, 0.5);
  const Builtin *conv = t.find("conv");
  ASSERT_TRUE(conv && conv->layer);
  EXPECT_EQ(conv->layer->attrs[2]->name, "kernel");
  EXPECT_FALSE(conv->layer->attrs[2]->defaultValue); // ODS: required
  EXPECT_EQ(conv->signature.required, 3u);
  EXPECT_EQ(conv->layer->attrs[7]->name, "bias");
  EXPECT_EQ(conv->layer->attrs[7]->kind, Scalar::Bool);
}

// Each layer with only its required arguments is a valid op: a parameter
// that is neither required nor defaulted sets an optional attribute.
TEST_F(BuiltinsTest, RequiredArgumentsAreEnough) {
  BuiltinTable t = table();
  mlir::OpBuilder b(&ctx);
  mlir::Location l = b.getUnknownLoc();
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::ModuleOp::create(l);
  b.setInsertionPointToEnd(module->getBody());
  auto input = [&](llvm::ArrayRef<int64_t> dims) {
    llvm::SmallVector<int64_t> shape{mlir::ShapedType::kDynamic};
    shape.append(dims.begin(), dims.end());
    return b.create<nasir::nn::InputOp>(
        l, mlir::RankedTensorType::get(shape, b.getF32Type()));
  };
  for (const Builtin &builtin : t.all()) {
    if (!builtin.layer)
      continue;
    const LayerBuiltin &layer = *builtin.layer;
    llvm::StringRef op = layer.alias->op;
    mlir::Value x = op == "nn.linear"    ? input({16})
                    : op.ends_with("1d") ? input({4, 8})
                                         : input({4, 8, 8});
    llvm::SmallVector<mlir::Value> operands;
    llvm::SmallVector<mlir::NamedAttribute> attrs;
    for (size_t i = 0; i < builtin.signature.required; ++i) {
      if (!layer.attrs[i]) {
        operands.push_back(x);
        continue;
      }
      const LayerAttr &a = *layer.attrs[i];
      mlir::Attribute value =
          a.kind == Scalar::Bool    ? mlir::Attribute(b.getBoolAttr(false))
          : a.kind == Scalar::Float ? mlir::Attribute(b.getF64FloatAttr(0.5))
                                    : mlir::Attribute(b.getI64IntegerAttr(1));
      attrs.push_back(b.getNamedAttr(a.name, value));
    }
    auto info = mlir::RegisteredOperationName::lookup(op, &ctx);
    llvm::SmallVector<mlir::Type> types;
    if (auto *infer = info->getInterface<mlir::InferTypeOpInterface>())
      ASSERT_TRUE(succeeded(infer->inferReturnTypes(
          &ctx, l, operands, b.getDictionaryAttr(attrs),
          mlir::OpaqueProperties(nullptr), mlir::RegionRange(), types)))
          << builtin.name;
    else
      types.push_back(x.getType());
    mlir::Operation *created = layer.create(b, l, types, operands, attrs);
    EXPECT_EQ(created->getName().getStringRef(), op);
    EXPECT_TRUE(succeeded(mlir::verify(created))) << builtin.name;
  }
}

// A line that names an attribute its op lacks is an internal error.
TEST_F(BuiltinsTest, AliasToAMissingAttributeIsAnInternalError) {
  static const LayerParam params[] = {{"x"}, {"k", "kernal"}};
  static const LayerAlias bad[] = {{"pool", "nn.max_pool2d", params, 2}};
  std::string error;
  EXPECT_TRUE(failed(BuiltinTable::build(ctx, bad, error)));
  EXPECT_EQ(error, "internal error: builtin 'pool' sets attribute 'kernal', "
                   "which 'nn.max_pool2d' does not have");
}

// ... and so is a required parameter whose attribute ODS defaults.
TEST_F(BuiltinsTest, RequiredButDefaultedIsAnInternalError) {
  static const LayerParam params[] = {{"x"}, {"p", "p"}};
  static const LayerAlias bad[] = {{"drop", "nn.dropout", params, 2}};
  std::string error;
  EXPECT_TRUE(failed(BuiltinTable::build(ctx, bad, error)));
  EXPECT_NE(error.find("gives 'p' a default"), std::string::npos) << error;
}

// An alias to an op the dialect does not register is left out.
TEST_F(BuiltinsTest, AliasToAnUnregisteredOpIsLeftOut) {
  static const LayerParam params[] = {{"x"}};
  static const LayerAlias lines[] = {{"relu", "nn.relu", params, 1},
                                     {"conv3d", "nn.conv3d", params, 1}};
  std::string error;
  mlir::FailureOr<BuiltinTable> t = BuiltinTable::build(ctx, lines, error);
  ASSERT_TRUE(succeeded(t)) << error;
  EXPECT_NE(t->find("relu"), nullptr);
  EXPECT_EQ(t->find("conv3d"), nullptr);
}

} // namespace
