//===- TableEvaluator.h - candidates looked up in a table -------*- C++ -*-===//
//
// `--evaluator table --table SCHEME:PATH`: the metrics of a candidate are a
// row of a table, looked up in process. Each scheme registers itself:
// `csv:FILE` (TableEvaluator.cpp: a header of labels and metric columns) and
// the tabular benchmarks (lib/Search/Benchmarks: `nb201:DIR`, ...). Adding a
// benchmark is one file:
//
//   class MyTable : public TableEvaluator { bool lookup(...) override; };
//   static TableRegistration reg("mine", "what it is", {"DIR",
//       [](llvm::StringRef path, const EvaluatorConfig &c,
//          const SpaceModel &model, std::string &error)
//           -> std::unique_ptr<Evaluator> { ... }});
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_TABLEEVALUATOR_H
#define NASIR_SEARCH_TABLEEVALUATOR_H

#include "lib/Search/Evaluator.h"
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace nasir::search {

/// An evaluator that answers each job at once, from `lookup`.
class TableEvaluator : public Evaluator {
public:
  void start(const EvalJob &job) override;
  std::vector<EvalOutcome> wait(double) override;
  unsigned running() const override { return 0; }
  unsigned slots() const override { return 1u << 20; }

  /// The metrics of `job`'s candidate; false with `error` when the table
  /// has no row for it.
  virtual bool lookup(const EvalJob &job, Metrics &metrics,
                      std::string &error) = 0;

private:
  std::deque<EvalOutcome> done;
};

using TableFactory = std::function<std::unique_ptr<Evaluator>(
    llvm::StringRef path, const EvaluatorConfig &config,
    const SpaceModel &model, std::string &error)>;

/// A table scheme: `--table SCHEME:ARGUMENT` ("nb201", "DIR").
struct TableScheme {
  std::string argument;
  TableFactory make;
};
using TableRegistration = Registration<TableScheme>;

/// Reads a CSV file (double quotes, "" inside quotes) into rows of cells,
/// skipping blank lines; false with `error` when it cannot be read or is
/// empty.
bool readCsv(const std::string &path,
             std::vector<std::vector<std::string>> &rows, std::string &error);

/// The index of the column `name` of `header`, or -1.
int columnOf(const std::vector<std::string> &header, const std::string &name);

} // namespace nasir::search

#endif
