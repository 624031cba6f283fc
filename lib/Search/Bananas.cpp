//===- Bananas.cpp - BANANAS: an ensemble predictor and an acquisition ----===//
//
// Model-based search after White, Neiswanger & Savani, "BANANAS: Bayesian
// Optimization with Neural Architectures for Neural Architecture Search"
// (AAAI 2021), on an encoding derived from the space (ArchEncoding: one slot
// per decision, shared labels once, an inactive feature for conditional
// decisions):
//
//   1. --initial samples: uniform draws, or (--initial-design spread) of 32
//      draws each, the one whose decisions were proposed least so far;
//   2. then, every --batch observations: fit an ensemble of --ensemble MLPs
//      (Predictor.h) to the observed (encoding, score) pairs, rank a pool of
//      candidates never proposed by the acquisition, and propose the best
//      --batch of them. The pool (--pool): a space of at most 50,000
//      candidates is ranked whole (`space`, by `auto`), a larger one
//      through --candidates drawn around the best observed (`mutations`:
//      every neighbour of the best few, mutations of one or two decisions of
//      the top ten, a share of fresh samples). The acquisition: UCB, mean +
//      --ucb-weight spreads, or independent Thompson sampling (one normal
//      draw from the ensemble's mean and spread per candidate); `auto` takes
//      UCB for the whole space (the largest of 15,625 Thompson draws is the
//      noisiest, not the best) and Thompson sampling for mutations.
//
// Never proposes a candidate twice (its ctx.key). Deterministic given
// ctx.rng and the propose/observe sequence, as resume needs: the
// predictor's seed is drawn from ctx.rng.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/ArchEncoding.h"
#include "lib/Search/Candidate.h"
#include "lib/Search/Predictor.h"
#include "lib/Search/Strategy.h"
#include "llvm/ADT/StringSet.h"
#include <algorithm>
#include <cmath>

using namespace nasir;
using namespace nasir::search;

namespace {
enum class Acquisition { Thompson, UCB };

struct BananasConfig {
  int64_t initial, candidates, batch;
  Acquisition acquisition;
  /// Rank every candidate of the space, not a pool of mutations (a space of
  /// at most kWholeSpace candidates, under --pool auto or space).
  bool wholeSpace = false;
  /// The initial samples spread over the decisions' values (spreadSample).
  bool spread = false;
  double ucbWeight = 1; ///< UCB: mean + ucbWeight * spread
  PredictorConfig predictor;
};

/// Candidates up to which --pool auto ranks the whole space at every fit
/// (NB201's 15,625 take about 40 ms per fit of the default ensemble).
constexpr uint64_t kWholeSpace = 50000;

/// Features of the encoding beyond which the strategy refuses the space.
constexpr size_t kMaxFeatures = 1 << 20;
/// Parents whose whole neighbourhood enters the pool, and the top the other
/// mutations draw their parent from.
constexpr size_t kNeighbourhoods = 5, kParents = 10;

class Bananas : public Strategy {
public:
  Bananas(SearchContext &ctx, ArchEncoding encoding, BananasConfig cfg)
      : ctx(ctx), encoding(std::move(encoding)), cfg(cfg),
        predictor(this->encoding.size(), cfg.predictor) {
    if (cfg.wholeSpace)
      ctx.enumerate([&](const Assignment &a) {
        space.push_back({a, ctx.key(a), this->encoding.encode(a)});
        return true;
      });
  }

  std::vector<Proposal> propose(unsigned n) override {
    std::vector<Proposal> out;
    for (unsigned i = 0; i < n; ++i) {
      std::optional<Assignment> a;
      if (proposedCount >= cfg.initial && data.size() >= 2) {
        if (sinceFit >= cfg.batch || (cursor >= ranking.size() && sinceFit > 0))
          refit();
        while (!a && cursor < ranking.size()) {
          Assignment &c = ranking[cursor++];
          if (isNew(c))
            a = std::move(c);
        }
      }
      if (!a)
        a = proposedCount < cfg.initial && cfg.spread ? spreadSample()
                                                      : freshSample();
      if (!a)
        break;
      for (const auto &d : *a)
        ++covered[decisionKey(d)];
      known.insert(ctx.key(*a));
      proposedKeys.insert(ctx.key(*a));
      if (std::string fp = networkOf(*a); !fp.empty())
        networks.insert(fp);
      ++proposedCount;
      out.push_back({std::move(*a), 0});
    }
    return out;
  }

