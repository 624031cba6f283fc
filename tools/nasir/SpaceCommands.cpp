//===- SpaceCommands.cpp - count, sample, mutate, crossover, enumerate ----===//
//
// The search-as-transformation subcommands. Each prints candidates as one
// line of decisions JSON (docs/decisions.md) and accepts them back with
// --decisions JSON or --decisions @FILE; cost, specialize and fingerprint
// also take a batch, --decisions @FILE.jsonl (or @- for stdin), one
// decisions object per line, and print one result per line.
//
//===----------------------------------------------------------------------===//
#include "lib/Driver/CostReport.h"
#include "lib/Driver/NetworkDot.h"
#include "lib/Search/FlopsConvention.h"
#include "lib/Transforms/CandidateCount.h"
#include "lib/Transforms/CandidateLowering.h"
#include "lib/Transforms/Canonicalize.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/DecisionsLines.h"
#include "lib/Transforms/Specialize.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::cli;

/// A space command's command line: FILE plus --space, --input, --classes.
static CommandLine spaceCommandLine(const char *name, const char *summary) {
  CommandLine cl(name, summary);
  cl.positional("FILE", "the space (.nas or .mlir; - reads stdin)",
                Positional::Space);
  addLoadOptions(cl);
  return cl;
}

/// Parses a space command's arguments and loads its FILE. Returns -1 to go
/// on, else the exit code (0 after --help, 2 bad usage, 1 a reported error).
static int openSpace(CommandLine &cl, int argc, char **argv, Session &s) {
  if (int rc = parseCommandLine(cl, argc, argv); rc >= 0)
    return rc;
  return failed(s.load(cl)) ? 1 : -1;
}

static const char *kDecisionsHelp = "the decisions, as JSON or @FILE";

static void addSeed(CommandLine &cl) {
  cl.add({"seed", ValueKind::Integer, "0", "seed of the random generator"});
}

static const char *kCountSummary = "count the candidates of a space exactly";

static int runCount(int argc, char **argv) {
  CommandLine args = spaceCommandLine("count", kCountSummary);
  args.flag("unique", "count distinct architectures (enumerates, canonical "
                      "form)");
  addZeroAbsorbing(args);
  args.flag("brute", "count by enumerating every candidate");
  args.add({"limit", ValueKind::Positive, std::to_string(kCountLimit),
            "enumerate at most N assignments"});
  Session s;
  if (int rc = openSpace(args, argc, argv, s); rc >= 0)
    return rc;
  int64_t limit = args.getInt("limit");
  auto model = SpaceModel::build(s.space);
  if (!args.has("unique") && !args.has("brute")) {
    std::string note;
    llvm::outs() << countCandidates(s.space, *model, limit, &note) << "\n";
    if (!note.empty())
      llvm::errs() << "note: " << note << "\n";
    return 0;
  }
  bool overflow = false;
  BigCount n = model->count(&overflow);
  if (overflow || n.ugt(uint64_t(limit))) {
    llvm::errs() << "error: " << (overflow ? "more than 2^512" : toString(n))
                 << " assignments: more than --limit " << limit
                 << " to enumerate, so the number of distinct architectures "
                    "is not computed\n";
    return 1;
  }
  uint64_t valid = 0;
  llvm::StringSet<> unique;
  CanonOptions canon = canonOptions(args);
  bool wantUnique = args.has("unique");
  forEachCandidate(s.space, *model, limit,
                   [&](const Assignment &, nas::SpaceOp c) {
                     ++valid;
                     if (wantUnique)
                       unique.insert(fingerprintNetwork(c, canon));
                   });
  llvm::outs() << (wantUnique ? unique.size() : valid) << "\n";
  if (wantUnique)
    llvm::errs() << "note: " << valid << " candidates, " << unique.size()
                 << " distinct after canonicalization\n";
  return 0;
}

static int printCandidate(Session &s, DictionaryAttr d, const std::string &to,
                          std::optional<CanonOptions> canon = std::nullopt,
                          bool ignoreConstraints = false,
                          llvm::raw_ostream &os = llvm::outs());

