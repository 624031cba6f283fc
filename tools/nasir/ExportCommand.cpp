//===- ExportCommand.cpp - nasir export -----------------------------------===//
//
// nasir export STORE (--best | --trial N) --to mlir|candidate|pytorch|weights
//              |decisions|dot|onnx [-o FILE]
// nasir export --candidate FILE.json --to pytorch|dot|onnx [--weights W.pt] [-o FILE]
//
// Takes a trial out of an experiment: the concrete network (re-specialized
// from the stored space IR and the trial's decisions), its candidate
// document, a standalone PyTorch module (lib/Export), or the weights the
// train evaluator saved for it (STORE.trials/trial-N.pt), or an ONNX model
// with those weights (ExportOnnx.h, docs/onnx.md).
//
//===----------------------------------------------------------------------===//
#include "lib/Export/Export.h"
#include "lib/Search/Experiment.h"
#include "lib/Search/Report.h"
#include "lib/Search/Store.h"
#include "lib/Search/TrialWeights.h"
#include "lib/Transforms/CandidateLowering.h"
#include "lib/Transforms/Decisions.h"
#include "tools/nasir/ExportOnnx.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "tools/nasir/Dataset.h"
#include "tools/nasir/Payload.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::cli;
using namespace nasir::search;

static const char *kSummary =
    "a trial as MLIR, candidate, PyTorch module, ONNX model or weights";

/// Writes `text` to `path` (stdout for "" or "-").
static bool emit(const std::string &path, const std::string &text) {
  if (path.empty() || path == "-") {
    llvm::outs() << text;
    return true;
  }
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    llvm::errs() << "error: cannot write '" << path << "': " << ec.message()
                 << "\n";
    return false;
  }
  os << text;
  return true;
}

/// The input contract of `--data spec`, asked of nasir-train (--info);
/// false with `error`.
static bool askInputContract(const std::string &spec,
                             const std::vector<std::string> &infoArgs,
                             exporter::InputContract &contract,
                             std::string &error) {
  std::string train = findNasirTrain();
  if (train.empty()) {
    error = nasirTrainMissing("reading the normalization of --data " + spec);
    return false;
  }
  DatasetShape data;
  if (!queryDataset(train, spec, data, error, infoArgs) ||
      !exporter::inputContractFromInfo(data.infoJson, spec, contract, error)) {
    error = "--data " + spec + ": " + error;
    return false;
  }
  return true;
}

/// The input contract of a trial of `e`: the dataset the search kept in its
/// store, else (an older store of the train evaluator) asked of nasir-train
/// for the stored --data; unknown, with the reason, for the evaluators that
/// train nothing. False with `error` only when the store cannot be read.
static bool storedInputContract(Experiment &e,
                                exporter::InputContract &contract,
                                std::string &error) {
  std::string kept;
  if (!e.store()->loadPhase(kDatasetPhase, kept)) {
    error = "store '" + e.layout.store + "': " + e.store()->lastError();
    return false;
  }
  std::string spec = e.option("data", kDefaultTrainData), why;
  if (!kept.empty() &&
      exporter::inputContractFromInfo(kept, spec, contract, why))
    return true;
  std::string evaluator = e.option("evaluator", kDefaultEvaluator);
  if (evaluator == "train") {
    std::vector<std::string> trainArgs;
    for (llvm::StringRef a : llvm::split(e.option("train-args"), ' '))
      if (!a.empty())
        trainArgs.push_back(a.str());
    if (askInputContract(spec, datasetInfoArgs(trainArgs), contract, why))
      return true;
    contract.unknown = "the store does not keep it and " + why;
  } else {
    contract.unknown = "the experiment's evaluator (" + evaluator +
                       ") trained no network here; give the dataset it was "
                       "trained on with the export's --data SPEC";
  }
  llvm::errs() << "note: the input normalization is unknown (" << contract.unknown
               << "): the file's preprocess() raises until MEAN and STD are "
                  "set\n";
  return true;
}

