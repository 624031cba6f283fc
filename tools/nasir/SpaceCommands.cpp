//===- SpaceCommands.cpp - count, sample, mutate, crossover, enumerate ----===//
//
// The search-as-transformation subcommands. Each prints candidates as one
// line of decisions JSON (docs/decisions.md) and accepts them back with
// --decisions JSON or --decisions @FILE.
//
//===----------------------------------------------------------------------===//
#include "dialect/NN/NNOps.h"
#include "lib/Export/Escape.h"
#include "lib/Transforms/CandidateCount.h"
#include "lib/Transforms/CandidateLowering.h"
#include "lib/Transforms/Canonicalize.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Specialize.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"
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

/// Draws a candidate that also meets the params/flops bounds.
static std::optional<Assignment> drawValid(Session &s, const SpaceModel &model,
                                           std::mt19937_64 &rng,
                                           bool perDecision) {
  for (int attempt = 0; attempt < 10000; ++attempt) {
    Assignment a =
        perDecision ? model.samplePerDecision(rng) : model.sample(rng);
    if (a.empty() && !model.root().sites.empty())
      return std::nullopt;
    if (model.paramsBound < 0 && model.flopsBound < 0)
      return a;
    auto m = specializeCopy(s.space, model.toDecisions(a));
    std::string why;
    if (m && meetsCostBounds(firstSpace(*m), model, why))
      return a;
  }
  return std::nullopt;
}

static int printCandidate(Session &s, DictionaryAttr d, const std::string &to,
                          std::optional<CanonOptions> canon = std::nullopt,
                          bool ignoreConstraints = false);

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
    auto a = drawValid(s, *model, rng, args.has("per-decision"));
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
  // Specializing checks the decisions as every command does (docs/decisions.md).
  if (!d || !specializeCopy(s.space, d))
    return false;
  std::string error;
  if (!model.fromDecisions(d, a, error) || !model.isComplete(a, error) ||
      !model.satisfies(a, &error)) {
    llvm::errs() << "error: decisions: " << error << "\n";
    return false;
  }
  return true;
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
  for (int attempt = 0; attempt < 1000; ++attempt) {
    if (!model->mutate(parent, k, rng, child, error)) {
      llvm::errs() << "error: " << error << "\n";
      return 1;
    }
    auto m = specializeCopy(s.space, model->toDecisions(child));
    std::string why;
    if (m && meetsCostBounds(firstSpace(*m), *model, why)) {
      llvm::outs() << printDecisions(model->toDecisions(child)) << "\n";
      return 0;
    }
  }
  llvm::errs() << "error: no mutation meets the space's constraints\n";
  return 1;
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
  bool costBound = model->paramsBound >= 0 || model->flopsBound >= 0;
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

/// Graphviz of a concrete network: one node per layer, edges along tensors.
static void printDot(nas::SpaceOp space, llvm::raw_ostream &os) {
  os << "digraph " << exporter::dotString(space.getSymName()) << " {\n"
     << "  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", "
        "fontname=\"Helvetica\", fillcolor=\"#eef3fb\"];\n";
  llvm::DenseMap<Value, unsigned> ids;
  unsigned next = 0;
  for (Operation &op : space.getBlock()) {
    if (!isa<nn::LayerOpInterface>(op))
      continue;
    unsigned id = next++;
    std::vector<std::string> label = {op.getName().stripDialect().str()};
    // The attributes that tell layers apart; defaults (stride 1, ...) hidden.
    for (NamedAttribute a : op.getAttrs()) {
      StringRef name = a.getName().getValue();
      auto i = dyn_cast<IntegerAttr>(a.getValue());
      if (!i || i.getType().isInteger(1) || name.starts_with("nas.") ||
          name == "padding" ||
          (name != "out_channels" && name != "out_features" &&
           name != "kernel" && i.getInt() == 1))
        continue;
      label.push_back(name.str() + "=" + std::to_string(i.getInt()));
    }
    Type t = op.getNumResults() ? op.getResult(0).getType() : Type();
    if (auto rt = dyn_cast_or_null<RankedTensorType>(t)) {
      std::string shape = "[";
      for (auto [i, d] : llvm::enumerate(rt.getShape().drop_front()))
        shape += (i ? "x" : "") + std::to_string(d);
      label.push_back(shape + "]");
    }
    const char *fill = isa<nn::Conv2dOp, nn::LinearOp>(op) ? "#cfe0f7"
                       : isa<nn::ZeroOp>(op)               ? "#eeeeee"
                       : isa<nn::AddOp, nn::ConcatOp>(op)  ? "#fbe3c9"
                                                           : "#eef3fb";
    os << "  n" << id << " [label=" << exporter::dotLabel(label)
       << ", fillcolor=\"" << fill << "\"];\n";
    for (Value in : op.getOperands())
      if (ids.count(in))
        os << "  n" << ids[in] << " -> n" << id << ";\n";
    if (op.getNumResults())
      ids[op.getResult(0)] = id;
  }
  os << "}\n";
}

/// Prints a candidate as decisions, MLIR, candidate JSON or Graphviz; with
/// `canon`, the network is put in canonical form first. A complete candidate
/// must meet the space's constraints unless `ignoreConstraints`.
static int printCandidate(Session &s, DictionaryAttr d, const std::string &to,
                          std::optional<CanonOptions> canon,
                          bool ignoreConstraints) {
  if (to == "decisions") {
    llvm::outs() << printDecisions(d) << "\n";
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
    printDot(c, llvm::outs());
  } else if (to == "candidate") {
    auto doc = lowerToCandidate(c);
    if (failed(doc))
      return 1;
    llvm::outs() << *doc << "\n";
  } else {
    m->print(llvm::outs());
    llvm::outs() << "\n";
  }
  return 0;
}

