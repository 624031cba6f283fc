//===- SpaceCount.cpp - counting valid assignments
//-------------------------===//
#include "lib/Transforms/SpaceCounter.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::spacemodel;

SpaceModel::SpaceModel() = default;
SpaceModel::~SpaceModel() = default;

Counter &SpaceModel::counter() const {
  if (!cachedCounter)
    cachedCounter = std::make_unique<Counter>(*this);
  return *cachedCounter;
}

BigCount SpaceModel::count(bool *overflow) const {
  Counter &c = counter();
  BigCount n = c.total(c.scope(c.pointers(top), {}, ""));
  if (overflow)
    *overflow = c.overflow;
  return n;
}

BigCount SpaceModel::countWith(StringRef label, unsigned v) const {
  // The shared counter: counts off the pinned path do not depend on the pin
  // (they are keyed by their tracked labels), so they are kept across calls.
  Counter &c = counter();
  c.pins.clear();
  c.pinCache.clear();
  BigCount n(kBits, 0);
  if (c.pinLabel(label)) {
    Cond with, never;
    with[label] = v;
    never[label] = kNever;
    auto sites = c.pointers(top);
    n = c.total(c.scope(sites, with, "")) - c.total(c.scope(sites, never, ""));
  }
  c.pins.clear();
  c.pinCache.clear();
  return n;
}

bool SpaceModel::reaches(const llvm::StringMap<std::vector<unsigned>> &allowed,
                         Assignment *witness) const {
  Counter c(*this);
  c.cacheEnabled = false;
  std::vector<std::string> labels;
  for (auto &e : allowed) {
    if (!c.pinLabel(e.getKey()))
      return false;
    labels.push_back(e.getKey().str());
  }
  llvm::sort(labels);
  auto sites = c.pointers(top);
  // Counting under `pick` admits assignments where a picked label's site is
  // inactive: inclusion-exclusion over the labels made inactive leaves those
  // where all are active (beyond 10 labels, the conditions the verifier asks
  // about name the alternatives that activate their sites: count > 0).
  Cond pick;
  auto activeCount = [&]() {
    BigCount n = c.total(c.scope(sites, pick, ""));
    if (n.isZero() || labels.size() > 10)
      return n;
    for (unsigned mask = 1; mask < (1u << labels.size()); ++mask) {
      Cond never = pick;
      for (unsigned i = 0; i < labels.size(); ++i)
        if (mask >> i & 1)
          never[labels[i]] = kNever;
      BigCount m = c.total(c.scope(sites, never, ""));
      n = llvm::popcount(mask) % 2 ? n - m : n + m;
    }
    return n;
  };
  std::function<bool(size_t)> go = [&](size_t k) {
    if (k == labels.size())
      return !activeCount().isZero();
    for (unsigned v : allowed.lookup(labels[k])) {
      pick[labels[k]] = v;
      if (go(k + 1)) {
        if (witness)
          (*witness)[labels[k]] = v;
        return true;
      }
    }
    pick.erase(labels[k]);
    return false;
  };
  return go(0);
}
