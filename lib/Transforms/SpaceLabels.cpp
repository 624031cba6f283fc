//===- SpaceLabels.cpp - labels in repeat bodies
//---------------------------===//
#include "lib/Transforms/SpaceLabels.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace nasir;

namespace nasir {
namespace spacemodel {

/// The key of a label pattern: a stem and the iteration parts it takes.
std::string patternKey(StringRef stem, unsigned parts) {
  return (stem + "\x1f" + Twine(parts)).str();
}

/// The first `parts` iteration parts of `suffix` ("#0#1" -> "#0" for 1).
StringRef prefixParts(StringRef suffix, unsigned parts) {
  size_t pos = 0;
  for (unsigned i = 0; i < parts; ++i) {
    size_t next = suffix.find('#', pos + 1);
    if (next == StringRef::npos)
      return suffix;
    pos = next;
  }
  return suffix.take_front(pos);
}

/// The label of `s` reached with iteration suffix `suffix`.
std::string labelAt(const Site &s, StringRef suffix) {
  return s.parts ? (s.label + prefixParts(suffix, s.parts)).str() : s.label;
}

/// The label that a predicate's `stem` stands for in the scope of `req`.
std::string requireLabelAt(const Site &req, StringRef stem, StringRef suffix) {
  unsigned parts = req.predParts.lookup(stem);
  return parts ? (stem + prefixParts(suffix, parts)).str() : stem.str();
}

int64_t depthOf(const Site &s, unsigned v) {
  return cast<IntegerAttr>(s.values[v]).getInt();
}

std::string iterationSuffix(StringRef suffix, int64_t i) {
  return (suffix + "#" + Twine(i)).str();
}

/// Calls `fn` with each scope that value `v` of `s` opens and its suffix.
void forEachOpened(const Site &s, unsigned v, StringRef suffix,
                   function_ref<void(const Scope &, StringRef suffix)> fn) {
  if (!s.iterates) {
    if (v < s.children.size())
      fn(s.children[v], suffix);
    return;
  }
  int64_t d = depthOf(s, v);
  if (!s.perIteration) {
    if (d > 0)
      fn(s.children[0], suffix);
    return;
  }
  for (int64_t i = 0; i < d; ++i)
    fn(s.children[0], iterationSuffix(suffix, i));
}

/// "#0" repeated `n` times: a suffix with `n` parts, to measure how many of
/// them a label takes.
std::string probeSuffix(unsigned n) {
  std::string s;
  for (unsigned i = 0; i < n; ++i)
    s += "#0";
  return s;
}

/// A label split into its pattern and iteration indices, if some pattern
/// of the model spells it.
const SpaceModel::Pattern *findPattern(
    const llvm::StringMap<std::map<unsigned, SpaceModel::Pattern>> &patterns,
    StringRef label, std::vector<int64_t> *indices) {
  StringRef stem = label;
  std::vector<int64_t> idx; // innermost first
  for (unsigned parts = 0;; ++parts) {
    auto it = patterns.find(stem);
    if (it != patterns.end()) {
      auto p = it->second.find(parts);
      if (p != it->second.end()) {
        std::vector<int64_t> outerFirst(idx.rbegin(), idx.rend());
        bool fits = true;
        for (unsigned j = 0; j < parts; ++j)
          fits &= outerFirst[j] < p->second.iterations[j];
        if (fits) {
          if (indices)
            *indices = std::move(outerFirst);
          return &p->second;
        }
      }
    }
    size_t hash = stem.rfind('#');
    if (hash == StringRef::npos)
      return nullptr;
    StringRef tail = stem.drop_front(hash + 1);
    int64_t i;
    if (tail.empty() || !llvm::all_of(tail, llvm::isDigit) ||
        (tail.size() > 1 && tail[0] == '0') || tail.getAsInteger(10, i))
      return nullptr;
    idx.push_back(i);
    stem = stem.take_front(hash);
  }
}

} // namespace spacemodel
} // namespace nasir