  void observe(const Trial &t) override {
    if (!t.fingerprint.empty())
      networks.insert(t.fingerprint);
    double s = ctx.score(t);
    if (!std::isfinite(s))
      return; // failed: not a sample of the score
    data.push_back(encoding.encode(t.assignment));
    scores.push_back(s);
    observed.push_back({s, t.assignment});
    ++sinceFit;
  }

private:
  /// The fingerprint of `a`'s network (default canonicalization); "" when
  /// it cannot be built.
  std::string networkOf(const Assignment &a) {
    auto it = fingerprints.find(ctx.key(a));
    if (it != fingerprints.end())
      return it->second;
    PreparedCandidate p = prepareCandidate(ctx.space, ctx.model.toDecisions(a),
                                           CanonOptions{}, false);
    std::string fp = p.error.empty() ? p.fingerprint : "";
    fingerprints[ctx.key(a)] = fp;
    return fp;
  }

  /// Whether proposing `a` can teach anything: neither it nor a candidate
  /// with the same network was proposed (a repeat would cost a query for a
  /// known result). One that is not is remembered as known.
  bool isNew(const Assignment &a) {
    std::string k = ctx.key(a);
    if (known.count(k))
      return false;
    std::string fp = networkOf(a);
    if (!fp.empty() && networks.count(fp)) {
      known.insert(k);
      return false;
    }
    return true;
  }

  /// A uniform sample not proposed before, with a new network if one is
  /// found in a few hundred draws; none when every draw was proposed
  /// before (the space is nearly exhausted, and the driver ends the search).
  std::optional<Assignment> freshSample() {
    std::optional<Assignment> repeat;
    for (int attempt = 0; attempt < 256; ++attempt) {
      auto a = ctx.sample();
      if (!a)
        break;
      if (isNew(*a))
        return a;
      if (!repeat && !proposedKeys.count(ctx.key(*a)))
        repeat = std::move(a);
    }
    return repeat;
  }

  /// `label=value`: one decision, as `covered` counts it.
  static std::string decisionKey(const llvm::StringMapEntry<unsigned> &d) {
    return (d.getKey() + "=" + std::to_string(d.getValue())).str();
  }

  /// Of a few fresh samples, the one whose decisions were proposed least
  /// often so far (the sum over its decisions of 1 / (1 + times proposed)):
  /// an initial design that covers every value of every decision before the
  /// first fit, where uniform draws leave some out.
  std::optional<Assignment> spreadSample() {
    std::optional<Assignment> best;
    double bestGain = -1;
    for (int k = 0; k < 32; ++k) {
      std::optional<Assignment> a = freshSample();
      if (!a)
        break;
      double gain = 0;
      for (const auto &d : *a) {
        auto it = covered.find(decisionKey(d));
        gain += 1.0 / (1 + (it == covered.end() ? 0 : it->second));
      }
      if (gain > bestGain)
        best = std::move(a), bestGain = gain;
    }
    return best;
  }

  void refit() {
    sinceFit = 0;
    predictor.fit(data, scores, ctx.rng());
    ranking.clear();
    cursor = 0;
    // The whole space (every candidate not known yet, the best --candidates
    // of them kept), or a pool of mutations (all of it kept).
    std::vector<Assignment> pool;
    std::vector<std::pair<double, size_t>> ranked;
    if (cfg.wholeSpace) {
      for (size_t i = 0; i < space.size(); ++i)
        if (!known.count(space[i].key))
          ranked.push_back({acquire(space[i].code), i});
    } else {
      pool = candidatePool();
      for (size_t i = 0; i < pool.size(); ++i)
        ranked.push_back({acquire(encoding.encode(pool[i])), i});
    }
    size_t keep = cfg.wholeSpace
                      ? std::min(ranked.size(), size_t(cfg.candidates))
                      : ranked.size();
    // Ties (equal predictions) keep the pool's order: a stable ranking.
    std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(),
                      byValueThenIndex);
    for (size_t r = 0; r < keep; ++r)
      ranking.push_back(cfg.wholeSpace ? space[ranked[r].second].a
                                       : std::move(pool[ranked[r].second]));
  }

