//===- Report.h - leaderboard, Pareto front, exports ------------*- C++ -*-===//
#ifndef NASIR_SEARCH_REPORT_H
#define NASIR_SEARCH_REPORT_H

#include "lib/Search/Importance.h"
#include "lib/Search/Objectives.h"
#include "lib/Search/OneShot.h"
#include "lib/Search/Trial.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace nasir::search {

/// The evaluated trials (ok, not reused), best first by the primary
/// objective.
std::vector<const Trial *> ranked(const std::map<int64_t, Trial> &trials,
                                  const std::vector<Objective> &objectives);

/// The non-dominated evaluated trials over all objectives, best first.
std::vector<const Trial *> paretoFront(const std::map<int64_t, Trial> &trials,
                                       const std::vector<Objective> &objectives);

/// What the tables say under a column of one-shot estimates.
inline constexpr const char *kOneShotNote =
    "* one-shot estimate: the validation accuracy of the architecture with "
    "the supernet's shared weights (an estimate, not a training of its own)";

/// Extra metrics shown for a listed trial (NB201: the 200-epoch test).
using ExtraMetrics = std::function<Metrics(const Trial &)>;

/// Who evaluated a trial: "host:pid/device" (a `nasir worker`), "host:pid"
/// (the search's own job), "-" (none: reused, failed before it ran).
std::string workerOf(const Trial &t);

/// A column `worker` (workerOf) when a row ran on a `nasir worker`.
/// `timing`: also latency and training time, when an evaluator measured them
/// (`nasir report`; the search's own summary stays short).
void printTable(llvm::raw_ostream &os, const std::vector<const Trial *> &rows,
                const ExtraMetrics &extra, bool timing = false);
void printFailures(llvm::raw_ostream &os, const std::map<int64_t, Trial> &trials,
                   size_t limit);
/// `rows` as CSV (RFC 4180): the trial's columns, one column per metric
/// (those of `extra` too, e.g. NB201's test_200ep) and one per decision label
/// (`decision.LABEL`); every number in its shortest exact form
/// (formatShortest). docs/results.md describes the columns.
void writeCsv(llvm::raw_ostream &os, const std::vector<const Trial *> &rows,
              const ExtraMetrics &extra);
/// One trial as the JSON object every JSON output uses (`report --json`,
/// the page's data, `GET /api/trials` of `report --serve`): id, status,
/// epochs, fingerprint, eval_seconds, created/started/finished (seconds since
/// the epoch, when known), decisions, metrics, curve (per epoch, when the
/// evaluator trained: LearningCurve.h), report_metrics (`extra`'s), error,
/// reused_from, worker {host, pid, device}. docs/results.md lists them.
llvm::json::Object trialJson(const Trial &t, const ExtraMetrics &extra);
/// `rows` as JSON lines (trialJson).
void writeJson(llvm::raw_ostream &os, const std::vector<const Trial *> &rows,
               const ExtraMetrics &extra);
/// A decision's value as a cell: a string unquoted, anything else as JSON
/// with the shortest numbers (0.3, [0,2]).
std::string decisionCell(const llvm::json::Value &v);
/// A trial's decisions as cells (decisionCell) by label; nullopt when its
/// decisions do not read as a JSON object.
std::optional<std::map<std::string, std::string>> decisionCells(const Trial &t);

/// The importance view as text: a line per label (Importance.h), at most
/// `limit`.
void printImportance(llvm::raw_ostream &os,
                     const std::vector<DecisionImportance> &labels,
                     size_t limit);

/// `text` in lines of at most `width` characters that end after a token (a
/// comma, a colon or a space): how the report wraps decisions.
std::vector<std::string> wrapAtTokens(llvm::StringRef text, size_t width);

/// What the HTML report shows; the caller renders the architectures (SVG of
/// `dot -Tsvg`), the report draws everything else itself.
struct HtmlReport {
  std::string title;
  std::vector<std::pair<std::string, std::string>> facts; ///< shown as a list
  const std::map<int64_t, Trial> *trials = nullptr;
  std::vector<Objective> objectives;
  ExtraMetrics extra;
  size_t top = 10;
  struct Architecture {
    const Trial *trial;
    std::string svg; ///< inline SVG, or empty with `error` set
    std::string error;
  };
  std::vector<Architecture> architectures;
  /// A one-shot search's supernet phase and selection (null: none).
  const StoredOneShot *oneshot = nullptr;
  /// Served by `nasir report --serve`: the page follows the store (ReportTable.h).
  bool live = false;
};

/// The page's section "Every trial": the sortable, filterable table of
/// every trial and its script (ReportTable.cpp; ReportTable.h has the rest).
void writeTrialTable(llvm::raw_ostream &os, const HtmlReport &report);

/// One self-contained page (inline CSS and SVG, no network; one script: ReportTable.h):
/// best-so-far over trials and over time, a one-shot search's architecture
/// weights per label over the supernet's epochs, Pareto scatters (primary objective
/// against params and FLOPs), the leaderboard, the architectures, the
/// decision-importance bars and the failed trials. Every picture is one
/// <svg> element with a class: `chart`, `chart weights`, `scatter`,
/// `architecture`, `importance`.
void writeHtml(llvm::raw_ostream &os, const HtmlReport &report);

/// `text` for HTML text or a double-quoted attribute: < > & " escaped.
std::string htmlEscape(llvm::StringRef text);

/// An SVG document (e.g. from `dot -Tsvg`) reduced to its <svg> element,
/// with `cls` added as its class, and stripped of everything but drawing:
/// no link, no URL or event attribute, no script (InlineSvg.cpp).
std::string inlineSvg(llvm::StringRef document, llvm::StringRef cls);

} // namespace nasir::search

#endif
