//===- NasirModule.cpp - the `nasir._nasir` extension module --------------===//
//
// The C++ half of `import nasir` (docs/python.md): a space loaded through the
// compiler's own code (lib/Driver, lib/Transforms, the frontend) and the
// candidates its decisions select. Decisions and results cross as JSON text,
// the CLI's formats; the Python half (nasir/__init__.py) turns them into
// dicts. Every diagnostic a call emits is caught, rendered as the CLI prints
// it (`file:line:col: error: ...` with the source line), and raised as
// nasir.Error (a ValueError); warnings of a successful call become Python
// warnings. No MLIR frame is ever unwound by an exception: calls run to their
// end, then the module throws.
//
//===----------------------------------------------------------------------===//
#include "dialect/NAS/NASOps.h"
#include "lib/Driver/CandidateSelection.h"
#include "lib/Driver/CostReport.h"
#include "lib/Driver/DecisionSpace.h"
#include "lib/Driver/NetworkDot.h"
#include "lib/Driver/SpaceCheck.h"
#include "lib/Driver/SpaceInput.h"
#include "lib/Layers/Candidate.h"
#include "lib/Search/Experiment.h"
#include "lib/Search/LearningCurve.h"
#include "lib/Search/ProcessIdentity.h"
#include "lib/Search/Report.h"
#include "lib/Search/Store.h"
#include "lib/Search/WorkQueue.h"
#include "lib/Transforms/CandidateCount.h"
#include "lib/Transforms/CandidateLowering.h"
#include "lib/Transforms/Canonicalize.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/DatasetBinding.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Specialize.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <unistd.h>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace py = pybind11;
using namespace nasir;

namespace {

/// A user-facing error: raised in Python as nasir.Error.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The most labels and conditions Space.labels() lists.
constexpr size_t kLabelsLimit = 200000;

/// One loaded space: its context, the sources its locations point into, the
/// diagnostics of the call in progress, the module and the chosen space.
struct SpaceState {
  mlir::MLIRContext context{mlir::MLIRContext::Threading::DISABLED};
  llvm::SourceMgr sourceMgr;
  std::string diagnostics;
  llvm::raw_string_ostream diagnosticStream{diagnostics};
  std::unique_ptr<mlir::SourceMgrDiagnosticHandler> handler;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  nas::SpaceOp space;
  std::unique_ptr<SpaceModel> model;

  SpaceState() {
    prepareSpaceContext(context);
    handler = std::make_unique<mlir::SourceMgrDiagnosticHandler>(
        sourceMgr, &context, diagnosticStream);
  }

  const SpaceModel &spaceModel() {
    if (!model)
      model = SpaceModel::build(space);
    return *model;
  }

  /// Starts a call: forgets the diagnostics of the previous one.
  void begin() { diagnostics.clear(); }

  /// The error of a failed call: what its diagnostics said, else `fallback`.
  [[noreturn]] void fail(const std::string &fallback = "") {
    std::string text = llvm::StringRef(diagnostics).rtrim().str();
    if (text.empty())
      text = fallback.empty() ? "the operation failed" : fallback;
    diagnostics.clear();
    throw Error(text);
  }

  /// A successful call's warnings, as Python warnings.
  void end() {
    std::string text = llvm::StringRef(diagnostics).rtrim().str();
    diagnostics.clear();
    if (!text.empty() &&
        PyErr_WarnEx(PyExc_UserWarning, text.c_str(), 2) != 0)
      throw py::error_already_set();
  }

