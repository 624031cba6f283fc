//===- Requires.cpp - `require` lowering ----------------------------------===//
#include "frontend/Generator.h"
#include "llvm/ADT/STLExtras.h"

using namespace nasir::frontend;
using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace nasir::frontend::gen {

//===----------------------------------------------------------------------===//
// Requires
//===----------------------------------------------------------------------===//

/// A decision value as the language writes it: 3, 0.5, "relu".
static std::string valueText(mlir::Attribute a) {
  if (auto str = dyn_cast<mlir::StringAttr>(a))
    return ("\"" + str.getValue() + "\"").str();
  if (auto f = dyn_cast<mlir::FloatAttr>(a))
    return Scalar::ofFloat(f.getValueAsDouble()).str();
  return std::to_string(cast<mlir::IntegerAttr>(a).getInt());
}

/// `'k' (options 3, 5, 7)`
static std::string describe(const std::string &name, const Site &site) {
  std::string s = "'" + name + "' (options ";
  for (auto [i, o] : llvm::enumerate(site.options))
    s += (i ? ", " : "") + valueText(o);
  return s + ")";
}

static bool isString(mlir::Attribute a) { return isa<mlir::StringAttr>(a); }

LogicalResult Generator::genRequire(Frame &f, const RequireStmt &s) {
  PendingRequire pending;
  FailureOr<nasir::nas::Predicate> pred = lowerPred(f, *s.pred, pending.named);
  if (failed(pred))
    return failure();
  mlir::StringAttr text = builder.getStringAttr(pred->str());
  if (!emittedRequires.insert({builder.getInsertionBlock(), text}).second)
    return success();
  if (failed(countOp(s.getLoc())))
    return failure();
  llvm::StringSet<> labels; // each choice once
  llvm::erase_if(pending.named, [&](const PredSide &side) {
    return !labels.insert(side.site->label).second;
  });
  requireNames += pending.named.size();
  if (failed(boundRequireLookups(loc(s.getLoc()))))
    return failure();
  pending.op = builder.create<nasir::nas::RequireOp>(loc(s.getLoc()), text);
  pendingRequires.push_back(std::move(pending));
  return success();
}

FailureOr<nasir::nas::Predicate>
Generator::lowerPred(Frame &f, const Pred &p, std::vector<PredSide> &named) {
  using P = nasir::nas::Predicate;
  P out;
  switch (p.kind) {
  case Pred::Kind::Not:
  case Pred::Kind::And:
  case Pred::Kind::Or:
  case Pred::Kind::Implies:
    out.kind = p.kind == Pred::Kind::Not   ? P::Not
               : p.kind == Pred::Kind::And ? P::And
               : p.kind == Pred::Kind::Or  ? P::Or
                                           : P::Implies;
    for (const PredPtr &q : p.operands) {
      FailureOr<P> r = lowerPred(f, *q, named);
      if (failed(r))
        return failure();
      out.operands.push_back(std::move(*r));
    }
    return out;
  case Pred::Kind::In: {
    if (!step(p.loc))
      return failure();
    FailureOr<PredSide> lhs = predSide(f, p.lhs);
    if (failed(lhs))
      return failure();
    if (!lhs->site) {
      error(p.lhs.loc) << "the left side of 'in' must be a choice, not a "
                          "constant";
      return failure();
    }
    out.kind = P::In;
    out.lhs.label = lhs->site->label;
    for (const PredOperand &o : p.set) {
      FailureOr<PredSide> v = predSide(f, o);
      if (failed(v))
        return failure();
      if (v->site) {
        error(o.loc) << "'" << o.text
                     << "' is a choice; the values after 'in' must be "
                        "constants";
        return failure();
      }
      if (failed(checkLiteral(*lhs, *v, /*membership=*/true)))
        return failure();
      out.set.push_back(v->literal);
    }
    named.push_back(std::move(*lhs));
    return out;
  }
  case Pred::Kind::Compare:
    break;
  }
  if (!step(p.loc))
    return failure();
  FailureOr<PredSide> lhs = predSide(f, p.lhs);
  if (failed(lhs))
    return failure();
  FailureOr<PredSide> rhs = predSide(f, p.rhs);
  if (failed(rhs))
    return failure();
  if (!lhs->site && !rhs->site) {
    error(p.loc) << "'" << p.op
                 << "' compares two constants; a require compares choices";
    return failure();
  }
  static const std::pair<StringRef, P::CmpOp> ops[] = {
      {"==", P::Eq}, {"!=", P::Ne}, {"<", P::Lt},
      {"<=", P::Le}, {">", P::Gt},  {">=", P::Ge}};
  out.kind = P::Compare;
  out.cmp =
      llvm::find_if(ops, [&](auto &o) { return o.first == p.op; })->second;
  bool membership = out.cmp == P::Eq || out.cmp == P::Ne;
  const PredSide &choice = lhs->site ? *lhs : *rhs;
  const PredSide &other = lhs->site ? *rhs : *lhs;
  bool strings = isString(choice.site->options.front());
  if (other.site) {
    if (strings != isString(other.site->options.front())) {
      error(p.loc) << describe(lhs->name, *lhs->site)
                   << " cannot be compared with "
                   << describe(rhs->name, *rhs->site);
      return failure();
    }
  } else if (failed(checkLiteral(choice, other, membership))) {
    return failure();
  }
  if (strings && !membership) {
    error(p.loc) << "'" << choice.name
                 << "' chooses between named alternatives, which '" << p.op
                 << "' does not order (compare them with ==, != or in)";
    return failure();
  }
  for (auto [side, operand] : {std::pair{&*lhs, &out.lhs}, {&*rhs, &out.rhs}}) {
    if (side->site) {
      operand->label = side->site->label;
      named.push_back(*side);
    } else {
      operand->literal = side->literal;
    }
  }
  return out;
}

FailureOr<Generator::PredSide> Generator::predSide(Frame &f,
                                                   const PredOperand &o) {
  PredSide side;
  side.loc = o.loc;
  switch (o.kind) {
  case PredOperand::Kind::Int:
    side.literal = builder.getI64IntegerAttr(o.intValue);
    return side;
  case PredOperand::Kind::Float:
    side.literal = builder.getF64FloatAttr(o.floatValue);
    return side;
  case PredOperand::Kind::String:
    side.literal = builder.getStringAttr(o.text);
    return side;
  case PredOperand::Kind::Name:
    break;
  }
  side.name = o.text;
  FailureOr<const Value *> found = lookupName(f, o.text, o.loc, true);
  if (failed(found))
    return failure();
  const Value &v = **found;
  if (v.kind == Value::Tensor && v.site) {
    side.site = v.site;
    return side;
  }
  if (v.kind == Value::Number && v.num.concrete() &&
      v.num.value().kind != Scalar::Bool) {
    side.literal = attrOf(v.num.value()); // a constant folds
    return side;
  }
  if (v.kind == Value::Number && !v.num.concrete()) {
    Knob *k = v.num.deps.front();
    if (v.num.deps.size() == 1 && v.num.table == k->options) {
      auto site = std::make_shared<Site>();
      site->label = k->label;
      for (const Scalar &o : k->options)
        site->options.push_back(attrOf(o));
      site->knob = k;
      side.site = std::move(site);
      return side;
    }
    error(o.loc) << "'" << o.text << "' is computed from value choice '"
                 << k->label
                 << "' but is not one itself; a require names the choice";
    return failure();
  }
  auto d = error(o.loc);
  d << "'" << o.text << "' is ";
  if (v.kind == Value::Number)
    d << "true or false";
  else
    d << v.kindName();
  d << ", not a choice or a number";
  if (v.kind == Value::Fn)
    d << "; name a call of it with `as` (`" << o.text << "(x) as " << o.text
      << "0`) and compare that";
  if (v.kind == Value::Pick)
    d << "; the inputs a pick chooses are bounded by `constraint edges <= N`";
  return failure();
}

LogicalResult Generator::checkLiteral(const PredSide &choice,
                                      const PredSide &lit, bool membership) {
  const std::vector<mlir::Attribute> &options = choice.site->options;
  if (isString(options.front()) != isString(lit.literal)) {
    error(lit.loc) << describe(choice.name, *choice.site)
                   << " cannot be compared with " << valueText(lit.literal);
    return failure();
  }
  if (membership && llvm::none_of(options, [&](mlir::Attribute o) {
        return nasir::nas::sameDecisionValue(o, lit.literal);
      })) {
    error(lit.loc) << valueText(lit.literal) << " is not an option of "
                   << describe(choice.name, *choice.site);
    return failure();
  }
  return success();
}

bool Generator::anchorKnob(nasir::nas::RequireOp req, const Site &site) {
  // A value choice used by a layer whose other knobs were declared before
  // it is decided in a nas.choice nested in theirs, out of the require's
  // scope. Where the layer stands in a block around the require, a choice
  // without results (which specializes to nothing) names the decision there,
  // decided as far out as the layer's.
  mlir::Operation *at = req;
  while (at && !isa<nasir::nas::SpaceOp>(at) &&
         !site.knob->homes.count(at->getBlock()))
    at = at->getParentOp();
  if (!at || isa<nasir::nas::SpaceOp>(at))
    return false;
  mlir::OpBuilder b(&ctx);
  b.setInsertionPoint(at);
  mlir::Location l = loc(site.knob->loc);
  auto anchor = b.create<nasir::nas::ChoiceOp>(
      l, mlir::TypeRange{}, site.label, b.getArrayAttr(site.options),
      outerAttr(site.knob->homes.lookup(at->getBlock())),
      unsigned(site.options.size()));
  for (mlir::Region &r : anchor.getAlternatives()) {
    b.createBlock(&r);
    b.create<nasir::nas::YieldOp>(l);
  }
  return true;
}

LogicalResult Generator::boundRequireLookups(mlir::Location l) {
  // Each choice a require names is looked up in the blocks around it (here
  // and by the verifier). The ops so far bound the ops of the space from
  // below, so the check may come early.
  uint64_t ops = numOps - spaceStartOps;
  if (requireNames * ops <= Limits::kMaxRequireLookups)
    return success();
  mlir::emitError(l) << "the requires of this space name choices "
                     << requireNames << " times among " << ops
                     << " operations, more than the "
                     << Limits::kMaxRequireLookups
                     << " lookups allowed; name fewer choices or make the "
                        "space smaller";
  return failure();
}

LogicalResult Generator::checkRequires() {
  if (!pendingRequires.empty() &&
      failed(boundRequireLookups(pendingRequires.back().op.getLoc())))
    return failure();
  for (PendingRequire &p : pendingRequires) {
    for (const PredSide &side : p.named) {
      const Site &site = *side.site;
      if (!p.op.resolveLabel(site.label) &&
          !(site.knob && anchorKnob(p.op, site))) {
        reportOutOfScope(p.op, side);
        return failure();
      }
    }
  }
  return success();
}

void Generator::reportOutOfScope(nasir::nas::RequireOp req,
                                 const PredSide &side) {
  const Site &site = *side.site;
  auto d = error(side.loc);
  d << "'" << side.name << "'";
  if (side.name != site.label)
    d << " (decision '" << site.label << "')";
  mlir::Block *home = site.op ? site.op->getBlock() : site.knob->firstHome;
  if (!home) {
    d << " sets no layer or repeat count, so it decides nothing and a "
         "require cannot name it";
    return;
  }
  d << " is not decided where this require stands";
  // The outermost choice or repeat around the site that does not enclose
  // the require.
  mlir::Operation *outer = nullptr;
  unsigned alt = 0;
  for (mlir::Region *r = home->getParent();
       r && !isa<nasir::nas::SpaceOp>(r->getParentOp());
       r = r->getParentOp()->getParentRegion())
    if (!r->getParentOp()->isAncestor(req)) {
      outer = r->getParentOp();
      alt = r->getRegionNumber();
    }
  if (auto c = llvm::dyn_cast_or_null<nasir::nas::ChoiceOp>(outer)) {
    mlir::Attribute o = c.getOptions()[alt];
    d << ", only in alternative "
      << (isString(o) ? "'" + cast<mlir::StringAttr>(o).getValue().str() + "'"
                      : valueText(o))
      << " of '" << c.getLabel() << "'";
  } else if (auto r = llvm::dyn_cast_or_null<nasir::nas::RepeatOp>(outer)) {
    d << ", only in the body of repeat '" << r.getLabel() << "'";
  }
  if (site.op)
    d.attachNote(site.op->getLoc()) << "the choice is here";
  else
    d.attachNote(loc(site.knob->loc)) << "the value choice is declared here";
}

} // namespace nasir::frontend::gen
