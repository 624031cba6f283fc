# `require`: names become the labels of the choices they are bound to, each
# nas.require stands where the statement does, constants fold.
# RUN: nasir emit %s | FileCheck %s
# RUN: nasir emit %s | nasir-opt | nasir-opt | FileCheck %s
# RUN: nasir emit %s --to=ast | FileCheck %s --check-prefix=AST

def block(x, wide) {
  k = one_of [3, 5]
  e = one_of [1, 2]
  h = conv(x, 8 * e, k=k)            # nests e in k: e is named by an empty choice
  h = one_of { relu: relu(h) | tanh: tanh(h) } as act
  require k == 5 implies act == "relu"
  if wide == 0 {
    require e == 1                   # constants decide with `if`
  }
  return conv(h, 8, k=1)
}

def cell_rule(x) {
  op edge(h) = one_of { none: zero(h) | skip: identity(h) | conv: conv(h, 8, k=1) }
  y = edge(x) as e0 + edge(x) as e1
  require e0 != "none" or e1 != "none"
  return y
}

space rules(input [8, 8, 8], classes 10) {
  K = 5
  k = one_of [3, 5, 7]
  p = one_of [0.0, 0.1, 0.3]
  x = dropout(conv(input, 8, k=k), p=p)
  x = conv(x, 8, k=one_of [1, 3] as kernel)
  b = one_of [-1, 0, 1]
  x = conv(x, 9 + b, k=1)
  x = conv(x, 8, k=1)
  require k == K implies kernel == 3 and not p > 0.1
  require (k == 3 or k == 7) implies b in [-1, 1]
  require p <= 0.1 implies p != 0.0 implies b == -1
  require k >= kernel

  # A definition used twice: each instance names its own labels.
  x = block(x, 0)
  x = block(x, 1) as second

  # In a repeat body: per iteration, naming the repeat around it.
  d = one_of [1, 2, 3]
  repeat d (x) {
    x = block(x, 1) as inner
    x = dropout(x, p=one_of [0.0, 0.5] as q)
    require d == 3 implies q == 0.0 or k == 3
  }

  # In an alternative: the alternative's own sites.
  x = one_of { a: block(x, 1) as alt | b: identity(x) } as path
  require path == "b" or kernel == 1

  # A shared cell used twice states its rule once.
  shared x = cell_rule(x)
  shared x = cell_rule(x)

  y = one_of width in [0.5, 1.0] { relu(x) }
  repeat one_of [0, 1] as extra (y) shared {
    y = relu(y)
  }
  require extra == 1 implies width == 1.0
  return linear(global_avg_pool(y), classes)
}

# Constants fold (K), `as` names a value choice (kernel) and a repeat count
# (extra), `one_of v in` its variable (width); `implies` binds loosest and
# associates to the right.
# CHECK-LABEL: nas.space @rules
# CHECK: nas.require "k == 5 implies kernel == 3 and not p > 0.1"
# CHECK-NEXT: nas.require "(k == 3 or k == 7) implies b in [-1, 1]"
# CHECK-NEXT: nas.require "p <= 0.1 implies (p != 0.0 implies b == -1)"
# CHECK-NEXT: nas.require "k >= kernel"
#
# The first instance of `block`: e is decided in every alternative of the
# nest over k, so an empty choice names it where the require stands; the
# second instance, with its own labels, takes the other branch of the `if`.
# CHECK: nas.choice "block0.k"
# CHECK: nas.choice "block0.act"
# CHECK: nas.require "block0.k == 5 implies block0.act == 'relu'"
# CHECK-NEXT: nas.choice "block0.e"
# CHECK-NEXT: case 1 {
# CHECK-NEXT: nas.yield
# CHECK-NEXT: }
# CHECK-NEXT: case 2 {
# CHECK-NEXT: nas.yield
# CHECK-NEXT: }
# CHECK-NEXT: nas.require "block0.e == 1"
# CHECK: nas.choice "second.act"
# CHECK: nas.require "second.k == 5 implies second.act == 'relu'"
# CHECK-NOT: second.e ==
#
# In the repeat body: per iteration, naming the repeat and an outer choice.
# CHECK: nas.repeat "d" [1, 2, 3]
# CHECK: nas.require "inner.k == 5 implies inner.act == 'relu'"
# CHECK: nas.choice "q"
# CHECK: nas.require "d == 3 implies (q == 0.0 or k == 3)"
# CHECK-NEXT: nas.yield
#
# In an alternative: inside its region; after the choice, naming it.
# CHECK: nas.choice "path"
# CHECK-NEXT: case "a" {
# CHECK: nas.require "alt.k == 5 implies alt.act == 'relu'"
# CHECK: case "b" {
# CHECK: nas.require "path == 'b' or kernel == 1"
#
# Two shared instances of one cell: one rule.
# CHECK: nas.choice "cell_rule.e1"
# CHECK-NEXT: case "none"
# CHECK: nas.require "cell_rule.e0 != 'none' or cell_rule.e1 != 'none'"
# CHECK-NOT: nas.require "cell_rule
# CHECK: nas.choice "y"
# CHECK: nas.repeat "extra" [0, 1]
# CHECK: nas.require "extra == 1 implies y == 1.0"

# AST: @12:3 Require
# AST-NEXT: @12:11 Implies
# AST-NEXT: @12:13 Compare ==
# AST-NEXT: @12:11 Name k
# AST-NEXT: @12:16 Int 5
# AST-NEXT: @12:30 Compare ==
# AST-NEXT: @12:26 Name act
# AST-NEXT: @12:33 String "relu"
# AST: @35:3 Require
# AST-NEXT: @35:11 Implies
# AST-NEXT: @35:13 Compare ==
# AST-NEXT: @35:11 Name k
# AST-NEXT: @35:16 Name K
# AST-NEXT: @35:26 And
# AST-NEXT: @35:33 Compare ==
# AST-NEXT: @35:26 Name kernel
# AST-NEXT: @35:36 Int 3
# AST-NEXT: @35:42 Not
# AST-NEXT: @35:48 Compare >
# AST-NEXT: @35:46 Name p
# AST-NEXT: @35:50 Float 1.000000e-01
# AST: @36:40 In
# AST-NEXT: @36:38 Name b
# AST-NEXT: @36:44 Int -1
# AST-NEXT: @36:48 Int 1
