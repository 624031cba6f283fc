//===- Builtins.cpp - the built-in layers and functions of .nas -----------===//
#include "frontend/Builtins.h"
#include "dialect/NN/NNOps.h"
#include "frontend/MLIRGen.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"

using namespace nasir::frontend;
using namespace nasir::frontend::gen;
using mlir::failure;
using mlir::FailureOr;

//===----------------------------------------------------------------------===//
// The hand-written part: surface names, positional order, short names
//===----------------------------------------------------------------------===//

namespace {
// Parameter lists shared by the 2-D layers and their 1-D versions.
const LayerParam kUnary[] = {{"x"}};
const LayerParam kBinary[] = {{"a"}, {"b"}};
const LayerParam kConv[] = {{"x"},
                            {"out", "out_channels"},
                            {"k", "kernel"},
                            {"stride", "stride"},
                            {"pad", "padding"},
                            {"dilation", "dilation"},
                            {"groups", "groups"},
                            {"bias", "bias"}};
const LayerParam kLinear[] = {{"x"}, {"out", "out_features"}, {"bias", "bias"}};
const LayerParam kNorm[] = {{"x"}, {"affine", "affine"}};
const LayerParam kMaxPool[] = {
    {"x"}, {"k", "kernel"}, {"stride", "stride"}, {"pad", "padding"}};
const LayerParam kAvgPool[] = {{"x"},
                               {"k", "kernel"},
                               {"stride", "stride"},
                               {"pad", "padding"},
                               {"count_pad", "count_include_pad"}};
const LayerParam kZero[] = {{"x"}, {"stride", "stride"}};
const LayerParam kDropout[] = {{"x"}, {"p", "p"}};

using R = LayerRule;
// One line per surface name. A line whose op the dialect does not register
// (yet) is skipped: the 1-D layers join when their ops do.
const LayerAlias kAliases[] = {
    {"conv", "nn.conv2d", kConv, 3, R::SamePadding},
    {"linear", "nn.linear", kLinear, 2, R::BindClasses},
    {"bn", "nn.batch_norm", kNorm, 1},
    {"batch_norm", "nn.batch_norm", kNorm, 1},
    {"layer_norm", "nn.layer_norm", kNorm, 1},
    {"relu", "nn.relu", kUnary, 1},
    {"relu6", "nn.relu6", kUnary, 1},
    {"gelu", "nn.gelu", kUnary, 1},
    {"sigmoid", "nn.sigmoid", kUnary, 1},
    {"silu", "nn.silu", kUnary, 1},
    {"hardswish", "nn.hardswish", kUnary, 1},
    {"tanh", "nn.tanh", kUnary, 1},
    {"max_pool", "nn.max_pool2d", kMaxPool, 2},
    {"avg_pool", "nn.avg_pool2d", kAvgPool, 2},
    {"global_avg_pool", "nn.global_avg_pool", kUnary, 1},
    {"identity", "nn.identity", kUnary, 1},
    {"zero", "nn.zero", kZero, 1},
    {"flatten", "nn.flatten", kUnary, 1},
    {"dropout", "nn.dropout", kDropout, 1, R::Probability},
    {"mul", "nn.mul", kBinary, 2},
    {"conv1d", "nn.conv1d", kConv, 3, R::SamePadding},
    {"max_pool1d", "nn.max_pool1d", kMaxPool, 2},
    {"avg_pool1d", "nn.avg_pool1d", kAvgPool, 2},
};

struct FunctionSpec {
  const char *name;
  std::vector<const char *> params;
  unsigned required;
  bool variadic;
  FunctionKind kind;
};

const FunctionSpec kFunctions[] = {
    {"add", {}, 1, true, FunctionKind::Sum},
    {"sum", {}, 1, true, FunctionKind::Sum},
    {"concat", {}, 1, true, FunctionKind::Concat},
    {"channels", {"x"}, 1, false, FunctionKind::Channels},
    {"min", {"a", "b"}, 2, false, FunctionKind::Min},
    {"max", {"a", "b"}, 2, false, FunctionKind::Max},
    {"round", {"v"}, 1, false, FunctionKind::Round},
};

/// The frontend's bounds of an integer attribute: resource limits, by the
/// attribute's name (so that a 1-D op shares them with its 2-D version).
std::pair<int64_t, int64_t> integerBounds(StringRef attr) {
  if (attr == "out_channels" || attr == "groups")
    return {1, Limits::kMaxChannels};
  if (attr == "out_features")
    return {1, Limits::kMaxFeatures};
  if (attr == "padding")
    return {0, Limits::kMaxWindow};
  return {1, Limits::kMaxWindow}; // kernel, stride, dilation
}
} // namespace

llvm::ArrayRef<LayerAlias> gen::layerAliases() { return kAliases; }

//===----------------------------------------------------------------------===//
// Typed creation from the dialect's op list
//===----------------------------------------------------------------------===//

namespace {
template <typename OpTy>
mlir::Operation *createTyped(mlir::OpBuilder &b, mlir::Location l,
                             mlir::TypeRange types, mlir::ValueRange operands,
                             llvm::ArrayRef<mlir::NamedAttribute> attrs) {
  return b.create<OpTy>(l, types, operands, attrs).getOperation();
}

template <typename... Ops> llvm::StringMap<CreateOpFn> creatorsOf() {
  llvm::StringMap<CreateOpFn> map;
  (map.try_emplace(Ops::getOperationName(), &createTyped<Ops>), ...);
  return map;
}
} // namespace

