//===- Values.h - what MLIRGen evaluates .nas expressions to ---*- C++ -*-===//
//
// The values of the generator: numbers that may depend on value choices
// (knobs), tensors, lists, local ops and picks, and the frames of the
// definitions being instantiated. Internal to the frontend.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_FRONTEND_VALUES_H
#define NASIR_FRONTEND_VALUES_H

#include "frontend/AST.h"
#include "mlir/IR/Block.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nasir::frontend::gen {

using llvm::SMLoc;
using llvm::StringRef;

/// A concrete number or truth value.
struct Scalar {
  enum Kind { Int, Float, Bool } kind = Int;
  int64_t i = 0;
  double f = 0;
  static Scalar ofInt(int64_t v) { return {Int, v, 0}; }
  static Scalar ofFloat(double v) { return {Float, 0, v}; }
  static Scalar ofBool(bool v) { return {Bool, v, 0}; }
  double asDouble() const { return kind == Float ? f : double(i); }
  bool operator==(const Scalar &o) const {
    if (kind == Float || o.kind == Float)
      return asDouble() == o.asDouble();
    return kind == o.kind && i == o.i;
  }
  std::string str() const {
    if (kind == Bool)
      return i ? "true" : "false";
    if (kind == Int)
      return std::to_string(i);
    std::string s;
    llvm::raw_string_ostream(s) << llvm::format("%g", f);
    if (s.find_first_of(".en") == std::string::npos)
      s += ".0";
    return s;
  }
};

/// A value choice: a decision among numbers.
struct Knob {
  unsigned id;
  std::string label;
  std::vector<Scalar> options;
  SMLoc loc;
  std::vector<unsigned> repeats; // the non-shared repeats around the site
  bool usedAsValue = false, usedAsDepth = false;
  /// The blocks where a layer or a repeat that it sets is emitted, each with
  /// the `outer` of its sites there: the knob is decided in each (its
  /// nas.choice may be nested in another knob's).
  llvm::SmallDenseMap<mlir::Block *, unsigned, 4> homes;
  mlir::Block *firstHome = nullptr;
  void addHome(mlir::Block *b, unsigned outer) {
    if (homes.try_emplace(b, outer).second && !firstHome)
      firstHome = b;
  }
};

/// A number that may depend on knobs: one entry per combination of their
/// options (mixed radix, first knob most significant).
struct Num {
  std::vector<Knob *> deps; // sorted by id
  std::vector<Scalar> table;
  bool isClasses = false;   // exactly the space's `classes`
  bool concrete() const { return deps.empty(); }
  const Scalar &value() const { return table.front(); }
};

struct Frame;
struct Value;

/// A decision that a `require` can name: an op or subgraph choice
/// (`one_of {..}`, `one_of v in [..] {..}`), a value choice or a repeat count.
struct Site {
  std::string label;
  std::vector<mlir::Attribute> options;
  mlir::Operation *op = nullptr; // an op or subgraph choice: its nas.choice
  Knob *knob = nullptr;          // a value choice
};

/// `op name(params) = expr`: calling it creates a site.
struct ChoiceFn {
  const OpDefStmt *def;
  Frame *frame; // where it was defined; outlives every call
  bool shared;
};

/// `pick a..b of [..]` before it is combined.
struct Picked {
  std::string label;
  int64_t min, max;
  std::vector<mlir::Value> candidates;
  SMLoc loc;
};

struct Value {
  enum Kind { Tensor, Number, List, Fn, Pick } kind = Number;
  mlir::Value tensor;
  Num num;
  std::vector<Value> list;
  std::shared_ptr<ChoiceFn> fn;
  std::shared_ptr<Picked> pick;
  std::shared_ptr<const Site> site; // a Tensor that a choice gives directly

  static Value ofTensor(mlir::Value v) {
    Value r;
    r.kind = Tensor;
    r.tensor = v;
    return r;
  }
  static Value ofNum(Num n) {
    Value r;
    r.kind = Number;
    r.num = std::move(n);
    return r;
  }
  static Value ofScalar(Scalar s) {
    Num n;
    n.table.push_back(s);
    return ofNum(std::move(n));
  }
  const char *kindName() const {
    switch (kind) {
    case Tensor: return "a tensor";
    case Number: return "a number";
    case List: return "a list";
    case Fn: return "an op";
    case Pick: return "a pick of inputs";
    }
    return "a value";
  }
};

/// One instance of a definition (or the space body).
struct Frame {
  std::string path;    // label prefix of the sites in this instance
  std::string defName; // empty in a space body
  bool shared = false; // sites take labels without deduplication
  bool sharedStmt = false; // inside a `shared` statement
  std::string siteName;    // local name of sites created now
  /// The name an `as` gives the sites created now (empty: none) and where.
  std::string asName;
  SMLoc asLoc;
  std::map<std::string, Value> vars;
  /// What `as` names and `one_of v in` variables name, for `require`.
  std::map<std::string, Value> named;
  std::map<std::string, unsigned> counters; // calls per callee
  std::optional<Value> returned;
};

/// `a.b`, or `b` when `a` is empty: a label under a prefix.
inline std::string join(StringRef a, StringRef b) {
  if (a.empty())
    return b.str();
  return (a + "." + b).str();
}

} // namespace nasir::frontend::gen

#endif
