//===- Layers.cpp - layers: knob nests, typed creation, channels ----------===//
#include "frontend/Generator.h"
#include "dialect/NN/NNOps.h"
#include "dialect/Utils/TypeJoin.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/STLExtras.h"

using namespace nasir::frontend;
using llvm::cast;
using llvm::dyn_cast_or_null;
using llvm::dyn_cast;
using llvm::isa;

namespace nasir::frontend::gen {

LogicalResult Generator::checkSize(SMLoc l, mlir::Type t) {
  auto tensor = dyn_cast<mlir::RankedTensorType>(t);
  if (!tensor)
    return success();
  int64_t n = 1;
  for (int64_t d : tensor.getShape().drop_front()) {
    if (mlir::ShapedType::isDynamic(d))
      continue;
    if (d > Limits::kMaxElements || (n *= d) > Limits::kMaxElements) {
      error(l) << "tensor " << t << " is too large (more than "
               << Limits::kMaxElements << " elements per sample)";
      return failure();
    }
  }
  return success();
}

LogicalResult
Generator::inferTypes(mlir::Location l, StringRef opName,
                      mlir::ValueRange operands, mlir::DictionaryAttr attrs,
                      llvm::SmallVectorImpl<mlir::Type> &results) {
  std::optional<mlir::RegisteredOperationName> info =
      mlir::RegisteredOperationName::lookup(opName, &ctx);
  if (!info) {
    mlir::emitError(l) << "internal error: '" << opName
                       << "' is not registered";
    return failure();
  }
  if (auto *infer = info->getInterface<mlir::InferTypeOpInterface>())
    return infer->inferReturnTypes(&ctx, l, operands, attrs,
                                   mlir::OpaqueProperties(nullptr),
                                   mlir::RegionRange(), results);
  results.push_back(operands.front().getType());
  return success();
}

FailureOr<mlir::Value>
Generator::createOp(SMLoc l, OpKind op, llvm::ArrayRef<mlir::Value> operands,
                    llvm::ArrayRef<mlir::NamedAttribute> attrs) {
  if (failed(countOp(l)))
    return failure();
  mlir::Location location = loc(l);
  // Inferred first: the ODS builders that infer the types themselves abort
  // on a failure, and a bad shape here is the user's error.
  llvm::SmallVector<mlir::Type> types;
  if (failed(inferTypes(location, op.name, operands,
                        builder.getDictionaryAttr(attrs), types)))
    return failure();
  for (mlir::Type t : types)
    if (failed(checkSize(l, t)))
      return failure();
  mlir::Operation *created =
      op.create(builder, location, types, operands, attrs);
  if (failed(mlir::verify(created, /*verifyRecursively=*/false)))
    return failure();
  return created->getResult(0);
}

FailureOr<mlir::Value>
Generator::emitLayer(SMLoc l, OpKind op, llvm::ArrayRef<mlir::Value> operands,
                     std::vector<AttrArg> attrs,
                     llvm::ArrayRef<mlir::NamedAttribute> fixed) {
  std::vector<Knob *> deps;
  for (const AttrArg &a : attrs)
    for (Knob *k : a.value.deps)
      if (!llvm::is_contained(deps, k))
        deps.push_back(k);
  llvm::sort(deps, [](Knob *x, Knob *y) { return x->id < y->id; });
  size_t total = 1;
  for (Knob *k : deps) {
    k->addHome(builder.getInsertionBlock(), outerLevels(*k));
    total *= k->options.size();
    if (total > Limits::kMaxCombinations) {
      error(l) << "this layer depends on too many value choices (more than "
               << Limits::kMaxCombinations << " combinations)";
      return failure();
    }
    if (k->usedAsDepth) {
      error(l) << "value choice '" << k->label
               << "' is a repeat count; it cannot also set a layer attribute";
      mlir::emitRemark(loc(k->loc)) << "the value choice is declared here";
      return failure();
    }
    k->usedAsValue = true;
  }
  std::vector<size_t> choice(deps.size(), 0);
  return emitNest(l, op, operands, attrs, fixed, deps, choice, 0);
}

FailureOr<mlir::Value> Generator::emitNest(
    SMLoc l, OpKind op, llvm::ArrayRef<mlir::Value> operands,
    const std::vector<AttrArg> &attrs,
    llvm::ArrayRef<mlir::NamedAttribute> fixed, const std::vector<Knob *> &deps,
    std::vector<size_t> &choice, size_t level) {
  if (level == deps.size()) {
    // The leaf: every knob is fixed, so every attribute is plain.
    llvm::SmallVector<mlir::NamedAttribute> named(fixed.begin(), fixed.end());
    for (const AttrArg &a : attrs) {
      Scalar v = lookup(a.value, deps, choice);
      if (a.omitIf && v.kind == a.omitIf->kind && v == *a.omitIf)
        continue; // the op's default: keep the IR short
      mlir::Attribute attr;
      if (a.kind == Scalar::Bool) {
        if (v.kind != Scalar::Bool) {
          error(a.loc) << "'" << a.name << "' expects true or false, got "
                       << v.str();
          return failure();
        }
        attr = builder.getBoolAttr(v.i);
      } else if (a.kind == Scalar::Float) {
        if (v.kind == Scalar::Bool) {
          error(a.loc) << "'" << a.name << "' expects a number, got " << v.str();
          return failure();
        }
        attr = builder.getF64FloatAttr(v.asDouble());
      } else {
        if (v.kind != Scalar::Int) {
          error(a.loc) << "'" << a.name << "' expects an integer, got "
                       << v.str() << (v.kind == Scalar::Float
                                          ? " (use // or round() for integers)"
                                          : "");
          return failure();
        }
        if (v.i < a.min || v.i > a.max) {
          auto d = error(a.loc);
          d << "'" << a.name << "' = " << v.i << " is out of range ["
            << a.min << ", " << a.max << "]";
          if (!deps.empty()) {
            d << " for ";
            for (size_t i = 0; i < deps.size(); ++i)
              d << (i ? ", " : "") << deps[i]->label << " = "
                << deps[i]->options[choice[i]].str();
          }
          return failure();
        }
        attr = builder.getI64IntegerAttr(v.i);
      }
      named.push_back(builder.getNamedAttr(a.name, attr));
    }
    return createOp(l, op, operands, named);
  }
  // One nas.choice over knob `level`, one alternative per option.
  Knob *k = deps[level];
  if (failed(countOp(l)))
    return failure();
  llvm::SmallVector<mlir::Attribute> options;
  for (const Scalar &o : k->options)
    options.push_back(attrOf(o));
  auto choiceOp = builder.create<nasir::nas::ChoiceOp>(
      loc(l), mlir::TypeRange{builder.getNoneType()}, k->label,
      builder.getArrayAttr(options), outerAttr(outerLevels(*k)),
      unsigned(options.size()));
  knobChoices[choiceOp] = k;
  mlir::OpBuilder::InsertionGuard guard(builder);
  mlir::Type joined;
  for (size_t i = 0; i < options.size(); ++i) {
    mlir::Block *block = builder.createBlock(&choiceOp.getAlternatives()[i]);
    builder.setInsertionPointToEnd(block);
    choice[level] = i;
    FailureOr<mlir::Value> v =
        emitNest(l, op, operands, attrs, fixed, deps, choice, level + 1);
    if (failed(v))
      return failure();
    builder.create<nasir::nas::YieldOp>(loc(l), mlir::ValueRange{*v});
    joined = joined ? nasir::joinTypes(joined, v->getType()) : v->getType();
    if (!joined) {
      error(l) << "the alternatives of value choice '" << k->label
               << "' give tensors of different ranks";
      return failure();
    }
  }
  choice[level] = 0;
  choiceOp.getResult(0).setType(joined);
  return choiceOp.getResult(0);
}

//===----------------------------------------------------------------------===//
// Built-in layers
//===----------------------------------------------------------------------===//

FailureOr<Value> Generator::evalLayer(Frame &f, const CallExpr &e,
                                      const LayerBuiltin &layer,
                                      std::vector<const Expr *> &bound) {
  const LayerAlias &alias = *layer.alias;
  SMLoc l = e.getLoc();
  auto what = [&](size_t i) {
    return "argument '" + std::string(alias.params[i].name) + "' of " +
           alias.name;
  };
  llvm::SmallVector<mlir::Value> operands;
  for (size_t i = 0; i < alias.params.size(); ++i) {
    if (layer.attrs[i])
      continue;
    FailureOr<mlir::Value> t = evalTensor(f, *bound[i], what(i));
    if (failed(t))
      return failure();
    operands.push_back(*t);
  }
  // The attributes, in parameter order; a computed "same" padding last, as
  // it reads the kernel and the dilation.
  std::vector<AttrArg> attrs;
  llvm::SmallVector<mlir::NamedAttribute> fixed;
  std::optional<size_t> padding;
  auto attrArg = [&](size_t i) -> LogicalResult {
    const LayerAttr &a = *layer.attrs[i];
    AttrArg arg{a.name,        {},    a.kind,
                a.min,         a.max, bound[i] ? bound[i]->getLoc() : l,
                a.defaultValue};
    if (bound[i]) {
      FailureOr<Num> n = evalNum(f, *bound[i], what(i));
      if (failed(n))
        return failure();
      arg.value = std::move(*n);
    } else if (a.defaultValue) {
      arg.value.table.push_back(*a.defaultValue); // the ODS default
    } else {
      return success(); // an optional attribute: the op decides
    }
    if (alias.rule == LayerRule::BindClasses && arg.value.isClasses)
      fixed.push_back(
          builder.getNamedAttr("nas.bind", builder.getStringAttr("classes")));
    if (alias.rule == LayerRule::Probability)
      for (const Scalar &s : arg.value.table)
        if (s.kind != Scalar::Bool && (s.asDouble() < 0 || s.asDouble() >= 1)) {
          error(arg.loc) << "dropout probability " << s.str()
                         << " is not in [0, 1)";
          return failure();
        }
    attrs.push_back(std::move(arg));
    return success();
  };
  for (size_t i = 0; i < alias.params.size(); ++i) {
    if (!layer.attrs[i])
      continue;
    if (alias.rule == LayerRule::SamePadding &&
        layer.attrs[i]->name == "padding") {
      padding = i;
      continue;
    }
    if (failed(attrArg(i)))
      return failure();
  }
  if (padding && bound[*padding] && failed(attrArg(*padding)))
    return failure();
  if (padding && !bound[*padding]) {
    // "same" padding: kernel // 2 * dilation.
    auto valueOf = [&](StringRef name) -> const Num & {
      return llvm::find_if(attrs,
                           [&](const AttrArg &a) { return a.name == name; })
          ->value;
    };
    FailureOr<Num> half =
        combine(l, valueOf("kernel"), Num{{}, {Scalar::ofInt(2)}}, "//");
    if (failed(half))
      return failure();
    FailureOr<Num> pad = combine(l, *half, valueOf("dilation"), "*");
    if (failed(pad))
      return failure();
    const LayerAttr &a = *layer.attrs[*padding];
    attrs.push_back(
        {a.name, std::move(*pad), a.kind, a.min, a.max, l, a.defaultValue});
  }
  FailureOr<mlir::Value> v = emitLayer(l, OpKind{alias.op, layer.create},
                                       operands, std::move(attrs), fixed);
  if (failed(v))
    return failure();
  return Value::ofTensor(*v);
}

//===----------------------------------------------------------------------===//
// Channels that depend on value choices
//===----------------------------------------------------------------------===//

/// The channel count of a type whose dimension 1 is static.
static std::optional<int64_t> staticChannels(mlir::Type t) {
  auto tensor = dyn_cast<mlir::RankedTensorType>(t);
  if (!tensor || tensor.getRank() < 2 || tensor.isDynamicDim(1))
    return std::nullopt;
  return tensor.getDimSize(1);
}

llvm::SmallVector<mlir::Value> Generator::channelInputs(mlir::Value v) {
  if (auto arg = dyn_cast<mlir::BlockArgument>(v)) {
    if (auto repeat = dyn_cast_or_null<nasir::nas::RepeatOp>(
            arg.getOwner()->getParentOp()))
      return {repeat.getInput()};
    return {};
  }
  mlir::Operation *op = v.getDefiningOp();
  if (auto repeat = dyn_cast<nasir::nas::RepeatOp>(op))
    return {repeat.getInput(),
            repeat.getBody().front().getTerminator()->getOperand(0)};
  if (auto choice = dyn_cast<nasir::nas::ChoiceOp>(op)) {
    llvm::SmallVector<mlir::Value> yielded;
    if (knobChoices.count(op))
      for (mlir::Region &r : choice.getAlternatives())
        yielded.push_back(r.front().getTerminator()->getOperand(
            cast<mlir::OpResult>(v).getResultNumber()));
    return yielded;
  }
  if (op->getDialect() && op->getDialect()->getNamespace() == "nn")
    return llvm::to_vector(op->getOperands());
  return {};
}

FailureOr<std::optional<Num>> Generator::channelsOf(SMLoc l, mlir::Value v) {
  auto known = [&](mlir::Value x) {
    return staticChannels(x.getType()) || channelMemo.count(x);
  };
  // Depth first without recursion: a chain of layers may be long.
  std::vector<mlir::Value> stack{v};
  while (!stack.empty()) {
    mlir::Value cur = stack.back();
    if (known(cur)) {
      stack.pop_back();
      continue;
    }
    bool waiting = false;
    for (mlir::Value in : channelInputs(cur))
      if (!known(in)) {
        stack.push_back(in);
        waiting = true;
      }
    if (waiting)
      continue;
    FailureOr<std::optional<Num>> n = computeChannels(l, cur);
    if (failed(n))
      return failure();
    channelMemo[cur] = std::move(*n);
    stack.pop_back();
  }
  if (std::optional<int64_t> c = staticChannels(v.getType()))
    return std::optional<Num>(Num{{}, {Scalar::ofInt(*c)}});
  return channelMemo.lookup(v);
}

FailureOr<std::optional<Num>> Generator::computeChannels(SMLoc l,
                                                         mlir::Value v) {
  // The channels of the inputs, known by now.
  std::vector<Num> inputs;
  for (mlir::Value in : channelInputs(v)) {
    if (std::optional<int64_t> c = staticChannels(in.getType())) {
      inputs.push_back(Num{{}, {Scalar::ofInt(*c)}});
      continue;
    }
    const std::optional<Num> &n = channelMemo.find(in)->second;
    if (!n)
      return std::optional<Num>();
    inputs.push_back(*n);
  }
  if (inputs.empty())
    return std::optional<Num>(); // an op or subgraph choice, a pick, ...
  if (isa<mlir::BlockArgument>(v))
    return std::optional<Num>(inputs.front()); // checked after the body
  mlir::Operation *op = v.getDefiningOp();
  if (isa<nasir::nas::RepeatOp>(op)) {
    // Every iteration keeps the channels, or they are not a number here.
    if (!sameNum(inputs[0], inputs[1]))
      return std::optional<Num>();
    return std::optional<Num>(inputs.front());
  }
  std::string err;
  if (auto it = knobChoices.find(op); it != knobChoices.end()) {
    FailureOr<Num> n = selectByKnob(it->second, inputs, err);
    if (failed(n))
      return std::optional<Num>();
    return std::optional<Num>(std::move(*n));
  }
  // A layer: its result type inferred for each combination of the knobs
  // its inputs' channels depend on.
  std::vector<const Num *> nums;
  for (const Num &n : inputs)
    nums.push_back(&n);
  FailureOr<std::vector<Knob *>> deps = jointDeps(nums, "value", err);
  if (failed(deps))
    return std::optional<Num>();
  Num r;
  r.deps = std::move(*deps);
  std::vector<size_t> choice(r.deps.size(), 0);
  mlir::Block probe; // stand-ins for the operands, one type each
  do {
    if (!step(l))
      return failure();
    llvm::SmallVector<mlir::Value> operands;
    for (auto [in, n] : llvm::zip(op->getOperands(), inputs)) {
      auto t = dyn_cast<mlir::RankedTensorType>(in.getType());
      if (!t || t.getRank() < 2)
        return std::optional<Num>();
      llvm::SmallVector<int64_t> shape(t.getShape());
      shape[1] = lookup(n, r.deps, choice).i;
      operands.push_back(probe.addArgument(
          mlir::RankedTensorType::get(shape, t.getElementType()),
          op->getLoc()));
    }
    llvm::SmallVector<mlir::Type> types;
    LogicalResult inferred = failure();
    {
      // A combination that fails to infer makes the channels no number.
      mlir::ScopedDiagnosticHandler quiet(
          &ctx, [](mlir::Diagnostic &) { return success(); });
      inferred = inferTypes(op->getLoc(), op->getName().getStringRef(),
                            operands, op->getAttrDictionary(), types);
    }
    probe.eraseArguments(0, probe.getNumArguments());
    std::optional<int64_t> c = succeeded(inferred) && !types.empty()
                                   ? staticChannels(types[0])
                                   : std::nullopt;
    if (!c)
      return std::optional<Num>();
    r.table.push_back(Scalar::ofInt(*c));
  } while (nextChoice(r.deps, choice));
  return std::optional<Num>(std::move(r));
}

LogicalResult Generator::checkRepeatChannels(const RepeatStmt &s,
                                             nasir::nas::RepeatOp repeat) {
  mlir::Value arg = repeat.getBody().front().getArgument(0);
  auto it = channelMemo.find(arg);
  if (it == channelMemo.end() || !it->second)
    return success(); // channels() did not read them
  std::optional<Num> assumed = it->second;
  FailureOr<std::optional<Num>> out = channelsOf(
      s.getLoc(), repeat.getBody().front().getTerminator()->getOperand(0));
  if (failed(out))
    return failure();
  if (*out && sameNum(*assumed, **out))
    return success();
  error(s.getLoc()) << "the repeat body reads channels(" << s.var
                    << ") as the channels of its input, but changes them; "
                       "keep the channels of '"
                    << s.var << "' in the body";
  return failure();
}

} // namespace nasir::frontend::gen