static const char *kSampleSummary = "draw candidates uniformly at random";

static int runSample(int argc, char **argv) {
  CommandLine args = spaceCommandLine("sample", kSampleSummary);
  addSeed(args);
  args.add({"count", ValueKind::Natural, "1", "how many candidates to draw"});
  args.flag("per-decision", "draw each active decision uniformly (not "
                            "uniformly over candidates)");
  args.add({"to", ValueKind::Choice, "decisions", "what to print",
            {"decisions", "mlir", "candidate", "dot"}});
  Session s;
  if (int rc = openSpace(args, argc, argv, s); rc >= 0)
    return rc;
  int64_t seed = args.getInt("seed"),
          count = args.getInt("count");
  auto model = SpaceModel::build(s.space);
  std::mt19937_64 rng(seed);
  for (int64_t i = 0; i < count; ++i) {
    auto a = sampleValid(s.space, *model, rng, args.has("per-decision"));
    if (!a) {
      llvm::errs() << "error: space @" << s.space.getSymName()
                   << " has no candidate that meets its constraints\n";
      return 1;
    }
    if (int rc = printCandidate(s, model->toDecisions(*a),
                                args.get("to")))
      return rc;
  }
  return 0;
}

static bool readAssignment(Session &s, const SpaceModel &model,
                           const std::string &text, Assignment &a) {
  DictionaryAttr d = readDecisions(&s.context, text);
  if (!d)
    return false;
  std::string error;
  if (checkedAssignment(s.space, model, d, a, error))
    return true;
  if (!error.empty())
    llvm::errs() << "error: " << error << "\n";
  return false;
}

static int runMutate(int argc, char **argv) {
  CommandLine args =
      spaceCommandLine("mutate", "change decisions of a candidate");
  args.add({"decisions", ValueKind::Text, "", kDecisionsHelp, {}, {},
            "required", "JSON|@FILE"});
  args.add({"k", ValueKind::Positive, "1", "how many decisions to change"});
  addSeed(args);
  Session s;
  if (int rc = openSpace(args, argc, argv, s); rc >= 0)
    return rc;
  int64_t seed = args.getInt("seed"), k = args.getInt("k");
  auto model = SpaceModel::build(s.space);
  Assignment parent, child;
  if (!readAssignment(s, *model, args.get("decisions"), parent))
    return 1;
  std::mt19937_64 rng(seed);
  std::string error;
  if (!mutateValid(s.space, *model, parent, k, rng, child, error)) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  llvm::outs() << printDecisions(model->toDecisions(child)) << "\n";
  return 0;
}

static int runCrossover(int argc, char **argv) {
  CommandLine args =
      spaceCommandLine("crossover", "mix the decisions of two candidates");
  args.add({"a", ValueKind::Text, "", "the first parent's decisions", {}, {},
            "required", "JSON|@FILE"});
  args.add({"b", ValueKind::Text, "", "the second parent's decisions", {}, {},
            "required", "JSON|@FILE"});
  addSeed(args);
  Session s;
  if (int rc = openSpace(args, argc, argv, s); rc >= 0)
    return rc;
  int64_t seed = args.getInt("seed");
  auto model = SpaceModel::build(s.space);
  Assignment a, b;
  if (!readAssignment(s, *model, args.get("a"), a) ||
      !readAssignment(s, *model, args.get("b"), b))
    return 1;
  std::mt19937_64 rng(seed);
  llvm::outs() << printDecisions(
                      model->toDecisions(model->crossover(a, b, rng)))
               << "\n";
  return 0;
}

