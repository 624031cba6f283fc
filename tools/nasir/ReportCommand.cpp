//===- ReportCommand.cpp - nasir report -----------------------------------===//
//
// nasir report exp.db [--csv|--json] [--top K] [--html FILE [--graphs N]]
// [--serve [--port P]]:
// the leaderboard, the Pareto front (several objectives), the failed trials
// and which decisions matter, of a search's store; every trial as CSV / JSON
// lines; or one self-contained HTML page with charts and the architectures
// of the best candidates (re-specialized from the stored space IR); or that
// page served live with the trials as JSON (lib/Search/ReportServer.h).
//
//===----------------------------------------------------------------------===//
#include "lib/Export/Export.h"
#include "lib/Search/Evaluator.h"
#include "lib/Search/Experiment.h"
#include "lib/Search/Report.h"
#include "lib/Search/ReportServer.h"
#include "lib/Search/ReportTable.h"
#include "lib/Search/Store.h"
#include "lib/Support/ShortestJson.h"
#include "lib/Transforms/CandidateLowering.h"
#include "lib/Transforms/Decisions.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

using namespace mlir;
using namespace nasir;
using namespace nasir::cli;
using namespace nasir::search;

static std::string date(double t) {
  char buf[64];
  time_t secs = (time_t)t;
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", localtime(&secs));
  return buf;
}

/// The architecture of `t` as inline SVG: specialize the stored space with
/// its decisions, lower to a candidate, draw it with Graphviz.
static HtmlReport::Architecture drawArchitecture(Experiment &e,
                                                 const Trial &t) {
  HtmlReport::Architecture a{&t, "", ""};
  nas::SpaceOp space = e.space;
  if (!space) {
    a.error = "the store's space IR does not parse";
    return a;
  }
  std::string error, dot, svg;
  DictionaryAttr d = parseDecisions(space.getContext(), t.decisions, error);
  auto m = d ? specializeCopy(space, d) : OwningOpRef<ModuleOp>();
  FailureOr<std::string> doc =
      m ? lowerToCandidate(firstSpace(*m)) : FailureOr<std::string>(failure());
  if (failed(doc)) {
    a.error = "cannot specialize the trial's decisions" +
              (error.empty() ? "" : ": " + error);
    return a;
  }
  if (!exporter::candidateToDot(*doc, dot, error) ||
      !exporter::renderSvg(dot, svg, error)) {
    a.error = error;
    return a;
  }
  a.svg = inlineSvg(svg, "architecture");
  return a;
}

/// "50 proposals" / "50 evaluations": the stored --budget in the unit it
/// counted (--budget-counts; a store without it counted evaluations); empty
/// when the search had no budget.
static std::string budgetOf(const ExperimentOptions &opt) {
  auto budget = opt.find("budget");
  if (budget == opt.end() || budget->second == "0")
    return "";
  auto unit = opt.find("budget-counts");
  return budget->second + " " +
         (unit != opt.end() ? unit->second : std::string("evaluations"));
}

/// One reading of the store: the experiment, its trials, a one-shot
/// search's supernet phase, and the metrics the report adds (NB201: the
/// 200-epoch test accuracy, looked up in the table). Not movable: `extra`
/// refers to it.
struct StoreReading {
  std::unique_ptr<Experiment> e;
  std::map<int64_t, Trial> trials;
  StoredOneShot oneshot;
  std::unique_ptr<SpaceModel> model;
  std::unique_ptr<Evaluator> table;
  ExtraMetrics extra;

  StoreReading() = default;
  StoreReading(const StoreReading &) = delete;
  StoreReading &operator=(const StoreReading &) = delete;

  /// Opens `path` read-only and reads it; false with `error`.
  bool read(const std::string &path, MLIRContext &ctx, std::string &error) {
    e = Experiment::open(path, ctx, error);
    if (!e || !e->loadTrials(trials, error))
      return false;
    if (!loadOneShot(*e->store(), oneshot, error)) {
      error = path + ": " + error;
      return false;
    }
    if (e->info.evaluator == "table" && e->space) {
      model = SpaceModel::build(e->space);
      table = makeEvaluator(experimentEvaluator(e->options, e->layout), *model,
                            error);
    }
    extra = [this, &ctx](const Trial &t) -> Metrics {
      if (!table)
        return {};
      std::string error;
      EvalJob job;
      job.decisions = parseDecisions(&ctx, t.decisions, error);
      return job.decisions ? table->reportMetrics(job) : Metrics{};
    };
    return true;
  }
};

