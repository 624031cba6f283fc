//===- Importance.h - which decisions matter, with their uncertainty -*- C++ -*-===//
//
// The report's importance view: for each decision label, the primary
// objective's mean under each option with a 95% Student t interval and the
// number of trials behind it, and a one-way analysis of variance over the
// options: omega squared (the share of the objective's variance the label
// explains, corrected for the bias of few trials per option) and the F
// test's p-value. A label with an option seen only once cannot be judged:
// it is marked "too few" and ranked after every label that can.
//
// Descriptive, not causal: a strategy that samples good options more often
// makes their counts larger, so read the counts with the means.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_IMPORTANCE_H
#define NASIR_SEARCH_IMPORTANCE_H

#include "lib/Search/Objectives.h"
#include "lib/Search/Trial.h"
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace nasir::search {

/// The trials of one option of a decision.
struct OptionStats {
  std::string value; ///< the option as shown (strings unquoted)
  int64_t count = 0;
  double mean = 0, best = 0; ///< of the objective's metric, raw units
  double sd = NAN;           ///< sample standard deviation (count >= 2)
  double halfWidth = NAN;    ///< of the mean's 95% t interval (count >= 2)
};

/// How the primary objective differs between the options of one decision.
struct DecisionImportance {
  std::string label;
  int64_t trials = 0;   ///< evaluated trials that took the label
  double spread = 0;    ///< best option mean - worst option mean (>= 0)
  double explained = 0; ///< omega squared in [0, 1] (enough only)
  double pValue = NAN;  ///< F test of equal option means (enough only)
  /// At least two options, each taken by at least two trials: only then are
  /// an interval, omega squared and the F test defined.
  bool enough = false;
  std::vector<OptionStats> options; ///< best mean first
};

/// Every label taken by an evaluated trial: the labels with enough trials
/// first, most explained variance first, then the others by spread; options
/// without trials are left out.
std::vector<DecisionImportance>
decisionImportance(const std::map<int64_t, Trial> &trials,
                   const std::vector<Objective> &objectives);

/// What the user reads in `nasir report`'s text and the page's tooltips: the
/// option's mean with its interval ("86.6 ±5.1 (n=2)"; "86.6 (n=1)" alone).
std::string optionSummary(const OptionStats &o);

/// The label's verdict: "ω² 0.42, p 0.003" or "too few trials" (an option
/// seen once, or a single option).
std::string importanceVerdict(const DecisionImportance &d);

} // namespace nasir::search

#endif // NASIR_SEARCH_IMPORTANCE_H