static int runEnumerate(int argc, char **argv) {
  CommandLine args =
      spaceCommandLine("enumerate", "stream every candidate in order");
  args.add({"limit", ValueKind::Positive, std::to_string(INT64_MAX),
            "print at most N candidates", {}, {}, "all"});
  args.flag("fingerprint", "print each candidate's structural fingerprint too");
  addZeroAbsorbing(args);
  Session s;
  if (int rc = openSpace(args, argc, argv, s); rc >= 0)
    return rc;
  int64_t limit = args.getInt("limit");
  auto model = SpaceModel::build(s.space);
  int64_t n = 0;
  bool costBound = model->costBounds().any();
  bool withFingerprint = args.has("fingerprint");
  CanonOptions canon = canonOptions(args);
  model->enumerate([&](const Assignment &a) {
    DictionaryAttr d = model->toDecisions(a);
    std::string fp;
    if (costBound || withFingerprint) {
      auto m = specializeCopy(s.space, d);
      std::string why;
      if (!m || !meetsCostBounds(firstSpace(*m), *model, why))
        return true;
      if (withFingerprint)
        fp = "\t" + fingerprintNetwork(firstSpace(*m), canon);
    }
    llvm::outs() << printDecisions(d) << fp << "\n";
    return ++n < limit;
  });
  return 0;
}

/// Prints a candidate as decisions, MLIR, candidate JSON or Graphviz; with
/// `canon`, the network is put in canonical form first. A complete candidate
/// must meet the space's constraints unless `ignoreConstraints`.
static int printCandidate(Session &s, DictionaryAttr d, const std::string &to,
                          std::optional<CanonOptions> canon,
                          bool ignoreConstraints, llvm::raw_ostream &os) {
  if (to == "decisions") {
    os << printDecisions(d) << "\n";
    return 0;
  }
  if (to != "mlir" && to != "candidate" && to != "dot") {
    llvm::errs()
        << "error: --to must be decisions, mlir, candidate or dot, not '" << to
        << "'\n";
    return 2;
  }
  auto m = specializeCandidate(s.space, d, ignoreConstraints);
  if (!m)
    return 1;
  nas::SpaceOp c = firstSpace(*m);
  if (canon) {
    if (!isConcrete(c)) {
      c.emitError("--canonicalize needs a complete set of decisions");
      return 1;
    }
    if (failed(canonicalizeNetwork(c, *canon)))
      return 1;
  }
  if (to == "dot") {
    printNetworkDot(c, os);
  } else if (to == "candidate") {
    auto doc = lowerToCandidate(c);
    if (failed(doc))
      return 1;
    os << *doc << "\n";
  } else {
    m->print(os);
    os << "\n";
  }
  return 0;
}

static const char *kIgnoreConstraintsHelp =
    "build a candidate that breaks a constraint of the space";

/// What a candidate command prints for one set of decisions: its text on
/// `os`, 0 on success, else the exit code, with the error reported as a
/// diagnostic or set in `error` (printed by runOnDecisions).
using CandidateAction = llvm::function_ref<int(
    DictionaryAttr decisions, llvm::raw_ostream &os, std::string &error)>;

static const char *kBatchDecisionsHelp =
    "the decisions, as JSON or @FILE; @FILE.jsonl or @- (stdin): one "
    "decisions object per line, one result per line";

/// Whether --decisions names a batch (docs/decisions.md, "Batches"): a file
/// whose name ends in .jsonl, or @- for stdin. Any other @FILE holds one
/// JSON object, which may span several lines.
static bool isBatch(StringRef decisions) {
  return decisions == "@-" ||
         (decisions.starts_with("@") && decisions.ends_with(".jsonl"));
}

