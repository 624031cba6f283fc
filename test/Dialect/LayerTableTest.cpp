//===- LayerTableTest.cpp - the nn dialect against the layer table --------===//
//
// The candidate format's layer table (lib/Layers) and the nn dialect's ODS
// describe the same layers from the two halves of nasir, which do not depend
// on each other. lowerToCandidate writes the attributes an op carries, and the
// reader fills in the table's defaults for the rest, so a default that drifted
// between the two would train another network than the compiler costed. This
// test holds them together: every nn op has an entry and vice versa, with the
// same attribute names, the same required ones and the same defaults.
//
//===----------------------------------------------------------------------===//
#include "dialect/NN/NNDialect.h"
#include "lib/Layers/Layers.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "gtest/gtest.h"
#include <set>
#include <string>

using namespace mlir;
using namespace nasir;

namespace {

/// The ODS default of `a` as the table spells it (bools as 0/1).
std::optional<double> numberOf(Attribute a) {
  if (auto b = dyn_cast<BoolAttr>(a))
    return b.getValue() ? 1.0 : 0.0;
  if (auto i = dyn_cast<IntegerAttr>(a))
    return i.getType().isInteger(1) ? double(i.getValue().getBoolValue())
                                    : double(i.getInt());
  if (auto f = dyn_cast<FloatAttr>(a))
    return f.getValueAsDouble();
  return std::nullopt;
}

class LayerTableTest : public ::testing::Test {
protected:
  LayerTableTest() { ctx.loadDialect<nn::NNDialect>(); }
  std::optional<RegisteredOperationName> opOf(const std::string &kind) {
    return RegisteredOperationName::lookup("nn." + kind, &ctx);
  }
  MLIRContext ctx;
};

TEST_F(LayerTableTest, EveryOpHasAnEntryAndEveryEntryAnOp) {
  std::set<std::string> kinds;
  for (const layers::LayerSchema &l : layers::layerTable()) {
    kinds.insert(l.kind);
    EXPECT_TRUE(opOf(l.kind)) << "table kind '" << l.kind << "' is no nn op";
  }
  for (RegisteredOperationName name : ctx.getRegisteredOperations()) {
    if (name.getDialectNamespace() != "nn")
      continue;
    std::string kind = name.stripDialect().str();
    EXPECT_TRUE(kinds.count(kind))
        << "nn op '" << kind << "' has no entry in lib/Layers' table";
  }
}

TEST_F(LayerTableTest, AttributesRequiredAndDefaultsAgree) {
  for (const layers::LayerSchema &l : layers::layerTable()) {
    std::optional<RegisteredOperationName> op = opOf(l.kind);
    if (!op)
      continue; // reported above
    NamedAttrList defaults;
    op->populateDefaultAttrs(defaults);
    std::set<std::string> odsNames;
    for (StringAttr n : op->getAttributeNames())
      odsNames.insert(n.str());
    std::set<std::string> tableNames;
    for (const layers::AttrSchema &a : l.attrs) {
      tableNames.insert(a.name);
      SCOPED_TRACE(std::string(l.kind) + "." + a.name);
      EXPECT_TRUE(odsNames.count(a.name)) << "not an ODS attribute";
      Attribute dflt = defaults.get(a.name);
      EXPECT_EQ(a.required, !dflt && a.defaultValue != layers::kDefaultIsKernel)
          << "required in one, defaulted in the other";
      if (!dflt)
        continue;
      std::optional<double> v = numberOf(dflt);
      ASSERT_TRUE(v);
      if (a.defaultValue != layers::kDefaultIsKernel)
        EXPECT_DOUBLE_EQ(a.defaultValue, *v);
    }
    for (const std::string &n : odsNames)
      EXPECT_TRUE(tableNames.count(n))
          << l.kind << "." << n << " is in ODS but not in the table";
  }
}

} // namespace
