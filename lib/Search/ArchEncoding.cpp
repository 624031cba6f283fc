//===- ArchEncoding.cpp - decisions as a fixed-length feature vector ------===//
#include "lib/Search/ArchEncoding.h"
#include <algorithm>

using namespace nasir;
using namespace nasir::search;

std::optional<ArchEncoding> ArchEncoding::build(const SpaceModel &model,
                                                size_t maxFeatures,
                                                std::string &error) {
  ArchEncoding enc(model);
  const auto &labels = model.labels();
  std::vector<std::pair<std::string, const Site *>> sorted;
  sorted.reserve(labels.size());
  for (auto &e : labels)
    if (e.getValue()->kind != Site::Require && !e.getValue()->values.empty())
      sorted.emplace_back(e.getKey().str(), e.getValue());
  std::sort(sorted.begin(), sorted.end(),
            [](const auto &x, const auto &y) { return x.first < y.first; });
  if (sorted.empty()) {
    error = "the space has no decision to learn";
    return std::nullopt;
  }
  for (auto &[label, site] : sorted) {
    Slot s{label, unsigned(enc.features), unsigned(site->values.size())};
    enc.features += s.values + 1;
    if (enc.features > maxFeatures) {
      error = "the space's decisions need more than " +
              std::to_string(maxFeatures) + " features (" +
              std::to_string(sorted.size()) + " labels)";
      return std::nullopt;
    }
    enc.slotOf[label] = enc.slotList.size();
    enc.slotList.push_back(std::move(s));
  }
  return enc;
}

std::vector<unsigned> ArchEncoding::encode(const Assignment &a) const {
  std::vector<unsigned> set(slotList.size());
  for (size_t i = 0; i < slotList.size(); ++i)
    set[i] = slotList[i].offset + slotList[i].values; // inactive
  model->walkActive([&](const Site &, llvm::StringRef label) -> int {
    auto it = a.find(label);
    if (it == a.end())
      return -1;
    auto slot = slotOf.find(label);
    if (slot != slotOf.end() && it->second < slotList[slot->second].values)
      set[slot->second] = slotList[slot->second].offset + it->second;
    return it->second;
  });
  return set;
}

std::vector<double> ArchEncoding::dense(const Assignment &a) const {
  std::vector<double> x(features, 0.0);
  for (unsigned f : encode(a))
    x[f] = 1.0;
  return x;
}