/// Runs `action` on every line of the batch `arg` (@FILE.jsonl or @-) and
/// prints one line per input line, in order. A bad line (unreadable JSON,
/// decisions the space rejects, a failed action) prints
/// {"error": "FILE:LINE[:COL]: why"} in its place, the same message goes to
/// stderr as FILE:LINE[:COL]: error: why, and the command goes on with the
/// next line and exits 1 at the end.
static int runBatch(Session &s, const CommandLine &args, StringRef arg,
                    CandidateAction action) {
  std::string path = arg.drop_front().str();
  std::string name = path == "-" ? "<stdin>" : path;
  if (path == "-" && args.positionals.at(0) == "-") {
    llvm::errs() << "error: --decisions @- and the space FILE '-' cannot "
                    "both read stdin\n";
    return 1;
  }
  auto buf = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!buf) {
    llvm::errs() << "error: cannot read decisions file '" << name
                 << "': " << buf.getError().message() << "\n";
    return 1;
  }
  // The diagnostics of one line, caught to be printed with its location.
  std::string diagnostic;
  ScopedDiagnosticHandler catcher(&s.context, [&](Diagnostic &d) {
    if (d.getSeverity() != DiagnosticSeverity::Error)
      return failure(); // warnings and notes print as usual
    if (diagnostic.empty())
      diagnostic = d.str();
    return success();
  });
  bool anyFailed = false;
  forEachDecisionsLine(&s.context, (*buf)->getBuffer(),
                       [&](const DecisionsLine &l) {
    std::string out, error;
    diagnostic.clear();
    if (l.decisions) {
      llvm::raw_string_ostream os(out);
      if (action(l.decisions, os, error) != 0 && error.empty())
        error = diagnostic.empty() ? "the command failed" : diagnostic;
    } else {
      error = l.error;
    }
    if (error.empty()) {
      llvm::outs() << out;
      return true;
    }
    anyFailed = true;
    std::string where = name + ":" + std::to_string(l.number) +
                        (l.column ? ":" + std::to_string(l.column) : "");
    llvm::errs() << where << ": error: " << error << "\n";
    llvm::outs() << llvm::json::Value(llvm::json::Object{
                        {"error", where + ": " + error}})
                 << "\n";
    return true;
  });
  return anyFailed ? 1 : 0;
}

/// Runs `action` on the decisions of --decisions: one set (JSON or @FILE),
/// or a batch (runBatch).
static int runOnDecisions(Session &s, const CommandLine &args,
                          CandidateAction action) {
  std::string arg = args.get("decisions");
  if (isBatch(arg))
    return runBatch(s, args, arg, action);
  DictionaryAttr d = readDecisions(&s.context, arg);
  if (!d)
    return 1;
  std::string error;
  int rc = action(d, llvm::outs(), error);
  if (!error.empty())
    llvm::errs() << "error: " << error << "\n";
  return rc;
}

/// A candidate document on one line (the writer indents it).
static std::string oneLine(StringRef json) {
  auto v = llvm::json::parse(json);
  if (!v) {
    llvm::consumeError(v.takeError());
    return json.str();
  }
  std::string text;
  llvm::raw_string_ostream(text) << *v;
  return text;
}

static int runSpecialize(int argc, char **argv) {
  CommandLine args = spaceCommandLine(
      "specialize", "resolve decisions into a concrete network");
  args.add({"decisions", ValueKind::Text, "{}", kBatchDecisionsHelp, {}, {},
            "", "JSON|@FILE"});
  args.add({"to", ValueKind::Choice, "mlir",
            "what to print (a batch: candidate or decisions, one a line)",
            {"mlir", "candidate", "dot", "decisions"}});
  args.flag("canonicalize", "put the network in canonical form first");
  addZeroAbsorbing(args);
  args.flag(kIgnoreConstraints, kIgnoreConstraintsHelp);
  Session s;
  if (int rc = openSpace(args, argc, argv, s); rc >= 0)
    return rc;
  std::string to = args.get("to");
  bool batch = isBatch(args.get("decisions"));
  if (batch && to != "candidate" && to != "decisions") {
    llvm::errs() << "error: --to " << to
                 << " prints several lines per candidate; a batch of "
                    "decisions (--decisions "
                 << args.get("decisions")
                 << ") takes --to candidate or --to decisions\n";
    return 2;
  }
  std::optional<CanonOptions> canon;
  if (args.has("canonicalize"))
    canon = canonOptions(args);
  bool ignore = args.has(kIgnoreConstraints);
  return runOnDecisions(s, args, [&](DictionaryAttr d, llvm::raw_ostream &os,
                                     std::string &) {
    if (!batch || to != "candidate")
      return printCandidate(s, d, to, canon, ignore, os);
    std::string doc;
    llvm::raw_string_ostream text(doc);
    int rc = printCandidate(s, d, to, canon, ignore, text);
    if (rc == 0)
      os << oneLine(doc) << "\n";
    return rc;
  });
}

