//===- NASOps.cpp - verifiers and syntax of the search constructs ---------===//
#include "dialect/NAS/NASOps.h"
#include "dialect/NAS/Predicate.h"
#include "dialect/Utils/TypeJoin.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include <functional>

using namespace mlir;
using namespace nasir;
using namespace nasir::nas;

//===----------------------------------------------------------------------===//
// space
//===----------------------------------------------------------------------===//

/// i64 and f64 options are spelled bare (`case 3`, `case 5.000000e-01`): a
/// bare literal parses back as one of them. Others keep their type.
static bool isBareOption(Attribute opt) {
  auto i = dyn_cast<IntegerAttr>(opt);
  auto f = dyn_cast<FloatAttr>(opt);
  return (i && i.getType().isInteger(64)) || (f && f.getType().isF64());
}

/// An option as the custom syntax spells it, for diagnostics.
static void printOption(llvm::raw_ostream &os, Attribute opt) {
  opt.print(os, /*elideType=*/isBareOption(opt));
}

static std::string optionText(Attribute opt) {
  std::string s;
  llvm::raw_string_ostream os(s);
  printOption(os, opt);
  return s;
}

/// A site's kind and domain, for the rule that sites sharing a label agree.
static std::string describeDomain(Operation *op) {
  std::string s;
  llvm::raw_string_ostream os(s);
  if (auto c = dyn_cast<ChoiceOp>(op)) {
    os << "choice [";
    llvm::interleaveComma(c.getOptions(), os,
                          [&](Attribute opt) { printOption(os, opt); });
    os << "]";
  } else if (auto r = dyn_cast<RepeatOp>(op)) {
    os << "repeat [";
    llvm::interleaveComma(r.getDepths(), os);
    os << "]";
  } else if (auto sel = dyn_cast<SelectOp>(op))
    os << "select of " << sel.getInputs().size() << " inputs, ["
       << sel.getMin() << ", " << sel.getMax() << "]";
  return s;
}

static StringRef labelOf(Operation *op) {
  if (auto c = dyn_cast<ChoiceOp>(op))
    return c.getLabel();
  if (auto r = dyn_cast<RepeatOp>(op))
    return r.getLabel();
  if (auto s = dyn_cast<SelectOp>(op))
    return s.getLabel();
  return {};
}

static LogicalResult verifyYield(Operation *op, Region &region,
                                 TypeRange types, StringRef what);

