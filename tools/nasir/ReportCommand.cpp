//===- ReportCommand.cpp - nasir report -----------------------------------===//
//
// nasir report exp.db [--csv|--json] [--top K]: the leaderboard, the Pareto
// front (several objectives) and the failed trials of a search's store, or
// every trial as CSV / JSON lines.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Evaluator.h"
#include "lib/Search/NB201.h"
#include "lib/Search/Report.h"
#include "lib/Search/Store.h"
#include "lib/Transforms/Decisions.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

using namespace mlir;
using namespace nasir;
using namespace nasir::cli;
using namespace nasir::search;

static int runReport(int argc, char **argv) {
  Args args;
  if (!args.parse(argc, argv, {"csv", "json"}, {"top"}, 1, 1,
                  "report STORE [--csv|--json] [--top K]"))
    return 2;
  std::string path = args.positional[0], error;
  if (!llvm::sys::fs::exists(path)) {
    llvm::errs() << "error: no store at '" << path << "'\n";
    return 1;
  }
  auto store = openSqliteStore(path, error);
  ExperimentInfo info;
  if (!store || !store->loadExperiment(info)) {
    llvm::errs() << "error: '" << path << "' holds no nasir experiment"
                 << (error.empty() ? "" : ": " + error) << "\n";
    return 1;
  }
  std::map<int64_t, Trial> trials;
  for (Trial &t : store->loadTrials())
    trials[t.id] = std::move(t);
  if (args.has("csv")) {
    writeCsv(llvm::outs(), trials);
    return 0;
  }
  if (args.has("json")) {
    writeJson(llvm::outs(), trials);
    return 0;
  }
  std::map<std::string, std::string> opt;
  if (auto v = llvm::json::parse(info.options)) {
    if (auto *o = v->getAsObject())
      for (auto &kv : *o)
        if (auto s = kv.second.getAsString())
          opt[kv.first.str()] = s->str();
  } else {
    llvm::consumeError(v.takeError());
  }
  Session s;
  s.module = parseSourceString<ModuleOp>(info.spaceIR, &s.context);
  std::vector<Objective> objectives = {{"accuracy", true}};
  if (s.module)
    if (auto sp = firstSpace(*s.module))
      objectives = objectivesOf(sp);
  if (opt.count("objective"))
    parseObjectives(opt["objective"], objectives, error);
  // NB201: the report adds the 200-epoch test accuracy.
  std::unique_ptr<Evaluator> table;
  std::unique_ptr<SpaceModel> model;
  if (info.evaluator == "table" && s.module && firstSpace(*s.module)) {
    model = SpaceModel::build(firstSpace(*s.module));
    EvaluatorConfig ec;
    ec.kind = "table";
    ec.table = opt["table"];
    ec.dataset = opt.count("dataset") ? opt["dataset"] : "cifar10";
    table = makeEvaluator(ec, *model, error);
  }
  ExtraMetrics extra = [&](const Trial &t) -> Metrics {
    if (!table)
      return {};
    EvalJob job;
    job.decisions = parseDecisions(&s.context, t.decisions, error);
    return job.decisions ? table->reportMetrics(job) : Metrics{};
  };
  int64_t counts[5] = {0, 0, 0, 0, 0};
  for (auto &[id, t] : trials)
    ++counts[(int)t.status];
  llvm::outs() << "experiment: " << info.strategy << " search of @"
               << info.spaceName << " (" << info.spaceFile << "), evaluator "
               << info.evaluator << ", seed " << info.seed << "\n"
               << "trials: " << trials.size() << " (" << counts[2] << " ok, "
               << counts[3] << " failed, " << counts[4] << " reused, "
               << counts[0] << " queued, " << counts[1] << " running)\n";
  auto top = args.getInt("top", 10);
  if (!top)
    return 2;
  auto best = ranked(trials, objectives);
  if (best.size() > (size_t)*top)
    best.resize(*top);
  llvm::outs() << "\nleaderboard (top " << best.size() << " by "
               << objectives[0].metric << "):\n";
  printTable(llvm::outs(), best, extra);
  if (objectives.size() > 1) {
    auto front = paretoFront(trials, objectives);
    llvm::outs() << "\nPareto front (" << front.size() << " trials over "
                 << printObjectives(objectives) << "):\n";
    printTable(llvm::outs(), front, extra);
  }
  if (counts[3]) {
    llvm::outs() << "\nfailed trials:\n";
    printFailures(llvm::outs(), trials, 1000);
  }
  return 0;
}

static Command report{"report", "leaderboard, Pareto front and exports of a "
                                "search's store",
                      runReport};