CreateOpFn gen::typedCreator(StringRef opName) {
  using namespace nasir::nn;
  // Every op of the nn dialect, as NNDialect::initialize registers them.
  static const llvm::StringMap<CreateOpFn> creators = creatorsOf<
#define GET_OP_LIST
#include "dialect/NN/NNOps.cpp.inc"
      >();
  return creators.lookup(opName);
}

//===----------------------------------------------------------------------===//
// The table
//===----------------------------------------------------------------------===//

/// The Scalar an ODS default attribute holds.
static std::optional<Scalar> scalarOf(mlir::Attribute a) {
  if (auto b = llvm::dyn_cast<mlir::BoolAttr>(a))
    return Scalar::ofBool(b.getValue());
  if (auto i = llvm::dyn_cast<mlir::IntegerAttr>(a))
    return Scalar::ofInt(i.getInt());
  if (auto f = llvm::dyn_cast<mlir::FloatAttr>(a))
    return Scalar::ofFloat(f.getValueAsDouble());
  return std::nullopt;
}

FailureOr<BuiltinTable> BuiltinTable::build(mlir::MLIRContext &ctx,
                                            llvm::ArrayRef<LayerAlias> aliases,
                                            std::string &error) {
  BuiltinTable table;
  auto add = [&](Builtin b) {
    table.index[b.name] = table.builtins.size();
    table.builtins.push_back(std::move(b));
  };
  for (const LayerAlias &alias : aliases) {
    std::optional<mlir::RegisteredOperationName> info =
        mlir::RegisteredOperationName::lookup(alias.op, &ctx);
    CreateOpFn create = typedCreator(alias.op);
    if (!info || !create)
      continue; // the dialect has no such op (yet)
    mlir::NamedAttrList defaults;
    info->populateDefaultAttrs(defaults);
    Builtin b;
    b.name = alias.name;
    b.signature.required = alias.required;
    LayerBuiltin layer{&alias, create, {}};
    for (const LayerParam &p : alias.params) {
      b.signature.params.push_back(p.name);
      if (!p.attr) {
        layer.attrs.push_back(std::nullopt);
        continue;
      }
      if (!llvm::any_of(info->getAttributeNames(), [&](mlir::StringAttr n) {
            return n.getValue() == p.attr;
          })) {
        error = ("internal error: builtin '" + StringRef(alias.name) +
                 "' sets attribute '" + p.attr + "', which '" + alias.op +
                 "' does not have")
                    .str();
        return failure();
      }
      LayerAttr attr;
      attr.name = p.attr;
      attr.kind = Scalar::Int;
      if (mlir::Attribute d = defaults.get(p.attr)) {
        attr.defaultValue = scalarOf(d);
        if (!attr.defaultValue) {
          error = ("internal error: the default of '" + StringRef(alias.op) +
                   "' attribute '" + p.attr + "' is not a number")
                      .str();
          return failure();
        }
        attr.kind = attr.defaultValue->kind;
      }
      // One truth for defaults: a parameter is optional exactly when ODS
      // gives its attribute a default or makes it optional.
      size_t position = &p - alias.params.data();
      if (position < alias.required && attr.defaultValue) {
        error = ("internal error: builtin '" + StringRef(alias.name) +
                 "' requires '" + p.name + "', but '" + alias.op + "' gives '" +
                 p.attr + "' a default")
                    .str();
        return failure();
      }
      std::tie(attr.min, attr.max) = integerBounds(p.attr);
      layer.attrs.push_back(std::move(attr));
    }
    if (alias.rule == LayerRule::SamePadding) {
      // kernel // 2 * dilation needs both, with a value when not given.
      for (const char *needed : {"kernel", "dilation", "padding"}) {
        auto it = llvm::find_if(alias.params, [&](const LayerParam &q) {
          return q.attr && StringRef(q.attr) == needed;
        });
        size_t at = it - alias.params.begin();
        if (it == alias.params.end() ||
            (StringRef(needed) != "padding" && at >= alias.required &&
             !layer.attrs[at]->defaultValue)) {
          error =
              ("internal error: builtin '" + StringRef(alias.name) +
               "' computes its padding but has no value for '" + needed + "'")
                  .str();
          return failure();
        }
      }
    }
    b.layer = std::move(layer);
    add(std::move(b));
  }
  for (const FunctionSpec &f : kFunctions) {
    Builtin b;
    b.name = f.name;
    for (const char *p : f.params)
      b.signature.params.push_back(p);
    b.signature.required = f.required;
    b.signature.variadic = f.variadic;
    b.function = f.kind;
    add(std::move(b));
  }
  return table;
}

const Builtin *BuiltinTable::find(StringRef name) const {
  auto it = index.find(name);
  return it == index.end() ? nullptr : &builtins[it->second];
}

std::string gen::suggest(StringRef name,
                         const std::vector<std::string> &candidates) {
  std::string best;
  unsigned bestDist = std::max<unsigned>(2, name.size() / 3) + 1;
  for (const std::string &c : candidates) {
    unsigned d = name.edit_distance(c, true, bestDist);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return best;
}
