//===- Labels.cpp - the labels decisions give sites, iterations included --===//
#include "lib/Transforms/Labels.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace nasir;

StringRef nasir::baseLabel(StringRef label) {
  // Strip trailing "#<digits>" groups.
  while (true) {
    size_t hash = label.rfind('#');
    if (hash == StringRef::npos)
      return label;
    StringRef tail = label.drop_front(hash + 1);
    if (tail.empty() || !llvm::all_of(tail, llvm::isDigit))
      return label;
    label = label.take_front(hash);
  }
}

std::string nasir::dropIterations(StringRef suffix, int64_t n) {
  for (; n > 0 && !suffix.empty(); --n)
    suffix = suffix.take_front(suffix.rfind('#'));
  return suffix.str();
}

int64_t nasir::outerOf(Operation *site) {
  auto choice = dyn_cast_or_null<nas::ChoiceOp>(site);
  return choice ? choice.getOuter().value_or(0) : 0;
}

/// Per-iteration repeats strictly between `op` and its ancestor `top`.
static int64_t repeatsBetween(Operation *op, Operation *top) {
  int64_t n = 0;
  for (Operation *p = op->getParentOp(); p && p != top; p = p->getParentOp())
    if (auto r = dyn_cast<nas::RepeatOp>(p); r && !r.getShared())
      ++n;
  return n;
}

std::string nasir::siteLabel(Operation *site, StringRef suffix) {
  return (site->getAttrOfType<StringAttr>("label").getValue() +
          dropIterations(suffix, outerOf(site)))
      .str();
}

bool nasir::decidedOutside(Operation *site, Operation *repeat) {
  return !repeat->isProperAncestor(site) ||
         outerOf(site) > repeatsBetween(site, repeat);
}

std::string nasir::requireLabel(nas::RequireOp req, StringRef label,
                                StringRef suffix) {
  Operation *site = req.resolveLabel(label);
  if (!site)
    return (label + suffix).str();
  // The suffix where the site stands (without the iterations of the repeats
  // between it and the require), then the site's own label there.
  Operation *scope = req->getParentOp();
  while (scope && !scope->isProperAncestor(site))
    scope = scope->getParentOp();
  return siteLabel(site, dropIterations(suffix, repeatsBetween(req, scope)));
}

void nasir::relabelIteration(nas::RepeatOp repeat, IRMapping &map, int64_t i) {
  std::string suffix = "#" + std::to_string(i);
  repeat.getBody().walk([&](Operation *op) {
    Operation *clone = map.lookupOrNull(op);
    if (!clone)
      return;
    if (auto label = op->getAttrOfType<StringAttr>("label");
        label && isa<nas::ChoiceOp, nas::RepeatOp, nas::SelectOp>(op)) {
      if (!decidedOutside(op, repeat))
        clone->setAttr("label", StringAttr::get(op->getContext(),
                                                label.getValue() + suffix));
      else if (int64_t outer = outerOf(op); outer > 1) // one repeat fewer
        cast<nas::ChoiceOp>(clone).setOuter(outer - 1);
      else
        cast<nas::ChoiceOp>(clone).removeOuterAttr();
    }
    auto req = dyn_cast<nas::RequireOp>(op);
    if (!req)
      return;
    auto pred = req.parsePredicate();
    if (!pred)
      return;
    pred->renameLabels([&](StringRef l) {
      Operation *site = req.resolveLabel(l);
      return site && !decidedOutside(site, repeat) ? (l + suffix).str()
                                                   : l.str();
    });
    cast<nas::RequireOp>(clone).setPredicate(pred->str());
  });
}