static int runFingerprint(int argc, char **argv) {
  CommandLine args = spaceCommandLine(
      "fingerprint", "structural fingerprint of a candidate");
  args.add({"decisions", ValueKind::Text, "{}", kBatchDecisionsHelp, {}, {},
            "", "JSON|@FILE"});
  addZeroAbsorbing(args);
  Session s;
  if (int rc = openSpace(args, argc, argv, s); rc >= 0)
    return rc;
  CanonOptions canon = canonOptions(args);
  return runOnDecisions(s, args, [&](DictionaryAttr d, llvm::raw_ostream &os,
                                     std::string &) {
    auto m = specializeCopy(s.space, d);
    if (!m)
      return 1;
    nas::SpaceOp c = firstSpace(*m);
    if (!isConcrete(c)) {
      c.emitError("a fingerprint needs a complete set of decisions");
      return 1;
    }
    os << fingerprintNetwork(c, canon) << "\n";
    return 0;
  });
}

/// Prints the cost of a concrete network, or the min/max range over the
/// decisions still open in `space` (never a sum over alternatives): params,
/// flops (a multiply-add counts 2) and macs (multiply-accumulates of
/// convolutions and linear layers), docs/language.md "Cost".
static int printCost(nas::SpaceOp space, llvm::raw_ostream &os,
                     std::string &error, bool flopsAsMacs) {
  std::string json;
  if (!costJson(space, json, error, flopsAsMacs))
    return 1;
  os << json << "\n";
  return 0;
}

static const char *kCostSummary =
    "params, FLOPs and MACs of a candidate or a space";

static int runCost(int argc, char **argv) {
  CommandLine args = spaceCommandLine("cost", kCostSummary);
  args.add({"decisions", ValueKind::Text, "",
            "the candidate's decisions, as JSON or @FILE; @FILE.jsonl or @- "
            "(stdin): one decisions object per line, one cost per line",
            {}, {}, "the whole space's range", "JSON|@FILE"});
  args.flag(kIgnoreConstraints, kIgnoreConstraintsHelp);
  args.add({search::kFlopsOption, ValueKind::Choice, search::kFlopsNasir,
            "what `flops` (flops_min/_max) holds: nasir's count (a "
            "multiply-add is 2, element-wise work counts) or macs "
            "(multiply-accumulates of convolutions and linear layers; the "
            "object then ends with \"flops_convention\": \"macs\")",
            search::kFlopsConventions});
  Session s;
  if (int rc = openSpace(args, argc, argv, s); rc >= 0)
    return rc;
  bool flopsAsMacs = args.get(search::kFlopsOption) == search::kFlopsMacs;
  if (!args.has("decisions")) {
    std::string error;
    int rc = printCost(s.space, llvm::outs(), error, flopsAsMacs);
    if (!error.empty())
      llvm::errs() << "error: " << error << "\n";
    return rc;
  }
  bool ignore = args.has(kIgnoreConstraints);
  return runOnDecisions(s, args, [&](DictionaryAttr d, llvm::raw_ostream &os,
                                     std::string &error) {
    auto m = specializeCandidate(s.space, d, ignore);
    if (!m)
      return 1;
    return printCost(firstSpace(*m), os, error, flopsAsMacs);
  });
}

static Command count{"count", kCountSummary, runCount};
static Command sample{"sample", kSampleSummary, runSample};
static Command mutate{"mutate", "change decisions of a candidate", runMutate};
static Command crossover{"crossover", "mix the decisions of two candidates",
                         runCrossover};
static Command enumerate{"enumerate", "stream every candidate in order",
                         runEnumerate};
static Command specialize{
    "specialize", "resolve decisions into a concrete network", runSpecialize};
static Command fingerprint{
    "fingerprint", "structural fingerprint of a candidate", runFingerprint};
static Command cost{"cost", kCostSummary, runCost};