  /// Decisions from JSON text (the CLI's --decisions).
  mlir::DictionaryAttr decisions(const std::string &json) {
    std::string error;
    mlir::DictionaryAttr d = parseDecisions(&context, json, error);
    if (!d)
      throw Error("decisions: " + error);
    return d;
  }
};

std::vector<int64_t> shapeOf(const py::object &input) {
  if (input.is_none())
    return {};
  if (py::isinstance<py::str>(input)) {
    std::vector<int64_t> shape = parseShape(input.cast<std::string>());
    if (shape.empty())
      throw Error("input '" + input.cast<std::string>() +
                  "' is not a shape like 1x28x28");
    return shape;
  }
  std::vector<int64_t> shape;
  try {
    shape = input.cast<std::vector<int64_t>>();
  } catch (const py::cast_error &) {
    throw Error("input must be a shape: a sequence of positive integers or "
                "a string like 1x28x28");
  }
  if (shape.empty())
    throw Error("input must have at least one dimension");
  for (int64_t d : shape)
    if (d < 1)
      throw Error("input dimensions must be positive, not " +
                  std::to_string(d));
  return shape;
}

/// Compiles `buffer` (a file's text or the text given) and picks the space.
std::shared_ptr<SpaceState> openSpace(std::unique_ptr<llvm::MemoryBuffer> buffer,
                                      bool isMlir, const std::string &spaceName,
                                      const py::object &input,
                                      std::optional<int64_t> classes) {
  auto s = std::make_shared<SpaceState>();
  std::vector<int64_t> shape = shapeOf(input);
  if (classes && *classes < 1)
    throw Error("classes must be positive, not " + std::to_string(*classes));
  std::string name = buffer->getBufferIdentifier().str();
  SpaceInputOptions options;
  if (!isMlir && !shape.empty())
    options.input = shape;
  if (!isMlir)
    options.classes = classes;
  unsigned buf = s->sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  s->begin();
  s->module = loadSpaceBuffer(buf, isMlir, s->context, s->sourceMgr, options);
  if (!s->module)
    s->fail(name + ": the space does not compile");
  for (auto sp : s->module->getOps<nas::SpaceOp>())
    if (spaceName.empty() || sp.getSymName() == spaceName) {
      s->space = sp;
      break;
    }
  if (!s->space)
    s->fail(spaceName.empty() ? name + ": the file declares no space"
                              : name + ": no space named '" + spaceName + "'");
  if (isMlir && (!shape.empty() || classes) &&
      failed(bindDataset(s->space, shape, classes.value_or(0))))
    s->fail("cannot bind the dataset");
  s->end();
  return s;
}

/// A candidate: the specialized module, in its space's context.
struct CandidateState {
  std::shared_ptr<SpaceState> state; // outlives `module` (declared first)
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::string decisions;

  nas::SpaceOp network() { return firstSpace(*module); }

  Cost cost() {
    nas::SpaceOp c = network();
    if (!isConcrete(c))
      throw Error("the candidate leaves decisions open; its cost is a "
                  "range: Space.cost(decisions)");
    std::optional<Cost> cost = costOf(c);
    if (!cost)
      throw Error("the cost of @" + c.getSymName().str() + " is not known");
    return *cost;
  }

  std::string toJson() {
    state->begin();
    mlir::FailureOr<std::string> doc = lowerToCandidate(network());
    if (failed(doc))
      state->fail("the candidate cannot be written as a candidate document");
    state->end();
    return *doc;
  }

  std::string toMlir() {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    return text;
  }

  std::string toDot() {
    std::string text;
    llvm::raw_string_ostream os(text);
    printNetworkDot(network(), os);
    return text;
  }
};

class Space {
public:
  explicit Space(std::shared_ptr<SpaceState> s) : s(std::move(s)) {}

  std::string name() const { return s->space.getSymName().str(); }

  /// The exact count as decimal text, or with `allowBound` the upper bound
  /// `<= N` gives; an error otherwise (and past the exact range).
  std::string count(uint64_t limit, bool allowBound) {
    s->begin();
    std::string note;
    std::string n = countCandidates(s->space, s->spaceModel(), limit, &note);
    s->end();
    auto isNumber = [](llvm::StringRef t) {
      return !t.empty() && llvm::all_of(t, [](char c) { return c >= '0' && c <= '9'; });
    };
    if (isNumber(n))
      return n;
    llvm::StringRef bound = llvm::StringRef(n);
    bool isBound = bound.consume_front("<= ") && isNumber(bound);
    if (isBound && allowBound)
      return bound.str();
    throw Error("the count is not exact: " + n + (note.empty() ? "" : " (" + note + ")") +
                (isBound ? "; count(allow_bound=True) returns the bound" : ""));
  }

