//===- Objectives.h - what the search optimizes, and Pareto fronts -*- C++ -*-//
//
// Objectives come from the space's `nas.objective` ops, or from the command
// line as `max:accuracy,min:params`. The first one is the primary objective
// that single-objective strategies maximize (`score`); all of them define the
// Pareto front (non-dominated sorting and crowding distance, as in NSGA-II).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_OBJECTIVES_H
#define NASIR_SEARCH_OBJECTIVES_H

#include "dialect/NAS/NASOps.h"
#include "lib/Search/Trial.h"
#include <string>
#include <vector>

namespace nasir::search {

struct Objective {
  std::string metric;
  bool maximize = true;
};

/// The space's nas.objective ops; `maximize accuracy` when it declares none.
std::vector<Objective> objectivesOf(nas::SpaceOp space);

/// Parses `max:accuracy,min:params` (also `maximize:`/`minimize:`).
bool parseObjectives(llvm::StringRef text, std::vector<Objective> &out,
                     std::string &error);
std::string printObjectives(const std::vector<Objective> &objectives);

/// The trial's value of `o`, signed so that larger is better; -inf when the
/// trial failed or lacks the metric.
double signedValue(const Trial &t, const Objective &o);

/// Non-dominated sorting of points (every coordinate: larger is better):
/// fronts[0] holds the indices of the non-dominated points, and so on.
std::vector<std::vector<size_t>>
nondominatedSort(const std::vector<std::vector<double>> &points);

/// Crowding distance of each point of one front (infinite at the extremes).
std::vector<double> crowdingDistance(const std::vector<std::vector<double>> &points,
                                     const std::vector<size_t> &front);

} // namespace nasir::search

#endif