static const char *kIgnoreConstraintsHelp =
    "build a candidate that breaks a constraint of the space";

static int runSpecialize(int argc, char **argv) {
  CommandLine args = spaceCommandLine(
      "specialize", "resolve decisions into a concrete network");
  args.add({"decisions", ValueKind::Text, "{}", kDecisionsHelp, {}, {}, "",
            "JSON|@FILE"});
  args.add({"to", ValueKind::Choice, "mlir", "what to print",
            {"mlir", "candidate", "dot", "decisions"}});
  args.flag("canonicalize", "put the network in canonical form first");
  addZeroAbsorbing(args);
  args.flag(kIgnoreConstraints, kIgnoreConstraintsHelp);
  Session s;
  if (int rc = openSpace(args, argc, argv, s); rc >= 0)
    return rc;
  DictionaryAttr d = readDecisions(&s.context, args.get("decisions"));
  if (!d)
    return 1;
  std::optional<CanonOptions> canon;
  if (args.has("canonicalize"))
    canon = canonOptions(args);
  return printCandidate(s, d, args.get("to"), canon,
                        args.has(kIgnoreConstraints));
}

static int runFingerprint(int argc, char **argv) {
  CommandLine args = spaceCommandLine(
      "fingerprint", "structural fingerprint of a candidate");
  args.add({"decisions", ValueKind::Text, "{}", kDecisionsHelp, {}, {}, "",
            "JSON|@FILE"});
  addZeroAbsorbing(args);
  Session s;
  if (int rc = openSpace(args, argc, argv, s); rc >= 0)
    return rc;
  DictionaryAttr d = readDecisions(&s.context, args.get("decisions"));
  if (!d)
    return 1;
  auto m = specializeCopy(s.space, d);
  if (!m)
    return 1;
  nas::SpaceOp c = firstSpace(*m);
  if (!isConcrete(c)) {
    c.emitError("a fingerprint needs a complete set of decisions");
    return 1;
  }
  llvm::outs() << fingerprintNetwork(c, canonOptions(args)) << "\n";
  return 0;
}

/// Whether the decision of site `op` decides a shape: its alternatives yield
/// different types (a choice), or its result has an open dimension beyond the
/// batch (a pick, a repeat).
static bool leavesShapeOpen(Operation *op) {
  if (auto choice = dyn_cast<nas::ChoiceOp>(op))
    return llvm::any_of(choice.getAlternatives(), [&](Region &alt) {
      return alt.front().getTerminator()->getOperandTypes() !=
             choice.getAlternatives().front().front().getTerminator()->getOperandTypes();
    });
  return llvm::any_of(op->getResultTypes(), [](Type t) {
    auto rt = dyn_cast<RankedTensorType>(t);
    return rt && llvm::any_of(rt.getShape().drop_front(), ShapedType::isDynamic);
  });
}

/// The labels of the outermost open sites of `space` that decide a shape,
/// without repetitions: "'a', 'b'" (the first 8, then "...").
static std::string shapeDecidingLabels(nas::SpaceOp space) {
  llvm::SetVector<StringRef> labels;
  space.getBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (!isa<nas::ChoiceOp, nas::RepeatOp, nas::SelectOp>(op) ||
        !leavesShapeOpen(op))
      return WalkResult::advance();
    labels.insert(op->getAttrOfType<StringAttr>("label").getValue());
    return WalkResult::skip();
  });
  std::string text;
  for (auto [i, l] : llvm::enumerate(labels)) {
    if (i == 8) {
      text += ", ...";
      break;
    }
    text += (i ? ", '" : "'") + l.str() + "'";
  }
  return text;
}

/// Prints the cost of a concrete network, or the min/max range over the
/// decisions still open in `space` (never a sum over alternatives).
static int printCost(nas::SpaceOp space) {
  if (isConcrete(space)) {
    auto c = costOf(space);
    if (!c)
      return 1;
    llvm::outs() << "{\"params\": " << c->params << ", \"flops\": " << c->flops
                 << "}\n";
    return 0;
  }
  auto r = costRange(space);
  if (!r) {
    std::string labels = shapeDecidingLabels(space);
    llvm::errs() << "error: the cost of @" << space.getSymName()
                 << " depends on shapes that open decisions decide; decide "
                 << (labels.empty() ? "every open decision" : labels)
                 << " (or enumerate: nasir enumerate | nasir cost)\n";
    return 1;
  }
  llvm::outs() << "{\"params_min\": " << r->minimum.params
               << ", \"params_max\": " << r->maximum.params
               << ", \"flops_min\": " << r->minimum.flops
               << ", \"flops_max\": " << r->maximum.flops
               << ", \"exact\": " << (r->exact ? "true" : "false") << "}\n";
  return 0;
}

static const char *kCostSummary = "params and FLOPs of a candidate or a space";

static int runCost(int argc, char **argv) {
  CommandLine args = spaceCommandLine("cost", kCostSummary);
  args.add({"decisions", ValueKind::Text, "",
            "the candidate's decisions, as JSON or @FILE", {}, {},
            "the whole space's range", "JSON|@FILE"});
  args.flag(kIgnoreConstraints, kIgnoreConstraintsHelp);
  Session s;
  if (int rc = openSpace(args, argc, argv, s); rc >= 0)
    return rc;
  if (!args.has("decisions"))
    return printCost(s.space);
  DictionaryAttr d = readDecisions(&s.context, args.get("decisions"));
  if (!d)
    return 1;
  auto m = specializeCandidate(s.space, d, args.has(kIgnoreConstraints));
  if (!m)
    return 1;
  return printCost(firstSpace(*m));
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