  std::string labels() {
    std::string error;
    auto labels = describeDecisions(s->space, s->spaceModel(), kLabelsLimit, error);
    if (!labels)
      throw Error(error);
    std::string text;
    llvm::raw_string_ostream(text) << llvm::json::Value(std::move(*labels));
    return text;
  }

  std::string sample(uint64_t seed, bool perDecision) {
    const SpaceModel &model = s->spaceModel();
    std::mt19937_64 rng(seed);
    s->begin();
    auto a = sampleValid(s->space, model, rng, perDecision);
    s->diagnostics.clear(); // rejected draws' diagnostics
    if (!a)
      throw Error("space @" + name() +
                  " has no candidate that meets its constraints");
    return printDecisions(model.toDecisions(*a));
  }

  std::string mutate(const std::string &json, uint64_t seed, unsigned k) {
    if (k < 1)
      throw Error("k must be at least 1");
    const SpaceModel &model = s->spaceModel();
    s->begin();
    Assignment parent, child;
    std::string error;
    if (!checkedAssignment(s->space, model, s->decisions(json), parent, error))
      s->fail(error);
    s->diagnostics.clear();
    std::mt19937_64 rng(seed);
    if (!mutateValid(s->space, model, parent, k, rng, child, error)) {
      s->diagnostics.clear();
      throw Error(error);
    }
    s->diagnostics.clear();
    return printDecisions(model.toDecisions(child));
  }

  std::string fingerprint(const std::string &json, bool zeroAbsorbing) {
    s->begin();
    auto m = specializeInNewModule(s->space, s->decisions(json));
    if (!m)
      s->fail("the decisions do not specialize the space");
    nas::SpaceOp c = firstSpace(*m);
    if (!isConcrete(c)) {
      c.emitError("a fingerprint needs a complete set of decisions");
      s->fail();
    }
    CanonOptions canon;
    canon.zeroAbsorbing = zeroAbsorbing;
    std::string fp = fingerprintNetwork(c, canon);
    s->end();
    return fp;
  }

  std::string cost(const std::optional<std::string> &json,
                   bool ignoreConstraints) {
    s->begin();
    std::string out, error;
    if (!json) {
      if (!costJson(s->space, out, error))
        s->fail(error);
      s->end();
      return out;
    }
    auto m = specializeCandidate(s->space, s->decisions(*json),
                                 ignoreConstraints, kOverrideHint);
    if (!m)
      s->fail("the decisions do not specialize the space");
    if (!costJson(firstSpace(*m), out, error))
      s->fail(error);
    s->end();
    return out;
  }

  py::dict check() {
    s->begin();
    if (failed(verifySpaces(*s->module)))
      s->fail();
    s->end();
    SpaceSummary sum = summarizeSpaces(*s->module);
    py::dict d;
    d["spaces"] = sum.spaces;
    d["labels"] = sum.labels;
    d["choices"] = sum.choices;
    d["repeats"] = sum.repeats;
    d["selects"] = sum.selects;
    d["ops"] = sum.ops;
    return d;
  }

  std::shared_ptr<CandidateState> specialize(const std::string &json,
                                             bool ignoreConstraints) {
    s->begin();
    mlir::DictionaryAttr d = s->decisions(json);
    auto m = specializeCandidate(s->space, d, ignoreConstraints, kOverrideHint);
    if (!m)
      s->fail("the decisions do not specialize the space");
    s->end();
    auto c = std::make_shared<CandidateState>();
    c->state = s;
    c->module = std::move(m);
    c->decisions = printDecisions(d);
    return c;
  }