/// Sites that share a label take one decision, so they must offer the same
/// domain of values.
static LogicalResult verifySharedLabels(Region &body) {
  llvm::StringMap<std::pair<Operation *, std::string>> seen;
  WalkResult r = body.walk([&](Operation *op) {
    StringRef label = labelOf(op);
    if (label.empty())
      return WalkResult::advance();
    std::string domain = describeDomain(op);
    auto [it, inserted] = seen.try_emplace(label, op, domain);
    if (!inserted && it->second.second != domain) {
      InFlightDiagnostic d = op->emitOpError("label '")
                             << label << "' is a " << domain
                             << " here but a " << it->second.second
                             << " elsewhere; sites sharing a label must offer "
                                "the same options";
      d.attachNote(it->second.first->getLoc()) << "the other site is here";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(r.wasInterrupted());
}

LogicalResult SpaceOp::verify() { return verifySharedLabels(getBody()); }

//===----------------------------------------------------------------------===//
// cell and apply
//===----------------------------------------------------------------------===//

// nas.cell @name(%a: T, ...) -> (T, ...) params {...} attributes {...} {...}
ParseResult CellOp::parse(OpAsmParser &parser, OperationState &result) {
  StringAttr name;
  SmallVector<OpAsmParser::Argument> args;
  SmallVector<Type> results;
  if (parser.parseSymbolName(name, getSymNameAttrName(result.name),
                             result.attributes) ||
      parser.parseArgumentList(args, OpAsmParser::Delimiter::Paren,
                               /*allowType=*/true) ||
      parser.parseOptionalArrowTypeList(results))
    return failure();
  DictionaryAttr params = parser.getBuilder().getDictionaryAttr({});
  if (succeeded(parser.parseOptionalKeyword("params")) &&
      parser.parseAttribute(params))
    return failure();
  result.addAttribute(getParamsAttrName(result.name), params);
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  SmallVector<Type> argTypes;
  for (auto &a : args)
    argTypes.push_back(a.type);
  result.addAttribute(
      getFunctionTypeAttrName(result.name),
      TypeAttr::get(parser.getBuilder().getFunctionType(argTypes, results)));
  Region *body = result.addRegion();
  if (parser.parseRegion(*body, args))
    return failure();
  CellOp::ensureTerminator(*body, parser.getBuilder(), result.location);
  return success();
}

void CellOp::print(OpAsmPrinter &p) {
  p << ' ';
  p.printSymbolName(getSymName());
  p << '(';
  llvm::interleaveComma(getBlock().getArguments(), p,
                        [&](BlockArgument a) { p.printRegionArgument(a); });
  p << ')';
  ArrayRef<Type> results = getFunctionType().getResults();
  if (!results.empty()) {
    p << " -> ";
    if (results.size() == 1)
      p << results.front();
    else {
      p << '(';
      llvm::interleaveComma(results, p);
      p << ')';
    }
  }
  if (!getParams().empty()) {
    p << " params ";
    p.printAttributeWithoutType(getParams());
  }
  p.printOptionalAttrDictWithKeyword(
      (*this)->getAttrs(),
      {getSymNameAttrName(), getFunctionTypeAttrName(), getParamsAttrName()});
  p << ' ';
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false,
                /*printBlockTerminators=*/true);
}

LogicalResult CellOp::verify() {
  FunctionType type = getFunctionType();
  if (getBlock().getArgumentTypes() != type.getInputs())
    return emitOpError("body arguments do not match the signature ")
           << type;
  for (NamedAttribute p : getParams())
    if (!isa<IntegerAttr, FloatAttr, StringAttr>(p.getValue()))
      return emitOpError("parameter '")
             << p.getName().getValue() << "' = " << p.getValue()
             << " is not an integer, float or string";
  if (failed(verifyYield(*this, getBody(), type.getResults(), "body")))
    return failure();
  return verifySharedLabels(getBody());
}

LogicalResult ApplyOp::verifySymbolUses(SymbolTableCollection &symbols) {
  auto cell = symbols.lookupNearestSymbolFrom<CellOp>(*this, getCellAttr());
  if (!cell)
    return emitOpError("applies @")
           << getCell() << ", which is not a nas.cell of this module";
  FunctionType type = cell.getFunctionType();
  if (getInputs().size() != type.getNumInputs() ||
      getNumResults() != type.getNumResults())
    return emitOpError("passes ")
           << getInputs().size() << " inputs and takes " << getNumResults()
           << " results, but @" << getCell() << " is " << type;
  for (auto [i, v, t] : llvm::enumerate(getInputs(), type.getInputs()))
    if (!areCompatible(v.getType(), t))
      return emitOpError("input #")
             << i << " is " << v.getType() << " but @" << getCell()
             << " takes " << t;
  for (auto [i, r, t] : llvm::enumerate(getResultTypes(), type.getResults()))
    if (!areCompatible(r, t))
      return emitOpError("result #")
             << i << " is " << r << " but @" << getCell() << " yields " << t;
  for (NamedAttribute p : getParams()) {
    Attribute dflt = cell.getParams().get(p.getName());
    if (!dflt)
      return emitOpError("sets '")
             << p.getName().getValue() << "', which is not a parameter of @"
             << getCell() << " (" << cell.getParams() << ")";
    if (dflt.getTypeID() != p.getValue().getTypeID())
      return emitOpError("sets '")
             << p.getName().getValue() << "' to " << p.getValue()
             << " but its default is " << dflt;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// choice
//===----------------------------------------------------------------------===//

std::optional<unsigned> ChoiceOp::findOption(Attribute value) {
  // 3 and 3.0 name the same option of a numeric knob.
  for (auto [i, opt] : llvm::enumerate(getOptions()))
    if (sameDecisionValue(opt, value))
      return i;
  return std::nullopt;
}

/// Checks that a region ends in a yield of values compatible with `types`.
static LogicalResult verifyYield(Operation *op, Region &region,
                                 TypeRange types, StringRef what) {
  auto yield = cast<YieldOp>(region.front().getTerminator());
  if (yield.getValues().size() != types.size())
    return op->emitOpError() << what << " yields " << yield.getValues().size()
                             << " values but the op has " << types.size()
                             << " results";
  for (auto [i, v, t] : llvm::enumerate(yield.getValues(), types))
    if (!areCompatible(v.getType(), t))
      return op->emitOpError()
             << what << " yields " << v.getType() << " as result #" << i
             << ", which cannot be " << t;
  return success();
}

/// The per-iteration repeats around `op` (those that suffix its labels).
static int64_t iterationDepth(Operation *op) {
  int64_t n = 0;
  for (Operation *p = op->getParentOp(); p; p = p->getParentOp())
    if (auto r = dyn_cast<RepeatOp>(p); r && !r.getShared())
      ++n;
  return n;
}

LogicalResult ChoiceOp::verify() {
  if (getLabel().empty())
    return emitOpError("needs a non-empty label");
  if (std::optional<int64_t> outer = getOuter();
      outer && *outer > iterationDepth(*this))
    return emitOpError("is decided ")
           << *outer << " repeats out but stands in "
           << iterationDepth(*this) << " per-iteration repeat bodies";
  if (getAlternatives().empty())
    return emitOpError("needs at least one alternative");
  if (getOptions().size() != getAlternatives().size())
    return emitOpError("has ") << getOptions().size() << " options for "
                               << getAlternatives().size() << " alternatives";
  llvm::DenseSet<Attribute> unique;
  for (Attribute opt : getOptions()) {
    if (!isa<StringAttr, IntegerAttr, FloatAttr>(opt))
      return emitOpError("option ")
             << optionText(opt) << " is not a string, integer or float";
    if (!unique.insert(opt).second)
      return emitOpError("option ") << optionText(opt) << " appears twice";
  }
  for (auto [opt, region] : llvm::zip(getOptions(), getAlternatives())) {
    std::string what = "alternative " + optionText(opt);
    if (failed(verifyYield(*this, region, getResultTypes(), what)))
      return failure();
  }
  return success();
}

// nas.choice "label" (-> types)? attr-dict (case option region)+
ParseResult ChoiceOp::parse(OpAsmParser &parser, OperationState &result) {
  StringAttr label;
  if (parser.parseAttribute(label, "label", result.attributes))
    return failure();
  if (succeeded(parser.parseOptionalKeyword("outer"))) {
    IntegerAttr outer;
    if (parser.parseAttribute(outer, parser.getBuilder().getI64Type(), "outer",
                              result.attributes))
      return failure();
  }
  if (succeeded(parser.parseOptionalArrow()) &&
      parser.parseTypeList(result.types))
    return failure();
  if (parser.parseOptionalAttrDict(result.attributes))
    return failure();
  SmallVector<Attribute> options;
  while (succeeded(parser.parseOptionalKeyword("case"))) {
    Attribute option;
    if (parser.parseAttribute(option))
      return failure();
    options.push_back(option);
    Region *region = result.addRegion();
    if (parser.parseRegion(*region, /*arguments=*/{}))
      return failure();
    ChoiceOp::ensureTerminator(*region, parser.getBuilder(), result.location);
  }
  if (options.empty())
    return parser.emitError(parser.getNameLoc(),
                            "expected at least one 'case'");
  result.addAttribute("options", parser.getBuilder().getArrayAttr(options));
  return success();
}

void ChoiceOp::print(OpAsmPrinter &p) {
  p << ' ';
  p.printAttribute(getLabelAttr());
  if (std::optional<int64_t> outer = getOuter())
    p << " outer " << *outer;
  if (getNumResults()) {
    p << " -> ";
    llvm::interleaveComma(getResultTypes(), p);
  }
  p.printOptionalAttrDict((*this)->getAttrs(), {"label", "options", "outer"});
  p.increaseIndent();
  for (auto [opt, region] : llvm::zip(getOptions(), getAlternatives())) {
    p.printNewline();
    p << "case ";
    if (isBareOption(opt))
      p.printAttributeWithoutType(opt);
    else
      p.printAttribute(opt);
    p << ' ';
    p.printRegion(region, /*printEntryBlockArgs=*/false,
                  /*printBlockTerminators=*/true);
  }
  p.decreaseIndent();
}

//===----------------------------------------------------------------------===//
// enums spelled as quoted strings (custom<StringEnum>)
//===----------------------------------------------------------------------===//

/// Parses `"sum"` into the enum attribute AttrT; an error says what the value
/// may be (AttrT::kExpected, NASOps.td).
template <typename AttrT>
static ParseResult parseStringEnum(OpAsmParser &parser, AttrT &attr) {
  using Enum = decltype(std::declval<AttrT>().getValue());
  SMLoc loc = parser.getCurrentLocation();
  std::string text;
  if (parser.parseString(&text))
    return failure();
  std::optional<Enum> value = symbolizeEnum<Enum>(text);
  if (!value)
    return parser.emitError(loc)
           << AttrT::kExpected << ", not '" << text << "'";
  attr = AttrT::get(parser.getContext(), *value);
  return success();
}

template <typename OpT, typename AttrT>
static void printStringEnum(OpAsmPrinter &p, OpT, AttrT attr) {
  p << '"' << stringifyEnum(attr.getValue()) << '"';
}

// nas.constraint "metric" <= bound attr-dict
ParseResult ConstraintOp::parse(OpAsmParser &parser, OperationState &result) {
  ConstraintMetricAttr metric;
  if (parseStringEnum(parser, metric))
    return failure();
  result.addAttribute("metric", metric);
  IntegerAttr bound;
  // `fits` has no bound (stored as 0: no misfit).
  if (failed(parser.parseOptionalLess()))
    result.addAttribute("bound", parser.getBuilder().getI64IntegerAttr(0));
  else if (parser.parseEqual() ||
           parser.parseAttribute(bound, parser.getBuilder().getI64Type(),
                                 "bound", result.attributes))
    return failure();
  return parser.parseOptionalAttrDict(result.attributes);
}

void ConstraintOp::print(OpAsmPrinter &p) {
  p << ' ';
  printStringEnum(p, *this, getMetricAttr());
  if (getMetric() != ConstraintMetric::fits)
    p << " <= " << getBoundAttr().getInt();
  p.printOptionalAttrDict((*this)->getAttrs(), {"metric", "bound"});
}

//===----------------------------------------------------------------------===//
// repeat
//===----------------------------------------------------------------------===//

LogicalResult RepeatOp::verify() {
  if (getLabel().empty())
    return emitOpError("needs a non-empty label");
  ArrayRef<int64_t> depths = getDepths();
  if (depths.empty())
    return emitOpError("needs at least one depth");
  llvm::DenseSet<int64_t> unique;
  for (int64_t d : depths) {
    if (d < 0)
      return emitOpError("depth ") << d << " is negative";
    if (!unique.insert(d).second)
      return emitOpError("depth ") << d << " appears twice";
  }
  Block &body = getBody().front();
  if (body.getNumArguments() != 1 ||
      body.getArgument(0).getType() != getResult().getType()) {
    InFlightDiagnostic d = emitOpError("body takes (");
    llvm::interleaveComma(body.getArgumentTypes(), d);
    return d << "); expected one argument of the result type "
             << getResult().getType();
  }
  if (!areCompatible(getInput().getType(), getResult().getType()))
    return emitOpError("input ") << getInput().getType()
                                 << " cannot be the body's type "
                                 << getResult().getType();
  return verifyYield(*this, getBody(), getResult().getType(), "body");
}

//===----------------------------------------------------------------------===//
// select
//===----------------------------------------------------------------------===//

LogicalResult SelectOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor op,
                                         SmallVectorImpl<Type> &types) {
  // Inference runs while the op is parsed, before its verifier: check the
  // attributes ODS declares first so that a malformed one is not read.
  if (loc) {
    if (failed(op.verify(*loc)))
      return failure();
  } else {
    ScopedDiagnosticHandler drop(ctx, [](Diagnostic &) { return success(); });
    if (failed(op.verify(UnknownLoc::get(ctx))))
      return failure();
  }
  ValueRange in = op.getInputs();
  if (in.empty())
    return failure(); // the verifier reports it: max <= 0 candidates < min
  Type joined = in.front().getType();
  bool concat = op.getCombine() == Combine::concat;
  for (auto [i, v] : llvm::enumerate(in)) {
    Type t = v.getType();
    if (concat) {
      // Only the channel dimension may differ; it is known when every
      // candidate has the same static channels and the count is fixed.
      auto a = cast<RankedTensorType>(joined), b = cast<RankedTensorType>(t);
      if (a.getRank() != b.getRank() || a.getRank() < 2)
        return emitOptionalError(loc, "'nas.select' candidate #", i,
                                 " has type ", v.getType(),
                                 ", which cannot be concatenated with ",
                                 in.front().getType());
      SmallVector<int64_t> sa(a.getShape()), sb(b.getShape());
      sa[1] = sb[1] = sa[1] == sb[1] ? sa[1] : ShapedType::kDynamic;
      t = RankedTensorType::get(sb, b.getElementType());
      joined = RankedTensorType::get(sa, a.getElementType());
    }
    if (!areCompatible(joined, t))
      return emitOptionalError(
          loc, "'nas.select' candidate #", i, " has type ", v.getType(),
          " but candidate #0 has ", in.front().getType(),
          concat ? "; only the channel dimension may differ" : "");
    joined = joinTypes(joined, t);
  }
  if (concat) {
    auto j = cast<RankedTensorType>(joined);
    SmallVector<int64_t> shape(j.getShape());
    shape[1] = op.getMin() == op.getMax() && !ShapedType::isDynamic(shape[1])
                   ? shape[1] * op.getMin()
                   : ShapedType::kDynamic;
    joined = RankedTensorType::get(shape, j.getElementType());
  }
  types.push_back(joined);
  return success();
}

/// A pick of `min` to `max` of `n` values (`what`): 1 <= min <= max <= n,
/// under a non-empty label.
static LogicalResult verifyPick(Operation *op, StringRef label, int64_t n,
                                int64_t lo, int64_t hi, StringRef what) {
  if (label.empty())
    return op->emitOpError("needs a non-empty label");
  if (lo > hi || hi > n)
    return op->emitOpError("chooses between ")
           << lo << " and " << hi << " of " << n << " " << what
           << "; expected 1 <= min <= max <= " << n;
  return success();
}

LogicalResult SelectOp::verify() {
  return verifyPick(*this, getLabel(), getInputs().size(), getMin(), getMax(),
                    "candidates");
}

//===----------------------------------------------------------------------===//
// mix and mix_inputs (the relaxed IR of nas-relax)
//===----------------------------------------------------------------------===//

/// The type of a relaxed op: its inputs' (all equal, checked by the verifier).
static LogicalResult inferMixedType(std::optional<Location> loc,
                                    ValueRange inputs, StringRef op,
                                    SmallVectorImpl<Type> &types) {
  if (inputs.empty())
    return emitOptionalError(loc, "'", op, "' needs at least one input");
  types.push_back(inputs.front().getType());
  return success();
}

/// Every input of a relaxed op has its result's type.
static LogicalResult verifyMixedInputs(Operation *op, ValueRange inputs) {
  for (auto [i, v] : llvm::enumerate(inputs))
    if (v.getType() != op->getResult(0).getType())
      return op->emitOpError("input #")
             << i << " is " << v.getType() << " but input #0 is "
             << inputs.front().getType() << "; mixed values have one type";
  return success();
}

LogicalResult MixOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor op, SmallVectorImpl<Type> &types) {
  return inferMixedType(loc, op.getInputs(), "nas.mix", types);
}

LogicalResult MixOp::verify() {
  if (getLabel().empty())
    return emitOpError("needs a non-empty label");
  if (getOptions().size() != getInputs().size())
    return emitOpError("has ") << getOptions().size() << " options for "
                               << getInputs().size()
                               << " inputs; expected one input per option";
  for (Attribute opt : getOptions())
    if (!isa<StringAttr, IntegerAttr, FloatAttr>(opt))
      return emitOpError("option ")
             << optionText(opt) << " is not a string, integer or float";
  return verifyMixedInputs(*this, getInputs());
}

LogicalResult MixInputsOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor op,
                                            SmallVectorImpl<Type> &types) {
  return inferMixedType(loc, op.getInputs(), "nas.mix_inputs", types);
}

LogicalResult MixInputsOp::verify() {
  if (failed(verifyPick(*this, getLabel(), getInputs().size(), getMin(),
                        getMax(), "inputs")))
    return failure();
  return verifyMixedInputs(*this, getInputs());
}

//===----------------------------------------------------------------------===//
// constraint and objective
//===----------------------------------------------------------------------===//

LogicalResult ConstraintOp::verify() {
  if (getMetric() == ConstraintMetric::fits && getBoundAttr().getInt() != 0)
    return emitOpError("'fits' takes no bound");
  // I64Attr's getter is unsigned: read the bound as the signed value written.
  if (int64_t bound = getBoundAttr().getInt(); bound < 0)
    return emitOpError("bound ") << bound << " is negative";
  return success();
}

//===----------------------------------------------------------------------===//
// require
//===----------------------------------------------------------------------===//

/// The site labelled `label` among the ops of `block` and the regions of its
/// ops that are not sites themselves (one scope of the decision tree).
static Operation *findSite(Block &block, StringRef label) {
  for (Operation &op : block) {
    if (isa<ChoiceOp, RepeatOp, SelectOp>(op)) {
      if (labelOf(&op) == label)
        return &op;
      continue;
    }
    for (Region &r : op.getRegions())
      for (Block &b : r)
        if (Operation *s = findSite(b, label))
          return s;
  }
  return nullptr;
}

Operation *RequireOp::resolveLabel(StringRef label) {
  for (Operation *at = *this; at && !isa<SpaceOp, CellOp>(at);
       at = at->getParentOp()) {
    if (at != getOperation() && isa<ChoiceOp, RepeatOp>(at) &&
        labelOf(at) == label)
      return at;
    if (Operation *s = findSite(*at->getBlock(), label))
      return s;
  }
  return nullptr;
}

/// The values a choice or repeat decides between.
static SmallVector<Attribute> domainOf(Operation *site) {
  if (auto c = dyn_cast<ChoiceOp>(site))
    return SmallVector<Attribute>(c.getOptions().getValue());
  SmallVector<Attribute> out;
  Builder b(site->getContext());
  for (int64_t d : cast<RepeatOp>(site).getDepths())
    out.push_back(b.getI64IntegerAttr(d));
  return out;
}

static bool isNumber(Attribute a) { return isa<IntegerAttr, FloatAttr>(a); }

LogicalResult RequireOp::verify() {
  std::string error;
  unsigned column = 0;
  auto pred = Predicate::parse(getPredicate(), getContext(), error, column);
  if (!pred)
    return emitOpError("predicate: ")
           << error << " (column " << column << " of \"" << getPredicate()
           << "\")";
  Operation *owner = (*this)->getParentOfType<SpaceOp>();
  if (!owner)
    owner = (*this)->getParentOfType<CellOp>();
  if (!owner)
    return emitOpError("must be inside a nas.space or a nas.cell");
  llvm::StringMap<Operation *> sites;
  for (const std::string &label : pred->labels()) {
    Operation *site = resolveLabel(label);
    if (!site) {
      InFlightDiagnostic d = emitOpError("names '")
                             << label << "', which is no choice or repeat in "
                                         "scope here";
      owner->walk([&](Operation *op) {
        if (labelOf(op) != label)
          return WalkResult::advance();
        d.attachNote(op->getLoc())
            << "'" << label
            << "' is decided here, in a block that does not enclose the "
               "constraint";
        return WalkResult::interrupt();
      });
      return d;
    }
    if (isa<SelectOp>(site))
      return emitOpError("names '")
             << label << "', an input choice: its decisions are sets, "
                         "bounded by nas.constraint \"edges\"";
    sites[label] = site;
  }
  // Type-check each comparison against the domains of the labels it names.
  auto describe = [&](StringRef label) {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << "'" << label << "' (" << describeDomain(sites[label]) << ")";
    return s;
  };
  std::function<LogicalResult(const Predicate &)> check =
      [&](const Predicate &p) -> LogicalResult {
    for (const Predicate &q : p.operands)
      if (failed(check(q)))
        return failure();
    if (p.kind != Predicate::Compare && p.kind != Predicate::In)
      return success();
    const Predicate::Operand &lab = p.lhs.label.empty() ? p.rhs : p.lhs;
    SmallVector<Attribute> dom = domainOf(sites[lab.label]);
    bool numeric = isNumber(dom.front());
    SmallVector<Attribute> literals(p.set.begin(), p.set.end());
    if (p.kind == Predicate::Compare) {
      const Predicate::Operand &other = &lab == &p.lhs ? p.rhs : p.lhs;
      if (!other.label.empty()) {
        if (numeric != isNumber(domainOf(sites[other.label]).front()))
          return emitOpError("compares ")
                 << describe(lab.label) << " with " << describe(other.label);
      } else {
        literals.push_back(other.literal);
      }
      if (!numeric && p.cmp != Predicate::Eq && p.cmp != Predicate::Ne)
        return emitOpError("orders ")
               << describe(lab.label) << ", whose options are strings";
    }
    for (Attribute lit : literals) {
      if (numeric != isNumber(lit))
        return emitOpError("compares ")
               << describe(lab.label) << " with " << optionText(lit);
      bool membership = p.kind == Predicate::In || p.cmp == Predicate::Eq ||
                        p.cmp == Predicate::Ne;
      if (membership && !llvm::any_of(dom, [&](Attribute v) {
            return sameDecisionValue(v, lit);
          }))
        return emitOpError("tests ")
               << describe(lab.label) << " for " << optionText(lit)
               << ", which is not one of its values";
    }
    return success();
  };
  return check(*pred);
}

#define GET_OP_CLASSES
#include "dialect/NAS/NASOps.cpp.inc"