/// The text of a candidate document in the form `to` asks for.
static int fromCandidate(const std::string &doc, const std::string &to,
                         const std::string &header, const std::string &out,
                         const exporter::InputContract &contract = {}) {
  std::string text, error;
  if (to == "candidate") {
    text = doc + "\n";
  } else if (to == "pytorch") {
    exporter::PyTorchOptions opts;
    opts.header = header;
    opts.input = contract;
    if (!exporter::candidateToPyTorch(doc, opts, text, error)) {
      llvm::errs() << "error: " << error << "\n";
      return 1;
    }
  } else if (to == "dot") {
    if (!exporter::candidateToDot(doc, text, error)) {
      llvm::errs() << "error: " << error << "\n";
      return 1;
    }
  } else {
    llvm::errs() << "error: --to must be mlir, candidate, pytorch, weights, "
                    "decisions, dot or onnx, not '"
                 << to << "'\n";
    return 2;
  }
  return emit(out, text) ? 0 : 1;
}

static int runExport(int argc, char **argv) {
  CommandLine args("export", kSummary);
  args.positional("STORE", "the search's store (or --candidate FILE)",
                  Positional::Plain, /*optional=*/true);
  args.flag("best", "the best trial by the experiment's objective");
  args.add({"trial", ValueKind::Integer, "", "the trial with id N"});
  args.add({"to",
            ValueKind::Text,
            "candidate",
            "mlir, candidate, pytorch, weights, decisions, dot or onnx",
            {},
            {},
            "",
            "FORMAT"});
  args.add(
      {"o", ValueKind::Text, "", "write to FILE", {}, {}, "stdout", "FILE"});
  args.add({"candidate",
            ValueKind::Text,
            "",
            "export a candidate JSON file instead (--to pytorch|dot|onnx)",
            {},
            {},
            "",
            "FILE"});
  args.add({"weights",
            ValueKind::Text,
            "",
            "--candidate --to onnx: the weights (nasir-train --save)",
            {},
            {},
            "fresh, seed 0",
            "FILE"});
  args.add({"data",
            ValueKind::Text,
            "",
            "--to pytorch: the dataset the network was trained on (as "
            "nasir-train --data), for the file's input contract",
            {},
            {},
            "the experiment's",
            "SPEC"});
  args.flag(kIgnoreConstraints,
            "build a candidate that breaks a constraint of the space");
  args.note("two forms:\n  nasir export STORE (--best | --trial N) --to "
            "FORMAT [-o FILE]\n  nasir export --candidate FILE.json --to "
            "pytorch|dot|onnx [-o FILE]");
  if (int rc = parseCommandLine(args, argc, argv); rc >= 0)
    return rc;
  std::string to = args.get("to"), out = args.get("o");
  if (args.has("weights") && (to != "onnx" || !args.has("candidate"))) {
    llvm::errs() << args.usageError("--weights is for --candidate FILE --to onnx (a store's "
                                    "trial brings its own)")
                        .text;
    return 2;
  }
  if (args.has("data") && to != "pytorch") {
    llvm::errs() << args.usageError("--data is for --to pytorch (the input "
                                    "contract)")
                        .text;
    return 2;
  }
  exporter::InputContract contract;
  std::string contractError;
  if (args.has("data") &&
      !askInputContract(args.get("data"), {}, contract, contractError)) {
    llvm::errs() << "error: " << contractError << "\n";
    return 1;
  }
  if (args.has("candidate")) {
    auto buf = llvm::MemoryBuffer::getFile(args.get("candidate"));
    if (!buf) {
      llvm::errs() << "error: cannot read '" << args.get("candidate") << "'\n";
      return 1;
    }
    if (to == "onnx")
      return exportOnnxWithTrain((*buf)->getBuffer().str(), args.get("weights"), 0, out);
    if (to == "pytorch" && !contract.known) {
      contract.unknown = "exported from a bare candidate file; give the "
                         "dataset it was trained on with --data SPEC";
      llvm::errs() << "note: the input normalization is unknown (no --data): "
                      "the file's preprocess() raises until MEAN and STD are "
                      "set\n";
    }
    return fromCandidate((*buf)->getBuffer().str(), to,
                         "nasir export of " + args.get("candidate"), out,
                         contract);
  }
  if (args.positionals.size() != 1 || args.has("best") == args.has("trial")) {
    llvm::errs() << args.usageError("give the STORE and one of --best or "
                                    "--trial N")
                        .text;
    return 2;
  }
  std::string path = args.positionals[0], error;
  Session s;
  auto e = Experiment::open(path, s.context, error);
  std::map<int64_t, Trial> trials;
  if (!e || !e->loadTrials(trials, error)) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  const ExperimentInfo &info = e->info;
  nas::SpaceOp space = e->space;
  if (!space) {
    llvm::errs() << "error: the store's space IR does not parse\n";
    return 1;
  }

  const Trial *trial = nullptr;
  if (args.has("best")) {
    auto best = ranked(trials, e->objectives);
    if (best.empty()) {
      llvm::errs() << "error: the experiment has no successful trial yet\n";
      return 1;
    }
    trial = best.front();
  } else {
    int64_t id = args.getInt("trial");
    auto it = trials.find(id);
    if (it == trials.end()) {
      llvm::errs() << "error: the experiment has no trial " << id << " (it has "
                   << trials.size() << ")\n";
      return 1;
    }
    trial = &it->second;
  }
  // A reused trial carries another trial's result, and so its weights.
  int64_t source = trial->status == TrialStatus::Reused && trial->reusedFrom
                       ? trial->reusedFrom
                       : trial->id;

  if (to == "decisions")
    return emit(out, trial->decisions + "\n") ? 0 : 1;
  // The trained weights: in the store, or in the trials folder beside it.
  std::string weights;
  bool hasWeights = false;
  if ((to == "weights" || to == "onnx") &&
      !loadTrialWeights(*e->store(), e->layout.trialsDir(), source, weights,
                        hasWeights, error)) {
    llvm::errs() << "error: store '" << path << "': trial " << source << ": "
                 << error << "\n";
    return 1;
  }
  if (to == "weights") {
    if (out.empty() || out == "-") {
      llvm::errs() << "error: --to weights needs -o FILE\n";
      return 2;
    }
    if (!hasWeights) {
      llvm::errs() << "error: trial " << trial->id
                   << " has no trained weights, in the store or in "
                   << e->layout.trialsDir() << " (" << statusName(trial->status)
                   << "): a search saves them only for trials the train "
                      "evaluator trained\n";
      return 1;
    }
    return emit(out, weights) ? 0 : 1;
  }
  DictionaryAttr d = parseDecisions(&s.context, trial->decisions, error);
  if (!d) {
    llvm::errs() << "error: trial " << trial->id << ": " << error << "\n";
    return 1;
  }
  auto m = specializeCandidate(space, d, args.has(kIgnoreConstraints));
  if (!m)
    return 1;
  if (to == "mlir") {
    std::string text;
    llvm::raw_string_ostream os(text);
    m->print(os);
    os << "\n";
    return emit(out, text) ? 0 : 1;
  }
  auto doc = lowerToCandidate(firstSpace(*m));
  if (failed(doc))
    return 1;
  if (to == "onnx") {
    // The trained weights when the train evaluator saved them, else fresh ones.
    if (hasWeights)
      return exportOnnxWithWeights(*doc, weights, out);
    if (!out.empty() && out != "-")
      llvm::errs() << "note: trial " << trial->id
                   << " has no trained weights: the model has fresh weights "
                      "(seed 0)\n";
    return exportOnnxWithTrain(*doc, "", 0, out);
  }
  std::string header = "nasir export: trial " + std::to_string(trial->id) +
                       " of @" + info.spaceName + " (" + path + ")";
  if (auto it = trial->metrics.find("accuracy"); it != trial->metrics.end())
    header += ", accuracy " + std::to_string(it->second).substr(0, 6);
  if (to == "pytorch" && !contract.known &&
      !storedInputContract(*e, contract, error)) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  return fromCandidate(*doc, to, header, out, contract);
}

static Command exportCmd{"export", kSummary, runExport};
