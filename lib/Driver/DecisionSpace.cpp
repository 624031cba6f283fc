//===- DecisionSpace.cpp - the decisions of a space as plain data ---------===//
#include "lib/Driver/DecisionSpace.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Labels.h"
#include "lib/Transforms/SpaceLabels.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"
#include <vector>

using namespace mlir;
using namespace nasir;
using namespace nasir::spacemodel;

namespace {

/// `file:line:col` of a location, or its printed form when it has none; an
/// op of an inlined definition: `def's site called at the call's`.
std::string where(Location loc) {
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    return where(call.getCallee()) + " called at " + where(call.getCaller());
  if (auto named = dyn_cast<NameLoc>(loc))
    return where(named.getChildLoc());
  if (auto f = loc->findInstanceOf<FileLineColLoc>())
    return (f.getFilename().getValue() + ":" + llvm::Twine(f.getLine()) + ":" +
            llvm::Twine(f.getColumn()))
        .str();
  std::string text;
  llvm::raw_string_ostream(text) << loc;
  return text;
}

const char *kindName(Site::Kind k) {
  switch (k) {
  case Site::Choice:
    return "choice";
  case Site::Repeat:
    return "repeat";
  case Site::Select:
    return "select";
  case Site::Require:
    break;
  }
  return "require";
}

struct Describer {
  const SpaceModel &model;
  size_t limit, items = 0;
  /// The sites of every IR label (shared labels have several).
  llvm::StringMap<std::vector<std::string>> sites;

  struct Entry {
    std::string label;
    const Site *site;
    bool always = false;
    std::vector<llvm::json::Object> when;
    llvm::StringSet<> seen; // printed conditions, to list each once
  };
  std::vector<Entry> entries;
  llvm::StringMap<size_t> index;
  /// The (label, value) pairs that hold on the way to the scope walked.
  std::vector<std::pair<std::string, Attribute>> path;

  bool over() { return ++items > limit; }

  bool walk(const Scope &scope, StringRef suffix) {
    for (const Site &s : scope.sites) {
      if (s.kind == Site::Require)
        continue;
      if (over())
        return false;
      std::string label = labelAt(s, suffix);
      auto [it, fresh] = index.try_emplace(label, entries.size());
      if (fresh)
        entries.push_back({label, &s});
      Entry &e = entries[it->second];
      if (path.empty()) {
        e.always = true;
      } else if (!e.always) {
        llvm::json::Object cond;
        std::string key;
        for (auto &[l, v] : path) {
          cond[l] = decisionValueToJson(v);
          key += l + "=" + printDecisionValue(v) + ";";
        }
        if (e.seen.insert(key).second)
          e.when.push_back(std::move(cond));
      }
      for (unsigned v = 0; v < s.values.size(); ++v) {
        path.emplace_back(label, s.values[v]);
        bool ok = true;
        forEachOpened(s, v, suffix, [&](const Scope &child, StringRef sfx) {
          ok = ok && walk(child, sfx);
        });
        path.pop_back();
        if (!ok)
          return false;
      }
    }
    return true;
  }
};

} // namespace

std::optional<llvm::json::Array>
nasir::describeDecisions(nas::SpaceOp space, const SpaceModel &model,
                         size_t limit, std::string &error) {
  Describer d{model, limit};
  space.getBody().walk([&](Operation *op) {
    if (!isa<nas::ChoiceOp, nas::RepeatOp, nas::SelectOp>(op))
      return;
    if (auto label = op->getAttrOfType<StringAttr>("label"))
      d.sites[label.getValue()].push_back(where(op->getLoc()));
  });
  if (!d.walk(model.root(), "")) {
    error = "the space has more than " + std::to_string(limit) +
            " labels and conditions to list";
    return std::nullopt;
  }
  llvm::json::Array out;
  for (Describer::Entry &e : d.entries) {
    llvm::json::Array options, sites, when;
    for (Attribute v : e.site->values)
      options.push_back(decisionValueToJson(v));
    const std::vector<std::string> &ops = d.sites[baseLabel(e.label)];
    llvm::StringSet<> seen;
    for (const std::string &s : ops)
      if (seen.insert(s).second)
        sites.push_back(s);
    for (llvm::json::Object &c : e.when)
      when.push_back(std::move(c));
    out.push_back(llvm::json::Object{
        {"label", e.label},
        {"kind", kindName(e.site->kind)},
        {"options", std::move(options)},
        {"when", e.always ? llvm::json::Value(nullptr)
                          : llvm::json::Value(std::move(when))},
        {"sites", std::move(sites)},
        {"ops", int64_t(ops.size())}});
  }
  return out;
}