  /// The acquisition's value of a candidate under the last fit.
  double acquire(const std::vector<unsigned> &code) {
    auto p = predictor.predict(code);
    return cfg.acquisition == Acquisition::UCB
               ? p.mean + cfg.ucbWeight * p.sd
               : p.mean + p.sd * standardNormal();
  }

  static bool byValueThenIndex(const std::pair<double, size_t> &x,
                               const std::pair<double, size_t> &y) {
    return x.first > y.first || (x.first == y.first && x.second < y.second);
  }

  /// Up to --candidates assignments never proposed, each once.
  std::vector<Assignment> candidatePool() {
    std::vector<size_t> top(observed.size());
    for (size_t i = 0; i < top.size(); ++i)
      top[i] = i;
    size_t m = std::min(kParents, top.size());
    std::partial_sort(
        top.begin(), top.begin() + m, top.end(), [&](size_t x, size_t y) {
          return observed[x].first > observed[y].first ||
                 (observed[x].first == observed[y].first && x < y);
        });
    top.resize(m);

    std::vector<Assignment> pool;
    llvm::StringSet<> inPool;
    auto add = [&](std::optional<Assignment> c) {
      if (!c)
        return;
      std::string k = ctx.key(*c);
      if (!known.count(k) && inPool.insert(k).second)
        pool.push_back(std::move(*c));
    };
    size_t target = size_t(cfg.candidates);
    // The neighbourhoods of the best few: single mutations, drawn until the
    // neighbourhood stops yielding new ones.
    for (size_t p = 0; p < std::min(kNeighbourhoods, top.size()); ++p) {
      int misses = 0;
      while (misses < 16 && pool.size() < target) {
        size_t before = pool.size();
        add(ctx.mutate(observed[top[p]].second, 1));
        misses = pool.size() == before ? misses + 1 : 0;
      }
    }
    // Then mutations of one or two decisions of the top ten, and fresh
    // samples (a fifth) for what the neighbourhoods do not reach.
    std::uniform_int_distribution<size_t> parent(0, top.size() - 1);
    std::uniform_int_distribution<int> kind(0, 9);
    for (size_t attempt = 0; pool.size() < target && attempt < 20 * target;
         ++attempt) {
      int k = kind(ctx.rng);
      if (k < 2)
        add(ctx.sample());
      else
        add(ctx.mutate(observed[top[parent(ctx.rng)]].second, k < 8 ? 1 : 2));
    }
    return pool;
  }

  /// A standard normal draw from ctx.rng (Box-Muller on its raw bits, so
  /// the value is the same with every standard library).
  double standardNormal() {
    double u1 = (double(ctx.rng() >> 11) + 0.5) * 0x1.0p-53;
    double u2 = double(ctx.rng() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }

  SearchContext &ctx;
  ArchEncoding encoding;
  BananasConfig cfg;
  EnsemblePredictor predictor;
  llvm::StringSet<> proposedKeys; // every candidate proposed
  /// Proposed, or known to have a proposed candidate's network.
  llvm::StringSet<> known;
  llvm::StringSet<> networks;                // fingerprints proposed or seen
  llvm::StringMap<std::string> fingerprints; // key -> fingerprint, computed
  int64_t proposedCount = 0, sinceFit = 0;
  std::vector<std::vector<unsigned>> data;
  std::vector<double> scores;
  std::vector<std::pair<double, Assignment>> observed;
  std::vector<Assignment> ranking; // the last fit's pool, best first
  size_t cursor = 0;
  /// Every candidate of the space, with its key and encoding (wholeSpace).
  struct Candidate {
    Assignment a;
    std::string key;
    std::vector<unsigned> code;
  };
  std::vector<Candidate> space;
  /// Times each decision (`label=value`) was proposed.
  llvm::StringMap<unsigned> covered;
};
} // namespace