  std::string toMlir() {
    std::string text;
    llvm::raw_string_ostream os(text);
    s->space->print(os);
    return text;
  }

private:
  static constexpr const char *kOverrideHint =
      "ignore_constraints=True builds it anyway";
  std::shared_ptr<SpaceState> s;
};

/// The candidate document as the one reader (lib/Layers) reads it: every
/// attribute typed and filled with its default, each node's input shapes.
std::string readCandidate(const std::string &json) {
  layers::Candidate c;
  std::string error;
  if (!layers::parseCandidate(json, c, error))
    throw Error("not a valid nasir candidate: " + error);
  std::vector<std::vector<layers::Shape>> inShapes = layers::inputShapes(c);
  llvm::json::Array nodes;
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const layers::CandidateNode &n = c.nodes[i];
    llvm::json::Object attrs;
    for (const layers::AttrSchema &a : layers::findLayer(n.op)->attrs) {
      double v = n.attr(a.name);
      if (a.type == layers::AttrType::Int)
        attrs[a.name] = int64_t(v);
      else if (a.type == layers::AttrType::Bool)
        attrs[a.name] = v != 0.0;
      else
        attrs[a.name] = v;
    }
    llvm::json::Array shapes;
    for (const layers::Shape &s : inShapes[i])
      shapes.push_back(llvm::json::Array(s));
    nodes.push_back(llvm::json::Object{{"id", n.id},
                                       {"op", n.op},
                                       {"inputs", llvm::json::Array(n.inputs)},
                                       {"shape", llvm::json::Array(n.shape)},
                                       {"input_shapes", std::move(shapes)},
                                       {"attrs", std::move(attrs)}});
  }
  std::string text;
  llvm::raw_string_ostream(text) << llvm::json::Value(llvm::json::Object{
      {"space", c.space},
      {"input", llvm::json::Array(c.input)},
      {"num_classes", c.numClasses},
      {"nodes", std::move(nodes)}});
  return text;
}

std::unique_ptr<llvm::MemoryBuffer> readFile(const std::string &path) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!file)
    throw Error("cannot read '" + path + "': " + file.getError().message());
  return std::move(*file);
}

/// One process's side of a search's work queue (Store.h): it asks for
/// trials the search (`nasir search --jobs 0`) offered, as a `nasir worker`
/// does (claim under a lease), and tells their results (finishClaimed), which
/// the search observes. Every blocking store call runs without the GIL.
class StudyClient {
public:
  StudyClient(const std::string &location, double leaseSeconds)
      : lease(leaseSeconds) {
    if (leaseSeconds < 1)
      throw Error("lease must be at least 1 second");
    std::string error;
    {
      py::gil_scoped_release unlocked;
      store = search::openStore(location, error);
    }
    if (!store)
      throw Error(error);
    search::ExperimentInfo info;
    if (!store->hasExperiment() || !store->loadExperiment(info))
      throw Error(location + ": the store holds no experiment; start one with "
                             "`nasir search ... --store " + location +
                  " --jobs 0`");
    me.host = search::hostName();
    me.pid = (int64_t)getpid();
    me.identity = search::processIdentity(me.pid);
    me.device = "python";
    me.jobs = 1;
  }

  ~StudyClient() { close(); }

  /// The next offered trial as (id, decisions JSON, epochs), None when none
  /// is offered now; raises when the search is finished and nothing is left.
  py::object ask() {
    std::optional<search::Trial> t;
    bool ok, finished = false;
    std::string error;
    {
      py::gil_scoped_release unlocked;
      ok = beat(error) && store->claim(me, lease, t);
      if (ok && !t)
        ok = store->isFinished(finished);
    }
    if (!ok)
      throw Error("the store: " + (error.empty() ? store->lastError() : error));
    if (!t)
      return finished ? py::object(py::str("finished")) : py::object(py::none());
    held[t->id] = *t;
    return py::make_tuple(t->id, t->decisions, t->epochs);
  }

