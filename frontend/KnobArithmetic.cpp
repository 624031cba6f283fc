//===- KnobArithmetic.cpp - numbers that depend on value choices ----------===//
#include "frontend/KnobArithmetic.h"
#include "frontend/MLIRGen.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>
#include <cmath>

using namespace nasir::frontend;
using namespace nasir::frontend::gen;
using mlir::failure;
using mlir::FailureOr;

std::optional<Scalar> gen::arith(StringRef op, Scalar a, Scalar b,
                                 std::string &err) {
  bool cmp = op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" ||
             op == ">=";
  if (op == "==" || op == "!=") {
    bool eq = (a.kind == Scalar::Bool) == (b.kind == Scalar::Bool) && a == b;
    return Scalar::ofBool(op == "==" ? eq : !eq);
  }
  if (a.kind == Scalar::Bool || b.kind == Scalar::Bool) {
    err = "'" + op.str() + "' expects numbers, not true/false";
    return std::nullopt;
  }
  if (cmp) {
    double x = a.asDouble(), y = b.asDouble();
    if (a.kind == Scalar::Int && b.kind == Scalar::Int) {
      int64_t p = a.i, q = b.i;
      return Scalar::ofBool(op == "<"    ? p < q
                            : op == "<=" ? p <= q
                            : op == ">"  ? p > q
                                         : p >= q);
    }
    return Scalar::ofBool(op == "<"    ? x < y
                          : op == "<=" ? x <= y
                          : op == ">"  ? x > y
                                       : x >= y);
  }
  if (a.kind == Scalar::Int && b.kind == Scalar::Int && op != "/") {
    int64_t x = a.i, y = b.i, r = 0;
    bool overflow = false;
    if (op == "+")
      overflow = __builtin_add_overflow(x, y, &r);
    else if (op == "-")
      overflow = __builtin_sub_overflow(x, y, &r);
    else if (op == "*")
      overflow = __builtin_mul_overflow(x, y, &r);
    else {
      if (y == 0) {
        err = "division by zero";
        return std::nullopt;
      }
      if (x == INT64_MIN && y == -1) {
        overflow = op == "//";
        r = 0;
      } else if (op == "//") {
        r = x / y;
        if (x % y != 0 && ((x < 0) != (y < 0)))
          --r;
      } else { // %
        r = x % y;
        if (r != 0 && ((r < 0) != (y < 0)))
          r += y;
      }
    }
    if (overflow) {
      err = "integer overflow in " + std::to_string(x) + " " + op.str() + " " +
            std::to_string(y);
      return std::nullopt;
    }
    return Scalar::ofInt(r);
  }
  double x = a.asDouble(), y = b.asDouble(), r = 0;
  if (op == "+")
    r = x + y;
  else if (op == "-")
    r = x - y;
  else if (op == "*")
    r = x * y;
  else {
    if (y == 0) {
      err = "division by zero";
      return std::nullopt;
    }
    if (op == "/")
      r = x / y;
    else if (op == "//")
      r = std::floor(x / y);
    else
      r = x - std::floor(x / y) * y;
  }
  if (!std::isfinite(r)) {
    err = "number overflow in '" + op.str() + "'";
    return std::nullopt;
  }
  return Scalar::ofFloat(r);
}

Scalar gen::lookup(const Num &n, const std::vector<Knob *> &deps,
                   const std::vector<size_t> &choice) {
  size_t index = 0;
  for (Knob *k : n.deps) {
    size_t pos = llvm::find(deps, k) - deps.begin();
    index = index * k->options.size() + choice[pos];
  }
  return n.table[index];
}

bool gen::nextChoice(const std::vector<Knob *> &deps,
                     std::vector<size_t> &choice) {
  for (size_t i = deps.size(); i-- > 0;) {
    if (++choice[i] < deps[i]->options.size())
      return true;
    choice[i] = 0;
  }
  return false;
}

static bool byId(Knob *x, Knob *y) { return x->id < y->id; }

FailureOr<std::vector<Knob *>> gen::jointDeps(llvm::ArrayRef<const Num *> nums,
                                              StringRef what,
                                              std::string &err) {
  std::vector<Knob *> deps;
  for (const Num *n : nums) {
    std::vector<Knob *> merged;
    std::set_union(deps.begin(), deps.end(), n->deps.begin(), n->deps.end(),
                   std::back_inserter(merged), byId);
    deps = std::move(merged);
  }
  size_t total = 1;
  for (Knob *k : deps) {
    total *= k->options.size();
    if (total > Limits::kMaxCombinations) {
      err = ("this " + what + " depends on too many value choices (more than " +
             std::to_string(Limits::kMaxCombinations) + " combinations)")
                .str();
      return failure();
    }
  }
  return deps;
}

FailureOr<Num> gen::combine(const Num &a, const Num &b, StringRef op,
                            std::string &err) {
  Num r;
  FailureOr<std::vector<Knob *>> deps = jointDeps({&a, &b}, "value", err);
  if (failed(deps))
    return failure();
  r.deps = std::move(*deps);
  std::vector<size_t> choice(r.deps.size(), 0);
  do {
    auto v =
        arith(op, lookup(a, r.deps, choice), lookup(b, r.deps, choice), err);
    if (!v)
      return failure();
    r.table.push_back(*v);
  } while (nextChoice(r.deps, choice));
  return r;
}

FailureOr<Num>
gen::mapNum(const Num &a,
            llvm::function_ref<std::optional<Scalar>(Scalar, std::string &)> fn,
            std::string &err) {
  Num r;
  r.deps = a.deps;
  for (const Scalar &s : a.table) {
    auto v = fn(s, err);
    if (!v)
      return failure();
    r.table.push_back(*v);
  }
  return r;
}

FailureOr<Num> gen::selectByKnob(Knob *k, llvm::ArrayRef<Num> perOption,
                                 std::string &err) {
  assert(perOption.size() == k->options.size() && "one Num per option");
  Num byK;
  byK.deps.push_back(k);
  std::vector<const Num *> nums{&byK};
  for (const Num &n : perOption)
    nums.push_back(&n);
  FailureOr<std::vector<Knob *>> deps = jointDeps(nums, "value", err);
  if (failed(deps))
    return failure();
  Num r;
  r.deps = std::move(*deps);
  size_t at = llvm::find(r.deps, k) - r.deps.begin();
  std::vector<size_t> choice(r.deps.size(), 0);
  do {
    r.table.push_back(lookup(perOption[choice[at]], r.deps, choice));
  } while (nextChoice(r.deps, choice));
  return r;
}

bool gen::sameNum(const Num &a, const Num &b) {
  std::string err;
  FailureOr<std::vector<Knob *>> deps = jointDeps({&a, &b}, "value", err);
  if (failed(deps))
    return false;
  std::vector<size_t> choice(deps->size(), 0);
  do {
    Scalar x = lookup(a, *deps, choice), y = lookup(b, *deps, choice);
    if (x.kind != y.kind || !(x == y))
      return false;
  } while (nextChoice(*deps, choice));
  return true;
}
