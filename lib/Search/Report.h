//===- Report.h - leaderboard, Pareto front, exports ------------*- C++ -*-===//
#ifndef NASIR_SEARCH_REPORT_H
#define NASIR_SEARCH_REPORT_H

#include "lib/Search/Objectives.h"
#include "lib/Search/Trial.h"
#include "llvm/Support/raw_ostream.h"
#include <functional>
#include <map>
#include <vector>

namespace nasir::search {

/// The evaluated trials (ok, not reused), best first by the primary
/// objective.
std::vector<const Trial *> ranked(const std::map<int64_t, Trial> &trials,
                                  const std::vector<Objective> &objectives);

/// The non-dominated evaluated trials over all objectives, best first.
std::vector<const Trial *> paretoFront(const std::map<int64_t, Trial> &trials,
                                       const std::vector<Objective> &objectives);

/// Extra metrics shown for a listed trial (NB201: the 200-epoch test).
using ExtraMetrics = std::function<Metrics(const Trial &)>;

void printTable(llvm::raw_ostream &os, const std::vector<const Trial *> &rows,
                const ExtraMetrics &extra);
void printFailures(llvm::raw_ostream &os, const std::map<int64_t, Trial> &trials,
                   size_t limit);
void writeCsv(llvm::raw_ostream &os, const std::map<int64_t, Trial> &trials);
void writeJson(llvm::raw_ostream &os, const std::map<int64_t, Trial> &trials);

} // namespace nasir::search

#endif
