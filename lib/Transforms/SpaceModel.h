//===- SpaceModel.h - the decision structure of a search space --*- C++ -*-===//
//
// A search space's decisions form a tree: a scope holds the sites that exist
// together; each value of a site opens a child scope (the sites nested in
// that alternative, or the iterations of a repeat at that depth). Counting,
// uniform sampling, mutation, crossover and enumeration work on this tree,
// built once from the IR, so search never re-walks the IR to make a decision.
//
// Labels: sites with the same label take one decision. Sibling sites that
// share a label are merged into one site (their child scopes joined); labels
// that still occur more than once (in different alternatives) are handled by
// conditioning on their value.
//
// A repeat's body is one scope, whatever the depth: its iterations are not
// copied. A site in a per-iteration body has the label `label` followed by
// the first `parts` iteration parts ("#i", outermost first) of the suffix of
// the iteration it is reached in; the model's walks build labels that way, so
// counting and checking cost the size of the IR, not of the space (see
// docs/performance.md).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_SPACEMODEL_H
#define NASIR_TRANSFORMS_SPACEMODEL_H

#include "dialect/NAS/NASOps.h"
#include "dialect/NAS/Predicate.h"
#include "lib/Transforms/Bounds.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/APInt.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace nasir {
namespace spacemodel {
struct Counter; // the counting recursion, shared with sampling
} // namespace spacemodel

/// Exact non-negative integer for counts (up to 2^1024).
using BigCount = llvm::APInt;
std::string toString(const BigCount &n);

struct Scope;

/// A decision site, or (kind Require) a predicate that binds its scope: it
/// has no label and no values, and names the labels of `pred` (the sites of
/// its scope and of the scopes around it, as the model labels them).
struct Site {
  enum Kind { Choice, Repeat, Select, Require } kind;
  /// The label outside per-iteration repeats; inside, its stem (labelAt).
  std::string label;
  std::vector<mlir::Attribute> values; // the domain, in canonical order
  std::vector<int> edges;              // edges each value adds (select)
  /// The scope each value opens; for a repeat with `iterates`, one scope:
  /// the body, opened once per iteration.
  std::vector<Scope> children;
  mlir::Location loc;
  /// Require: its labels are stems, each taking `predParts` iteration parts.
  std::shared_ptr<const nas::Predicate> pred;
  llvm::StringMap<unsigned> predParts;
  /// Iteration parts of the suffix the label takes (0 outside repeats).
  unsigned parts = 0;
  /// Per-iteration repeats around the site (the suffix's parts there).
  unsigned level = 0;
  /// Repeat: children[0] is the body; `perIteration` when each iteration
  /// appends "#i" to the suffix, else (shared) one body for any depth > 0.
  bool iterates = false, perIteration = false;
};

struct Scope {
  std::vector<Site> sites;
};

/// Decisions as a map from label to the index of the chosen value.
using Assignment = llvm::StringMap<unsigned>;

class SpaceModel {
public:
  /// Builds the model of `space` (its decision tree and constraints).
  static std::unique_ptr<SpaceModel> build(nas::SpaceOp space);

  const Scope &root() const { return top; }

  /// The site a label (as decisions spell it) belongs to; null for none.
  const Site *lookup(llvm::StringRef label) const;

  /// Visits the active sites in canonical order with their labels; `pick`
  /// returns the value index to follow (-1 or out of range: not descending).
  void walkActive(
      llvm::function_ref<int(const Site &, llvm::StringRef label)> pick) const;
  mlir::MLIRContext *getContext() const { return ctx; }

  /// Number of distinct decision assignments that satisfy the structural
  /// constraints (edges, nas.require). Sets `overflow` when it exceeds 2^1024.
  BigCount count(bool *overflow = nullptr) const;

  /// Valid assignments in which `label` is active and takes value `v`.
  BigCount countWith(llvm::StringRef label, unsigned v) const;

  /// Whether some valid assignment has every label of `allowed` active with
  /// one of its allowed values (indices into the label's domain); `witness`
  /// then gets those labels' values in one such assignment.
  bool reaches(const llvm::StringMap<std::vector<unsigned>> &allowed,
               Assignment *witness = nullptr) const;

