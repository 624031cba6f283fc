//===- Experiment.cpp - one search, as its store holds it -----------------===//
#include "lib/Search/Experiment.h"
#include "lib/Search/PostgresUrl.h"
#include "lib/Search/Proxy.h"
#include "lib/Support/LimitedJson.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

std::string ExperimentLayout::trialsDir() const {
  if (!dir.empty())
    return dir;
  PostgresLocation loc;
  std::string error;
  if (isPostgresUrl(store))
    return (parsePostgresUrl(store, loc, error) ? loc.experiment
                                                : kDefaultPostgresExperiment) +
           std::string(".trials");
  return store + ".trials";
}

std::string ExperimentLayout::trialFile(const std::string &dir, int64_t id,
                                        const std::string &ext) {
  return dir + "/trial-" + std::to_string(id) + ext;
}

ExperimentLayout ExperimentLayout::at(const std::string &location,
                                      const std::string &workDir) {
  ExperimentLayout l;
  l.store = location;
  l.dir = workDir;
  return l;
}

bool nasir::search::parseExperimentOptions(const std::string &json,
                                           ExperimentOptions &out) {
  auto v = parseJsonLimited(json);
  if (!v) {
    llvm::consumeError(v.takeError());
    return false;
  }
  const llvm::json::Object *o = v->getAsObject();
  if (!o)
    return false;
  out.clear();
  for (auto &kv : *o)
    if (auto s = kv.second.getAsString())
      out[kv.first.str()] = s->str();
  // Stores written before the rule's flag was named for what it does.
  if (auto it = out.find("nb201-zero"); it != out.end()) {
    out.emplace("zero-absorbing", it->second);
    out.erase(it);
  }
  return true;
}

std::string
nasir::search::printExperimentOptions(const ExperimentOptions &options) {
  llvm::json::Object o;
  for (auto &[k, v] : options)
    o[k] = v;
  std::string s;
  llvm::raw_string_ostream(s) << llvm::json::Value(std::move(o));
  return s;
}

std::string nasir::search::absolutePath(const std::string &path) {
  if (path.empty() || isPostgresUrl(path))
    return path;
  llvm::SmallString<256> p(path);
  if (llvm::sys::fs::make_absolute(p))
    return path;
  llvm::sys::path::remove_dots(p, /*remove_dot_dot=*/true);
  return std::string(p);
}

void nasir::search::absolutizePathOptions(ExperimentOptions &options) {
  auto edit = [&](const char *name, auto fn) {
    auto it = options.find(name);
    if (it != options.end() && !it->second.empty())
      it->second = fn(it->second);
  };
  edit("work-dir", absolutePath);
  edit("warm-start", absolutePath);
  edit("nasir-train", [](const std::string &v) {
    return v.find('/') == std::string::npos ? v : absolutePath(v);
  });
  // SCHEME:PATH; every table scheme's argument is a file or a folder.
  edit("table", [](const std::string &v) {
    size_t colon = v.find(':');
    if (colon == std::string::npos || colon + 1 == v.size())
      return v;
    return v.substr(0, colon + 1) + absolutePath(v.substr(colon + 1));
  });
  // KIND[:PATH], as lib/Runtime/Data.cpp reads it (csv: a :label=NAME last).
  edit("data", [](const std::string &v) {
    size_t colon = v.find(':');
    std::string kind = v.substr(0, colon);
    if (colon == std::string::npos || colon + 1 == v.size() ||
        !llvm::is_contained({"mnist", "fashion-mnist", "cifar10", "cifar100",
                             "digits", "csv"},
                            kind))
      return v;
    std::string arg = v.substr(colon + 1), label;
    size_t l = arg.rfind(":label=");
    if (kind == "csv" && l != std::string::npos)
      label = arg.substr(l), arg = arg.substr(0, l);
    return arg.empty() ? v : kind + ":" + absolutePath(arg) + label;
  });
}

bool nasir::search::experimentObjectives(nas::SpaceOp space,
                                         const ExperimentOptions &options,
                                         std::vector<Objective> &objectives,
                                         std::string &error) {
  objectives =
      space ? objectivesOf(space) : std::vector<Objective>{{"accuracy", true}};
  auto it = options.find("objective");
  if (it == options.end() || it->second.empty()) {
    // A proxy evaluator measures its score only (lib/Search/Proxy.h).
    auto e = options.find("evaluator");
    if (e != options.end() && !proxyOfEvaluator(e->second).empty())
      objectives = {{proxyOfEvaluator(e->second), true}};
    return true;
  }
  std::vector<Objective> given;
  if (!parseObjectives(it->second, given, error))
    return false;
  objectives = std::move(given);
  return true;
}

EvaluatorConfig
nasir::search::experimentEvaluator(const ExperimentOptions &options,
                                   const ExperimentLayout &layout) {
  auto get = [&](const char *k, const char *dflt) {
    auto it = options.find(k);
    return it == options.end() ? std::string(dflt) : it->second;
  };
  EvaluatorConfig c;
  c.kind = get("evaluator", kDefaultEvaluator);
  c.table = get("table", "");
  c.dataset = get("dataset", kDefaultTableDataset);
  c.command = get("command", "");
  c.data = get("data", kDefaultTrainData);
  c.workDir = layout.trialsDir();
  return c;
}

bool Experiment::describe(const std::string &storePath, ExperimentInfo stored,
                          MLIRContext &ctx, std::string &error) {
  layout = ExperimentLayout::at(storePath);
  info = std::move(stored);
  if (!parseExperimentOptions(info.options, options)) {
    error = "the store's options are unreadable";
    return false;
  }
  absolutizePathOptions(options); // an older store's relative paths
  layout = ExperimentLayout::at(storePath, option("work-dir"));
  module = parseSourceString<ModuleOp>(info.spaceIR, &ctx);
  space = {};
  if (module)
    for (auto s : module->getOps<nas::SpaceOp>()) {
      space = s;
      break;
    }
  // A report still lists the trials of a space that no longer parses.
  std::string objectiveError;
  experimentObjectives(space, options, objectives, objectiveError);
  if (!space) {
    error = "the store's space does not parse";
    return false;
  }
  return true;
}

std::unique_ptr<Experiment> Experiment::open(const std::string &path,
                                             MLIRContext &ctx,
                                             std::string &error) {
  auto e = std::make_unique<Experiment>();
  ExperimentInfo info;
  e->opened = openExperimentStore(path, info, error);
  if (!e->opened)
    return nullptr;
  e->describe(path, std::move(info), ctx, error);
  return e;
}

std::string Experiment::option(const std::string &name,
                               const std::string &dflt) const {
  auto it = options.find(name);
  return it == options.end() ? dflt : it->second;
}

bool Experiment::loadTrials(std::map<int64_t, Trial> &trials,
                            std::string &error) {
  if (!opened || !trialsById(*opened, trials)) {
    error = "store '" + maskStorePassword(layout.store) +
            "': " + (opened ? opened->lastError() : std::string("not open"));
    return false;
  }
  return true;
}
