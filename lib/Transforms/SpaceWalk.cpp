//===- SpaceWalk.cpp - walking and enumerating assignments
//-----------------===//
#include "lib/Transforms/SpaceLabels.h"
#include "lib/Transforms/Labels.h"
#include "lib/Transforms/Violations.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::spacemodel;

/// Visits the active sites of a scope in canonical order. `pick` returns the
/// value index to follow for a site (or -1 to stop descending there).
static void walkScope(const Scope &scope, StringRef suffix,
                      function_ref<int(const Site &, StringRef label)> pick) {
  for (const Site &s : scope.sites) {
    if (s.kind == Site::Require)
      continue;
    int v = pick(s, labelAt(s, suffix));
    if (v >= 0 && v < int(s.values.size()))
      forEachOpened(s, v, suffix, [&](const Scope &c, StringRef inner) {
        walkScope(c, inner, pick);
      });
  }
}

void SpaceModel::walkActive(
    function_ref<int(const Site &, StringRef label)> pick) const {
  walkScope(top, "", pick);
}

bool SpaceModel::isComplete(const Assignment &a, std::string &error) const {
  error.clear();
  walkActive([&](const Site &s, StringRef label) -> int {
    auto it = a.find(label);
    if (it == a.end()) {
      if (error.empty())
        error = "no decision for '" + label.str() + "'";
      return -1;
    }
    return it->second;
  });
  return error.empty();
}

int64_t SpaceModel::edgesOf(const Assignment &a) const {
  int64_t e = 0;
  walkActive([&](const Site &s, StringRef label) -> int {
    auto it = a.find(label);
    if (it == a.end() || it->second >= s.values.size())
      return -1;
    e += s.edges[it->second];
    return it->second;
  });
  return e;
}

bool SpaceModel::satisfies(const Assignment &a, std::string *why) const {
  if (edgesBound >= 0) {
    int64_t e = edgesOf(a);
    if (e > edgesBound) {
      if (why)
        *why = "it has " + std::to_string(e) +
               " edges, over edges <= " + std::to_string(edgesBound);
      return false;
    }
  }
  if (!anyRequire)
    return true;
  auto value = [&](StringRef l) -> Attribute {
    auto it = a.find(l);
    const Site *s = it != a.end() ? lookup(l) : nullptr;
    return s && it->second < s->values.size() ? s->values[it->second]
                                              : Attribute();
  };
  bool ok = true;
  std::function<void(const Scope &, StringRef)> walk = [&](const Scope &scope,
                                                           StringRef suffix) {
    for (const Site &s : scope.sites) {
      if (!ok)
        return;
      if (s.kind == Site::Require) {
        auto at = [&](StringRef stem) {
          return requireLabelAt(s, stem, suffix);
        };
        if (s.pred->evaluate([&](StringRef stem) { return value(at(stem)); })
                .value_or(true))
          continue;
        if (why) {
          nas::Predicate spelled = *s.pred;
          spelled.renameLabels(at);
          *why =
              "it violates " + describeViolation(spelled.str(), spelled, value);
        }
        ok = false;
        return;
      }
      auto it = a.find(labelAt(s, suffix));
      if (it != a.end() && it->second < s.values.size())
        forEachOpened(s, it->second, suffix, walk);
    }
  };
  walk(top, "");
  return ok;
}

void SpaceModel::enumerate(
    const std::function<bool(const Assignment &)> &fn) const {
  // Depth-first over a stack of pending sites (with the suffix they are
  // reached with); a label already decided on this path is forced, so every
  // assignment is produced exactly once.
  Assignment a;
  std::vector<std::pair<const Site *, std::string>> pending;
  for (auto it = top.sites.rbegin(); it != top.sites.rend(); ++it)
    pending.push_back({&*it, ""});
  bool stop = false;
  std::function<void(int64_t)> go = [&](int64_t edges) {
    if (stop)
      return;
    if (edgesBound >= 0 && edges > edgesBound)
      return;
    if (pending.empty()) {
      if (!anyRequire || satisfies(a))
        stop = !fn(a);
      return;
    }
    auto entry = std::move(pending.back());
    pending.pop_back();
    const Site *s = entry.first;
    if (s->kind == Site::Require) { // checked on the complete assignment
      go(edges);
      pending.push_back(std::move(entry));
      return;
    }
    std::string label = labelAt(*s, entry.second);
    auto visit = [&](unsigned v) {
      std::vector<std::pair<const Scope *, std::string>> opened;
      forEachOpened(*s, v, entry.second, [&](const Scope &c, StringRef sfx) {
        opened.push_back({&c, sfx.str()});
      });
      size_t before = pending.size();
      for (auto o = opened.rbegin(); o != opened.rend(); ++o)
        for (auto it = o->first->sites.rbegin(); it != o->first->sites.rend();
             ++it)
          pending.push_back({&*it, o->second});
      go(edges + s->edges[v]);
      pending.resize(before);
    };
    if (auto it = a.find(label); it != a.end()) {
      visit(it->second);
    } else {
      for (unsigned v = 0; v < s->values.size() && !stop; ++v) {
        a[label] = v;
        visit(v);
      }
      a.erase(label);
    }
    pending.push_back(std::move(entry));
  };
  go(0);
}