  /// A uniformly random valid assignment (meets edges and nas.require;
  /// ignores params/flops bounds, which
  /// need the specialized network: callers reject and resample).
  Assignment sample(std::mt19937_64 &rng) const;

  /// A random valid assignment drawn decision by decision: every active site
  /// takes one of its values with equal probability (NNI's and Optuna's
  /// sampling). Not uniform over candidates: a deep repeat has more
  /// assignments, but each depth is drawn as often.
  Assignment samplePerDecision(std::mt19937_64 &rng) const;

  /// Changes `k` distinct active decisions to other legal values (sites that
  /// the change opens are sampled). Fails with a message when the space has
  /// nothing to mutate.
  bool mutate(const Assignment &parent, unsigned k, std::mt19937_64 &rng,
              Assignment &child, std::string &error) const;

  /// Uniform crossover: each active decision from one parent or the other.
  Assignment crossover(const Assignment &a, const Assignment &b,
                       std::mt19937_64 &rng) const;

  /// Streams every valid assignment in canonical order; stops when `fn`
  /// returns false. Memory is proportional to the tree depth.
  void enumerate(const std::function<bool(const Assignment &)> &fn) const;

  /// The active decisions of `a`, completed: false (with a message) when an
  /// active site has no decision or a value outside its domain.
  bool isComplete(const Assignment &a, std::string &error) const;

  /// Edges (inputs chosen by select sites) of an assignment.
  int64_t edgesOf(const Assignment &a) const;

  /// Whether a complete assignment meets the space's structural constraints:
  /// the edges bound and every nas.require in an active scope. `why` says
  /// which one fails.
  bool satisfies(const Assignment &a, std::string *why = nullptr) const;

  /// Whether the space declares predicates on decisions (nas.require).
  bool hasRequires() const { return anyRequire; }

  /// Assignment <-> the DictionaryAttr form of decisions.
  mlir::DictionaryAttr toDecisions(const Assignment &a) const;
  bool fromDecisions(mlir::DictionaryAttr d, Assignment &a,
                     std::string &error) const;

  /// Bounds the space declares (nas.constraint), -1 when absent.
  int64_t paramsBound = -1, flopsBound = -1, edgesBound = -1;
  /// The bound on multiply-accumulates (nas.constraint "macs"), -1 when absent.
  int64_t macsBound = -1;
  /// The bounds on a candidate's cost (params, flops, macs).
  CostBounds costBounds() const { return {paramsBound, flopsBound, macsBound}; }

  /// Every label's site (for labels occurring at several sites, once). Built
  /// on first use: as many entries as labels, which nested repeats make
  /// exponential in the nesting; lookup() answers one label.
  const llvm::StringMap<const Site *> &labels() const;

  /// Whether repeat bodies are kept once (false: a space where labels of
  /// different iterations or repeats coincide, built iteration by iteration).
  bool compact() const { return isCompact; }

  /// One label pattern: a stem and the iteration parts it takes.
  struct Pattern {
    const Site *site;                  // the first site with it
    std::vector<int64_t> iterations;   // the most iterations of each part
    std::vector<const Site *> repeats; // the repeats giving the parts
  };

  /// Every label pattern: per stem, per number of iteration parts. As many
  /// as the sites of the tree (labels() spells out every iteration).
  const llvm::StringMap<std::map<unsigned, Pattern>> &labelPatterns() const {
    return patterns;
  }

private:
  mlir::MLIRContext *ctx = nullptr;
  Scope top;
  bool isCompact = true;
  /// Per stem, per number of parts: the pattern.
  llvm::StringMap<std::map<unsigned, Pattern>> patterns;
  mutable std::unique_ptr<llvm::StringMap<const Site *>> allLabels;
  llvm::StringMap<unsigned> occurrences; // sites per pattern after merging
  llvm::StringSet<> constrained;         // patterns some nas.require names
  llvm::StringSet<> crossing;            // patterns shared by iterations
  bool anyRequire = false;
  friend struct ModelIndexer;
  friend struct spacemodel::Counter;

public:
  SpaceModel();
  ~SpaceModel();

private:
  /// Counts of unconditioned subtrees, computed once and kept for sampling.
  spacemodel::Counter &counter() const;
  mutable std::unique_ptr<spacemodel::Counter> cachedCounter;
};

} // namespace nasir

#endif