/// The page of `rd`: its facts, charts, tables and the `graphs` best
/// architectures drawn.
static HtmlReport htmlReportOf(StoreReading &rd, int64_t top, int64_t graphs) {
  Experiment &e = *rd.e;
  const std::map<int64_t, Trial> &trials = rd.trials;
  const ExperimentInfo &info = e.info;
  ExperimentOptions &opt = e.options;
  const std::vector<Objective> &objectives = e.objectives;
  HtmlReport r;
  r.title = "nasir report: @" + info.spaceName;
  r.trials = &trials;
  r.objectives = objectives;
  r.extra = rd.extra;
  r.top = top;
  if (rd.oneshot.trained)
    r.oneshot = &rd.oneshot;
  int64_t counts[5] = {0, 0, 0, 0, 0};
  double last = info.created;
  for (auto &[id, t] : trials) {
    ++counts[(int)t.status];
    last = std::max(last, t.finished);
  }
  r.facts = {{"space", "@" + info.spaceName + " (" + info.spaceFile + ")"},
             {"strategy", info.strategy},
             {"evaluator", info.evaluator + (opt.count("table")
                                                 ? " " + opt["table"]
                                                 : opt.count("data")
                                                       ? " " + opt["data"]
                                                       : "")},
             {"objective", printObjectives(objectives)},
             {"seed", std::to_string(info.seed)},
             {"trials", std::to_string(trials.size()) + " (" +
                            std::to_string(counts[2]) + " ok, " +
                            std::to_string(counts[3]) + " failed, " +
                            std::to_string(counts[4]) + " reused)"},
             {"started", date(info.created)},
             {"took", std::to_string((int64_t)std::round(last - info.created)) +
                          " s"}};
  if (std::string budget = budgetOf(opt); !budget.empty())
    r.facts.push_back({"budget", budget});
  if (opt.count("warm-start"))
    r.facts.push_back({"warm start", opt["warm-start"]});
  auto best = ranked(trials, objectives);
  for (size_t i = 0; i < best.size() && (int64_t)i < graphs; ++i)
    r.architectures.push_back(drawArchitecture(e, *best[i]));
  return r;
}

static bool writeHtmlReport(const std::string &path, StoreReading &rd,
                            int64_t top, int64_t graphs) {
  HtmlReport r = htmlReportOf(rd, top, graphs);
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    llvm::errs() << "error: cannot write '" << path << "': " << ec.message()
                 << "\n";
    return false;
  }
  writeHtml(os, r);
  for (auto &a : r.architectures)
    if (!a.error.empty())
      llvm::errs() << "warning: trial " << a.trial->id
                   << ": no architecture drawn: " << a.error << "\n";
  llvm::outs() << "report: " << path << " (" << rd.trials.size()
               << " trials, " << r.architectures.size() << " architectures)\n";
  return true;
}

/// `report --serve`: the page and /api/trials, each request answered from a
/// fresh reading of the store (a search may be writing it).
static int serveReport(const std::string &path, MLIRContext &ctx, int port,
                       int64_t top, int64_t graphs) {
  HttpHandler handler = [&](const std::string &target) -> HttpAnswer {
    HttpAnswer a;
    if (target != "/" && target != "/api/trials") {
      a.status = 404;
      return a;
    }
    StoreReading rd;
    std::string error;
    if (!rd.read(path, ctx, error)) {
      a.status = 503;
      a.body = "error: " + error + "\n";
      return a;
    }
    llvm::raw_string_ostream os(a.body);
    if (target == "/api/trials") {
      llvm::json::Array list;
      for (auto &[id, t] : rd.trials)
        list.push_back(trialJson(t, rd.extra));
      nasir::writeJson(os, llvm::json::Value(std::move(list)));
      os << "\n";
      a.contentType = "application/json";
      return a;
    }
    HtmlReport r = htmlReportOf(rd, top, graphs);
    r.live = true;
    writeHtml(os, r);
    a.contentType = "text/html; charset=utf-8";
    a.policy = reportPagePolicy();
    return a;
  };
  HttpServerOptions opt;
  opt.port = port;
  std::string error;
  int rc = serveHttp(opt, handler, error);
  if (rc)
    llvm::errs() << "error: " << error << "\n";
  return rc;
}

static const char *kSummary =
    "leaderboard, Pareto front and exports of a search's store";