  /// `curve`: the trial's learning curve as JSON text (LearningCurve.h's
  /// fields; nasir/__init__.py checked it already, curveFromJson checks it
  /// again, the store's own reader), None for none.
  void tell(int64_t id, const std::map<std::string, double> &metrics,
            const std::optional<std::string> &failed, double seconds,
            const std::optional<std::string> &curve) {
    search::Curve points;
    if (curve) {
      std::string error;
      if (!search::parseStoredCurve(*curve, points, error))
        throw Error(error);
    }
    auto it = held.find(id);
    if (it == held.end())
      throw Error(told.count(id) ? "trial " + std::to_string(id) +
                                       " was told already"
                                 : "trial " + std::to_string(id) +
                                       " was not asked by this study");
    search::Trial t = it->second;
    t.status = failed ? search::TrialStatus::Failed : search::TrialStatus::Ok;
    t.metrics = failed ? search::Metrics{} : search::Metrics(metrics.begin(), metrics.end());
    t.error = failed.value_or("");
    t.finished = search::wallClock();
    t.evalSeconds = seconds;
    t.curve = std::move(points);
    bool accepted = false, ok;
    {
      py::gil_scoped_release unlocked;
      ok = store->finishClaimed(t, me, accepted);
    }
    if (!ok)
      throw Error("the store: " + store->lastError());
    held.erase(it);
    told.insert(id);
    if (!accepted)
      throw Error("trial " + std::to_string(id) +
                  " was told after its lease ran out (no beat for " +
                  std::to_string((int)lease) +
                  " s): it went back to the queue and this result is dropped");
  }

  /// Renews the leases of the trials this process holds (call it during a
  /// long training); the ids it lost.
  std::vector<int64_t> heartbeat() {
    std::string error;
    std::vector<int64_t> lost;
    bool ok;
    {
      py::gil_scoped_release unlocked;
      ok = beat(error, &lost);
    }
    if (!ok)
      throw Error("the store: " + error);
    for (int64_t id : lost)
      held.erase(id);
    return lost;
  }

  void close() {
    if (!store)
      return;
    py::gil_scoped_release unlocked;
    // The trials asked and not told go back to the queue now, not when
    // their lease would run out: their leases end (renewed to the past),
    // and expired leases are queued again.
    std::vector<int64_t> ids, lost;
    for (auto &[id, t] : held)
      ids.push_back(id);
    std::vector<search::Trial> requeued;
    if (!ids.empty() && store->renewLeases(me, ids, -1, lost))
      store->requeueExpired(requeued);
    held.clear();
    store->workerGone(me);
    store.reset();
  }

private:
  bool beat(std::string &error, std::vector<int64_t> *lostOut = nullptr) {
    if (!store) {
      error = "the study is closed";
      return false;
    }
    std::vector<int64_t> ids, lost;
    for (auto &[id, t] : held)
      ids.push_back(id);
    std::vector<search::Trial> requeued;
    if (!store->workerBeat(me) || !store->renewLeases(me, ids, lease, lost) ||
        !store->requeueExpired(requeued)) {
      error = store->lastError();
      return false;
    }
    if (lostOut)
      *lostOut = lost;
    return true;
  }

  std::unique_ptr<search::Store> store;
  search::WorkerInfo me;
  double lease;
  std::map<int64_t, search::Trial> held;
  std::set<int64_t> told;
};

/// The live process that holds the store at `location` (a search driver:
/// Store::acquire), as (pid, host, the store's message naming it); None
/// when none does. nasir.Study joins such a search instead of driving one.
py::object storeDriver(const std::string &location) {
  std::string error, message;
  search::Store::LockHolder h;
  bool ok, alive = false;
  {
    py::gil_scoped_release unlocked;
    std::unique_ptr<search::Store> store = search::openStore(location, error);
    ok = store && store->lockHolder(h);
    if (store && !ok)
      error = store->lastError();
    if (ok && h.held)
      alive = search::lockHolderAlive(h.pid, h.host, h.identity, h.age, message);
  }
  if (!ok)
    throw Error(error);
  if (!alive)
    return py::none();
  return py::make_tuple(h.pid, h.host, message);
}

/// The space the experiment at `location` searches, as the store keeps it
/// (MLIR text, bound to its dataset), and the file it came from.
py::tuple experimentSpace(const std::string &location) {
  std::string error;
  search::ExperimentInfo info;
  {
    py::gil_scoped_release unlocked;
    mlir::MLIRContext context{mlir::MLIRContext::Threading::DISABLED};
    prepareSpaceContext(context);
    // Read-only: a missing store is not created.
    if (auto e = search::Experiment::open(location, context, error))
      info = e->info;
  }
  if (info.spaceIR.empty())
    throw Error(error.empty() ? location + ": the store holds no experiment"
                              : error);
  return py::make_tuple(info.spaceIR, info.spaceFile);
}

