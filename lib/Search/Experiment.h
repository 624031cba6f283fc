//===- Experiment.h - one search, as its store holds it ---------*- C++ -*-===//
//
// An experiment is one search: the space it searched (its IR, in the store),
// how (strategy, evaluator, seed and every option as given on the command
// line), toward what (objectives: the space's nas.objective ops, or
// --objective), and where its files are (ExperimentLayout). `nasir search`
// creates and resumes one; `nasir report` and `nasir export` open one
// read-only. All three read it through this type, so they agree on it.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_EXPERIMENT_H
#define NASIR_SEARCH_EXPERIMENT_H

#include "lib/Search/Evaluator.h"
#include "lib/Search/Objectives.h"
#include "lib/Search/Store.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include <map>
#include <memory>
#include <string>

namespace nasir::search {

/// The files of an experiment: the store, and beside it STORE.trials/ with
/// each trial's candidate (trial-N.json), process output (trial-N.out,
/// .err, .exit) and trained weights (trial-N.pt). A PostgreSQL store has no
/// folder: its trials' files go to EXPERIMENT.trials/ in the working
/// directory (the URL's experiment name, a safe file name: PostgresUrl.h).
/// `--work-dir` puts them elsewhere (a worker's own folder, for one).
struct ExperimentLayout {
  std::string store;
  std::string dir; ///< the trials folder when not beside the store

  /// The layout of the store at `location`; `workDir` (may be empty) is
  /// where its trial files go instead of the default.
  static ExperimentLayout at(const std::string &location,
                             const std::string &workDir = "");

  std::string trialsDir() const;
  /// `dir`/trial-`id``ext` (ext with its dot: ".pt").
  static std::string trialFile(const std::string &dir, int64_t id,
                               const std::string &ext);
  std::string trialFile(int64_t id, const std::string &ext) const {
    return trialFile(trialsDir(), id, ext);
  }
};

/// The options of a search, by name without the dashes ("budget" -> "20").
using ExperimentOptions = std::map<std::string, std::string>;

/// Parses the stored JSON object of options; false when it is unreadable.
bool parseExperimentOptions(const std::string &json, ExperimentOptions &out);
/// The JSON object the store keeps for `options`.
std::string printExperimentOptions(const ExperimentOptions &options);

/// `path` made absolute against the working directory, `.` and `..` taken
/// out ("" and a postgresql:// URL stay as they are).
std::string absolutePath(const std::string &path);

/// Makes the options that name files absolute: --work-dir, --warm-start,
/// --nasir-train (a path with a slash), the path of --table SCHEME:PATH and
/// of --data KIND:PATH (csv:FILE[:label=NAME], mnist:DIR, digits:FILE, ...).
/// A search records them so (report, export, worker and --resume then work
/// from any directory), and a store of an older nasir, which kept them as
/// typed, has them resolved here against the working directory, as then.
void absolutizePathOptions(ExperimentOptions &options);

/// The objectives of a search over `space` with `options`: the space's
/// nas.objective ops (maximize accuracy when none), replaced by
/// --objective when given. False with `error` on a bad --objective.
bool experimentObjectives(nas::SpaceOp space, const ExperimentOptions &options,
                          std::vector<Objective> &objectives,
                          std::string &error);

/// The evaluator options' defaults, for a store that does not name them and
/// for `nasir search --help` alike.
inline constexpr const char *kDefaultEvaluator = "train";
inline constexpr const char *kDefaultTableDataset = "cifar10";
inline constexpr const char *kDefaultTrainData = "mnist";

/// The evaluator that `options` name (--evaluator, --table, --dataset,
/// --command, --data), writing into `layout`'s trial folder. The numbers
/// (epochs, jobs, ...) are the search's to check and set.
EvaluatorConfig experimentEvaluator(const ExperimentOptions &options,
                                    const ExperimentLayout &layout);

class Experiment {
public:
  ExperimentLayout layout;
  ExperimentInfo info;
  ExperimentOptions options;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  nas::SpaceOp space; ///< null when the stored IR does not parse
  std::vector<Objective> objectives;

  /// Describes the experiment `info` holds, stored at `storePath`: parses
  /// its options and its space (into `ctx`) and derives its objectives.
  /// False with `error` when the options are unreadable or the space does
  /// not parse; the fields parsed so far stay set.
  bool describe(const std::string &storePath, ExperimentInfo info,
                mlir::MLIRContext &ctx, std::string &error);

  /// Opens the experiment of the store at `path` read-only (report, export,
  /// warm start) and describes it. Null with `error` when there is none (a
  /// missing, corrupt or empty store); an experiment whose options or space
  /// do not parse is returned with `error` set and those fields empty.
  static std::unique_ptr<Experiment>
  open(const std::string &path, mlir::MLIRContext &ctx, std::string &error);

  /// The value of option `name`, or `dflt`.
  std::string option(const std::string &name,
                     const std::string &dflt = "") const;

  /// Every trial, by id; false with `error` naming the store.
  bool loadTrials(std::map<int64_t, Trial> &trials, std::string &error);

  /// The store it was opened from (open() only).
  Store *store() { return opened.get(); }

private:
  std::unique_ptr<Store> opened;
};

} // namespace nasir::search

#endif