static int runReport(int argc, char **argv) {
  CommandLine args("report", kSummary);
  args.positional("STORE", "the search's store (nasir search --store)");
  args.flag("csv", "print every trial as CSV");
  args.flag("json", "print every trial as JSON");
  args.add({"top", ValueKind::Natural, "10",
            "rows of the leaderboard; with --csv or --json: only the K best "
            "trials (default: every trial)"});
  args.add({"html", ValueKind::Text, "", "write a self-contained HTML report",
            {}, {}, "", "FILE"});
  args.add({"graphs", ValueKind::Natural, "3",
            "architectures drawn in the HTML report"});
  args.flag("serve", "serve the HTML report, live, and the trials as JSON "
                     "(GET /api/trials) on 127.0.0.1 until Ctrl-C");
  args.add({"port", ValueKind::Natural, "0", "the port of --serve", {}, {},
            "0: a free one"});
  if (int rc = parseCommandLine(args, argc, argv); rc >= 0)
    return rc;
  if (args.has("serve") &&
      (args.has("csv") || args.has("json") || args.has("html"))) {
    llvm::errs() << args.usageError("--serve serves the page and the trials' "
                                    "JSON: it takes no --csv, --json or --html")
                        .text;
    return 2;
  }
  if (args.has("port") && !args.has("serve")) {
    llvm::errs() << args.usageError("--port is for --serve").text;
    return 2;
  }
  std::string path = args.positionals[0], error;
  Session s;
  StoreReading rd;
  if (!rd.read(path, s.context, error)) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  Experiment *e = rd.e.get();
  const std::map<int64_t, Trial> &trials = rd.trials;
  const ExperimentInfo &info = e->info;
  const std::vector<Objective> &objectives = e->objectives;
  const StoredOneShot &oneshot = rd.oneshot;
  const ExtraMetrics &extra = rd.extra;
  int64_t top = args.getInt("top"), graphs = args.getInt("graphs");
  if (args.has("csv") || args.has("json")) {
    // Every trial by id; with --top, the leaderboard's K (best first).
    std::vector<const Trial *> rows;
    if (args.has("top")) {
      rows = ranked(trials, objectives);
      if (rows.size() > (size_t)top)
        rows.resize(top);
    } else {
      for (auto &[id, t] : trials)
        rows.push_back(&t);
    }
    if (args.has("csv")) {
      writeCsv(llvm::outs(), rows, extra);
      return 0;
    }
    writeJson(llvm::outs(), rows, extra);
    // A one-shot search's supernet phase: one more line, after the trials.
    llvm::json::Value phase = oneShotJson(*e->store());
    if (phase.getAsObject())
      llvm::outs() << printJson(phase) << "\n";
    return 0;
  }
  if (args.has("serve"))
    return serveReport(path, s.context, (int)args.getInt("port"), top, graphs);
  if (args.has("html"))
    return writeHtmlReport(args.get("html"), rd, top, graphs) ? 0 : 1;
  int64_t counts[5] = {0, 0, 0, 0, 0};
  for (auto &[id, t] : trials)
    ++counts[(int)t.status];
  llvm::outs() << "experiment: " << info.strategy << " search of @"
               << info.spaceName << " (" << info.spaceFile << "), evaluator "
               << info.evaluator << ", seed " << info.seed;
  if (std::string budget = budgetOf(e->options); !budget.empty())
    llvm::outs() << ", budget " << budget;
  llvm::outs() << "\n"
               << "trials: " << trials.size() << " (" << counts[2] << " ok, "
               << counts[3] << " failed, " << counts[4] << " reused, "
               << counts[0] << " queued, " << counts[1] << " running)\n";
  if (oneshot.trained) {
    const SupernetOutcome &o = oneshot.outcome;
    llvm::outs() << "supernet phase: " << o.mode << ", " << o.history.size()
                 << " epochs in " << llvm::format("%.1f", o.trainSeconds)
                 << " s; argmax " << printJson(llvm::json::Object(o.argmax))
                 << "; " << oneshot.selection.size()
                 << " architectures selected for retraining\n";
  }
  auto best = ranked(trials, objectives);
  if (best.size() > (size_t)top)
    best.resize(top);
  llvm::outs() << "\nleaderboard (top " << best.size() << " by "
               << objectives[0].metric << "):\n";
  printTable(llvm::outs(), best, extra, /*timing=*/true);
  if (objectives.size() > 1) {
    auto front = paretoFront(trials, objectives);
    llvm::outs() << "\nPareto front (" << front.size() << " trials over "
                 << printObjectives(objectives) << "):\n";
    printTable(llvm::outs(), front, extra, /*timing=*/true);
  }
  auto importance = decisionImportance(trials, objectives);
  if (!importance.empty()) {
    llvm::outs() << "\nwhich decisions matter (mean " << objectives[0].metric
                 << " per option with its 95% interval and trials; the share "
                    "of variance explained, omega squared, first):\n";
    printImportance(llvm::outs(), importance, 8);
  }
  if (counts[3]) {
    llvm::outs() << "\nfailed trials:\n";
    printFailures(llvm::outs(), trials, 1000);
  }
  return 0;
}

static Command report{"report", kSummary, runReport};
