//===- FlopsConvention.h - what "flops" means in a command's output -*- C++ -*-//
//
// nasir counts two costs (docs/language.md, "Cost: `flops` and `macs`"):
// `flops`, nasir's convention (a multiply-add is 2, element-wise work
// counts), and `macs`, the multiply-accumulates of convolutions and linear
// layers only (the papers' "FLOPs"). `--flops nasir|macs` says which of the
// two the word `flops` means in a command's objectives and output; the
// metrics themselves keep their names (the store's `flops` is always
// nasir's, `macs` always the MACs) and bounds never follow the switch
// (`constraint flops`/`--max-flops` are nasir's, `constraint macs`/
// `--max-macs` the MACs).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_FLOPSCONVENTION_H
#define NASIR_SEARCH_FLOPSCONVENTION_H

#include "lib/Search/Objectives.h"
#include "lib/Search/Trial.h"
#include <map>
#include <string>
#include <vector>

namespace nasir::search {

/// The option and its values (a Choice of the command line).
inline constexpr const char *kFlopsOption = "flops";
inline constexpr const char *kFlopsNasir = "nasir";
inline constexpr const char *kFlopsMacs = "macs";
inline const std::vector<std::string> kFlopsConventions = {kFlopsNasir,
                                                           kFlopsMacs};
inline constexpr const char *kFlopsHelp =
    "what `flops` means in the objectives and the output: nasir (a "
    "multiply-add is 2, element-wise work counts) or macs (multiply-"
    "accumulates of convolutions and linear layers, as papers report); "
    "bounds keep their names (--max-flops: nasir's, --max-macs: MACs)";

/// The objectives under `convention`: with macs, an objective on `flops`
/// becomes one on the `macs` metric (the same direction).
inline void applyFlopsConvention(std::vector<Objective> &objectives,
                                 const std::string &convention) {
  if (convention != kFlopsMacs)
    return;
  for (Objective &o : objectives)
    if (o.metric == "flops")
      o.metric = "macs";
}

/// The trials as the output shows them under `convention`: with macs, the
/// `flops` metric of each holds its `macs` (and is absent where the trial
/// has no `macs`, a store of an older nasir: never nasir's count under the
/// MACs' name).
inline void viewFlopsAs(std::map<int64_t, Trial> &trials,
                        const std::string &convention) {
  if (convention != kFlopsMacs)
    return;
  for (auto &[id, t] : trials) {
    auto macs = t.metrics.find("macs");
    if (macs != t.metrics.end())
      t.metrics["flops"] = macs->second;
    else
      t.metrics.erase("flops");
  }
}

} // namespace nasir::search

#endif
