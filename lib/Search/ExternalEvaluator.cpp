//===- ExternalEvaluator.cpp - results told through the store -------------===//
//
// `--evaluator external`: nasir runs no evaluation; another program asks for
// the trials the search offers in the store's work queue and tells their
// results (nasir.Study and nasir.StudyClient in Python, docs/python.md). It
// only makes sense with --jobs 0, where the work queue (WorkQueue.h) wraps
// it and its start() is never called; run directly, every job fails with
// that reason.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Evaluator.h"

using namespace nasir;
using namespace nasir::search;

namespace {

class ExternalEvaluator : public Evaluator {
public:
  void start(const EvalJob &job) override {
    EvalOutcome o;
    o.trialId = job.trialId;
    o.error = "the external evaluator runs no trial: its results are told "
              "through the store (nasir.Study's ask and tell); search with "
              "--jobs 0";
    done.push_back(std::move(o));
  }
  std::vector<EvalOutcome> wait(double) override {
    std::vector<EvalOutcome> out;
    out.swap(done);
    return out;
  }
  unsigned running() const override { return (unsigned)done.size(); }

private:
  std::vector<EvalOutcome> done;
};

} // namespace

static EvaluatorRegistration external(
    "external",
    "results told through the store by another program (nasir.Study in "
    "Python; needs --jobs 0)",
    [](const EvaluatorConfig &, const SpaceModel &,
       std::string &) -> std::unique_ptr<Evaluator> {
      return std::make_unique<ExternalEvaluator>();
    });