/// The trials of the experiment at `location` as `nasir report --json`
/// writes them (search::trialJson), by id, or with `rankedOnly` the
/// evaluated ones best first by the experiment's primary objective: a JSON
/// array.
std::string experimentTrials(const std::string &location, bool rankedOnly) {
  std::string error, text;
  bool ok;
  {
    py::gil_scoped_release unlocked;
    mlir::MLIRContext context{mlir::MLIRContext::Threading::DISABLED};
    prepareSpaceContext(context);
    std::unique_ptr<search::Experiment> e =
        search::Experiment::open(location, context, error);
    std::map<int64_t, search::Trial> trials;
    ok = e && e->loadTrials(trials, error);
    if (ok) {
      std::vector<const search::Trial *> rows;
      if (rankedOnly)
        rows = search::ranked(trials, e->objectives);
      else
        for (auto &[id, t] : trials)
          rows.push_back(&t);
      search::ExtraMetrics none = [](const search::Trial &) {
        return search::Metrics{};
      };
      llvm::json::Array out;
      for (const search::Trial *t : rows)
        out.push_back(search::trialJson(*t, none));
      llvm::raw_string_ostream(text) << llvm::json::Value(std::move(out));
    }
  }
  if (!ok)
    throw Error(error);
  return text;
}

} // namespace

PYBIND11_MODULE(_nasir, m) {
  m.doc() = "nasir's compiler core (the Python API is the nasir package)";
  py::register_exception<Error>(m, "Error", PyExc_ValueError);

  py::class_<CandidateState, std::shared_ptr<CandidateState>>(m, "_Candidate")
      .def_readonly("decisions", &CandidateState::decisions)
      .def("complete", [](CandidateState &c) { return isConcrete(c.network()); })
      .def("cost", [](CandidateState &c) {
        Cost k = c.cost();
        return py::make_tuple(k.params, k.flops, k.macs);
      })
      .def("to_json", &CandidateState::toJson)
      .def("to_mlir", &CandidateState::toMlir)
      .def("to_dot", &CandidateState::toDot);

  py::class_<Space>(m, "_Space")
      .def_property_readonly("name", &Space::name)
      .def("count", &Space::count)
      .def("labels", &Space::labels)
      .def("sample", &Space::sample)
      .def("mutate", &Space::mutate)
      .def("fingerprint", &Space::fingerprint)
      .def("cost", &Space::cost)
      .def("check", &Space::check)
      .def("specialize", &Space::specialize)
      .def("to_mlir", &Space::toMlir);

  m.def("load", [](const std::string &path, const std::string &space,
                   const py::object &input, std::optional<int64_t> classes) {
    return Space(openSpace(readFile(path), llvm::StringRef(path).ends_with(".mlir"),
                           space, input, classes));
  });
  m.def("parse", [](const std::string &text, const std::string &name,
                    bool isMlir, const std::string &space,
                    const py::object &input, std::optional<int64_t> classes) {
    return Space(openSpace(llvm::MemoryBuffer::getMemBufferCopy(text, name),
                           isMlir, space, input, classes));
  });
  m.def("read_candidate", &readCandidate);
  m.def("layer_kinds", [] {
    std::vector<std::string> kinds;
    for (const layers::LayerSchema &l : layers::layerTable())
      kinds.push_back(l.kind);
    return kinds;
  });
  py::class_<StudyClient>(m, "_StudyClient")
      .def(py::init<const std::string &, double>())
      .def("ask", &StudyClient::ask)
      .def("tell", &StudyClient::tell)
      .def("heartbeat", &StudyClient::heartbeat)
      .def("close", &StudyClient::close);
  m.def("store_driver", &storeDriver);
  m.def("host_name", &search::hostName);
  m.def("experiment_trials", &experimentTrials);
  m.def("experiment_space", &experimentSpace);
  m.def("count_limit", [] { return kCountLimit; });
  m.def("max_curve_points", [] { return search::kMaxCurvePoints; });
}