static StrategyRegistration reg(
    "bananas",
    "BANANAS: an MLP ensemble predicts the score from the decisions; an "
    "acquisition over the whole space (or mutations of the best) picks",
    {{"initial", cli::ValueKind::Integer, "20",
      "samples before the first fit"},
     {"ensemble", cli::ValueKind::Integer, "5", "MLPs in the ensemble"},
     {"candidates", cli::ValueKind::Integer, "200",
      "candidates ranked by the acquisition per fit"},
     {"batch", cli::ValueKind::Integer, "1",
      "proposals per fit (the ensemble is refit every N observations)"},
     {"epochs", cli::ValueKind::Integer, "100",
      "training epochs of each MLP per fit"},
     {"hidden", cli::ValueKind::Integer, "32",
      "units of each of the two hidden layers"},
     {"acquisition",
      cli::ValueKind::Choice,
      "auto",
      "its (independent Thompson sampling), ucb (mean + spread), or auto: "
      "ucb when the whole space is ranked, else its",
      {"auto", "its", "ucb"}},
     {"ucb-weight", cli::ValueKind::Number, "1",
      "ucb: the acquisition is the mean plus this many spreads"},
     {"initial-design",
      cli::ValueKind::Choice,
      "spread",
      "the initial samples: uniform draws, or spread (of 32 draws each, the "
      "one whose decisions were proposed least)",
      {"uniform", "spread"}},
     {"pool",
      cli::ValueKind::Choice,
      "auto",
      "what each fit ranks: space (every candidate not proposed), "
      "mutations (--candidates mutations of the best and fresh samples), "
      "auto (space for a space of at most 50,000 candidates)",
      {"auto", "space", "mutations"}}},
    [](SearchContext &ctx, std::string &error) -> std::unique_ptr<Strategy> {
      BananasConfig cfg;
      cfg.initial = ctx.options.getInt("initial");
      cfg.candidates = ctx.options.getInt("candidates");
      cfg.batch = ctx.options.getInt("batch");
      int64_t ensemble = ctx.options.getInt("ensemble");
      int64_t epochs = ctx.options.getInt("epochs");
      int64_t hidden = ctx.options.getInt("hidden");
      std::string acq = ctx.options.get("acquisition");
      if (cfg.initial < 2 || ensemble < 2 || cfg.candidates < 1 ||
          cfg.batch < 1 || epochs < 1 || hidden < 1 || ensemble > 100 ||
          hidden > 1024 || epochs > 100000) {
        error = "bananas needs --initial >= 2, 2 <= --ensemble <= 100, "
                "--candidates >= 1, --batch >= 1, 1 <= --epochs <= 100000 "
                "and 1 <= --hidden <= 1024";
        return nullptr;
      }
      if (acq != "auto" && acq != "its" && acq != "ucb") {
        error = "bananas --acquisition expects auto, its or ucb, got '" + acq +
                "'";
        return nullptr;
      }
      std::string pool = ctx.options.get("pool");
      bool overflow = false;
      BigCount count = ctx.model.count(&overflow);
      bool small = !overflow && count.ule(kWholeSpace);
      if (pool == "space" && !small) {
        error = "bananas --pool space ranks every candidate at each fit: "
                "the space has " +
                (overflow ? std::string("more than 2^1024") : toString(count)) +
                ", more than " + std::to_string(kWholeSpace) +
                " (--pool mutations or auto)";
        return nullptr;
      }
      cfg.wholeSpace = pool == "space" || (pool == "auto" && small);
      cfg.spread = ctx.options.get("initial-design") == "spread";
      cfg.ucbWeight = ctx.options.getDouble("ucb-weight");
      if (!(cfg.ucbWeight >= 0 && cfg.ucbWeight <= 100)) {
        error = "bananas --ucb-weight expects a number in [0, 100]";
        return nullptr;
      }
      // Thompson draws over a whole space reward the noise: the largest of
      // 15,625 independent draws is about 4 spreads above its mean.
      bool ucb = acq == "ucb" || (acq == "auto" && cfg.wholeSpace);
      cfg.acquisition = ucb ? Acquisition::UCB : Acquisition::Thompson;
      cfg.predictor.members = unsigned(ensemble);
      cfg.predictor.epochs = unsigned(epochs);
      cfg.predictor.hidden = unsigned(hidden);
      std::string why;
      auto encoding = ArchEncoding::build(ctx.model, kMaxFeatures, why);
      if (!encoding) {
        error = "bananas cannot encode the space: " + why;
        return nullptr;
      }
      return std::make_unique<Bananas>(ctx, std::move(*encoding), cfg);
    });
