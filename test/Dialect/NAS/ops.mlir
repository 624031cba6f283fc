// Every nas construct and option, round-tripped through the custom and the
// generic form; TYPE checks the result types nas.select infers.
// RUN: nasir-opt %s --allow-unregistered-dialect | nasir-opt --allow-unregistered-dialect | FileCheck %s
// RUN: nasir-opt %s --allow-unregistered-dialect --mlir-print-op-generic | nasir-opt --allow-unregistered-dialect | FileCheck %s
// RUN: nasir-opt %s --allow-unregistered-dialect --mlir-print-op-generic | FileCheck %s --check-prefix=TYPE

// An op choice: string options, one result.
// CHECK-LABEL: nas.space @op_choice {
// CHECK:   %[[X:[a-z0-9_]+]] = nn.input : tensor<?x16x8x8xf32>
// CHECK:   %{{.*}} = nas.choice "act" -> tensor<?x16x8x8xf32>
// CHECK-NEXT: case "relu" {
// CHECK-NEXT:   %[[R:[a-z0-9_]+]] = nn.relu %[[X]] : tensor<?x16x8x8xf32>
// CHECK-NEXT:   nas.yield %[[R]] : tensor<?x16x8x8xf32>
// CHECK-NEXT: }
// CHECK-NEXT: case "skip" {
// CHECK-NEXT:   nas.yield %[[X]] : tensor<?x16x8x8xf32>
// CHECK-NEXT: }
nas.space @op_choice {
  %x = nn.input : tensor<?x16x8x8xf32>
  %y = nas.choice "act" -> tensor<?x16x8x8xf32>
    case "relu" {
      %r = nn.relu %x : tensor<?x16x8x8xf32>
      nas.yield %r : tensor<?x16x8x8xf32>
    }
    case "skip" {
      nas.yield %x : tensor<?x16x8x8xf32>
    }
}

// Value choices: integer and float options (i64 and f64 print bare, others
// with their type). Alternatives that yield
// different shapes give the choice their join: differing dimensions are `?`.
// CHECK-LABEL: nas.space @value_choice {
// CHECK: nas.choice "typed"
// CHECK-NEXT: case 2 : i32 {
// CHECK: case 2.500000e+00 : f32 {
// CHECK: nas.choice "k" -> tensor<?x32x?x?xf32>
// CHECK-NEXT: case 3 {
// CHECK: nn.conv2d %{{.*}} {kernel = 3 : i64, out_channels = 32 : i64} : tensor<?x16x32x32xf32>
// CHECK: nas.yield %{{.*}} : tensor<?x32x30x30xf32>
// CHECK: case 5 {
// CHECK: nn.conv2d %{{.*}} {kernel = 5 : i64, out_channels = 32 : i64} : tensor<?x16x32x32xf32>
// CHECK: nas.yield %{{.*}} : tensor<?x32x28x28xf32>
// CHECK: nas.choice "width" -> tensor<?x?x32x32xf32>
// CHECK-NEXT: case 8 {
// CHECK: case 16 {
// CHECK: nas.choice "p" -> tensor<?x16x32x32xf32>
// CHECK-NEXT: case 1.000000e-01 {
// CHECK: nn.dropout %{{.*}} {p = 1.000000e-01 : f64} : tensor<?x16x32x32xf32>
// CHECK: case 5.000000e-01 {
// CHECK: nn.dropout %{{.*}} : tensor<?x16x32x32xf32>
nas.space @value_choice {
  %x = nn.input : tensor<?x16x32x32xf32>
  %typed = nas.choice "typed" -> tensor<?x16x32x32xf32>
    case 2 : i32 {
      nas.yield %x : tensor<?x16x32x32xf32>
    }
    case 2.5 : f32 {
      nas.yield %x : tensor<?x16x32x32xf32>
    }
  %k = nas.choice "k" -> tensor<?x32x?x?xf32>
    case 3 {
      %a = nn.conv2d %x {out_channels = 32, kernel = 3} : tensor<?x16x32x32xf32>
      nas.yield %a : tensor<?x32x30x30xf32>
    }
    case 5 {
      %b = nn.conv2d %x {out_channels = 32, kernel = 5} : tensor<?x16x32x32xf32>
      nas.yield %b : tensor<?x32x28x28xf32>
    }
  %w = nas.choice "width" -> tensor<?x?x32x32xf32>
    case 8 {
      %a = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1} : tensor<?x16x32x32xf32>
      nas.yield %a : tensor<?x8x32x32xf32>
    }
    case 16 {
      %b = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x16x32x32xf32>
      nas.yield %b : tensor<?x16x32x32xf32>
    }
  %p = nas.choice "p" -> tensor<?x16x32x32xf32>
    case 0.1 {
      %a = nn.dropout %x {p = 0.1} : tensor<?x16x32x32xf32>
      nas.yield %a : tensor<?x16x32x32xf32>
    }
    case 0.5 {
      %b = nn.dropout %x {p = 0.5} : tensor<?x16x32x32xf32>
      nas.yield %b : tensor<?x16x32x32xf32>
    }
}

// Several results, none, extra attributes, a nested choice (it exists only
// when "outer" is "conv"), and a shared label: both "act" sites take one
// decision, so they offer the same options.
// CHECK-LABEL: nas.space @structure {
// CHECK: %{{.*}}:2 = nas.choice "pair" -> tensor<?x16x8x8xf32>, tensor<?x16xf32> {note = "two results"}
// CHECK-NEXT: case "a" {
// CHECK: nas.yield %{{.*}}, %{{.*}} : tensor<?x16x8x8xf32>, tensor<?x16xf32>
// CHECK: nas.choice "side_effect"
// CHECK-NEXT: case "on" {
// CHECK-NEXT: nn.flatten
// CHECK-NEXT: nn.output
// CHECK-NEXT: nas.yield
// CHECK-NEXT: }
// CHECK-NEXT: case "off" {
// CHECK-NEXT: nas.yield
// CHECK-NEXT: }
// CHECK: nas.choice "outer" -> tensor<?x16x8x8xf32>
// CHECK-NEXT: case "conv" {
// CHECK: nas.choice "outer.k" -> tensor<?x16x8x8xf32>
// CHECK: case "pool" {
// CHECK: nas.choice "act" -> tensor<?x16x8x8xf32>
// CHECK: nas.choice "act" -> tensor<?x16x8x8xf32>
nas.space @structure {
  %x = nn.input : tensor<?x16x8x8xf32>
  %a:2 = nas.choice "pair" -> tensor<?x16x8x8xf32>, tensor<?x16xf32> {note = "two results"}
    case "a" {
      %g = nn.global_avg_pool %x : tensor<?x16x8x8xf32>
      nas.yield %x, %g : tensor<?x16x8x8xf32>, tensor<?x16xf32>
    }
  nas.choice "side_effect"
    case "on" {
      %f = nn.flatten %x : tensor<?x16x8x8xf32>
      nn.output %f : tensor<?x1024xf32>
    }
    case "off" {
      nas.yield
    }
  %o = nas.choice "outer" -> tensor<?x16x8x8xf32>
    case "conv" {
      %i = nas.choice "outer.k" -> tensor<?x16x8x8xf32>
        case 1 {
          %c = nn.conv2d %x {out_channels = 16, kernel = 1} : tensor<?x16x8x8xf32>
          nas.yield %c : tensor<?x16x8x8xf32>
        }
        case 3 {
          %c = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x16x8x8xf32>
          nas.yield %c : tensor<?x16x8x8xf32>
        }
      nas.yield %i : tensor<?x16x8x8xf32>
    }
    case "pool" {
      %p = nn.max_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x16x8x8xf32>
      nas.yield %p : tensor<?x16x8x8xf32>
    }
  %s1 = nas.choice "act" -> tensor<?x16x8x8xf32>
    case "relu" {
      %r = nn.relu %o : tensor<?x16x8x8xf32>
      nas.yield %r : tensor<?x16x8x8xf32>
    }
    case "tanh" {
      %t = nn.tanh %o : tensor<?x16x8x8xf32>
      nas.yield %t : tensor<?x16x8x8xf32>
    }
  %s2 = nas.choice "act" -> tensor<?x16x8x8xf32>
    case "relu" {
      %r = nn.relu %s1 : tensor<?x16x8x8xf32>
      nas.yield %r : tensor<?x16x8x8xf32>
    }
    case "tanh" {
      %t = nn.tanh %s1 : tensor<?x16x8x8xf32>
      nas.yield %t : tensor<?x16x8x8xf32>
    }
}

// Choices wrap any dialect's ops and values, not only nn tensors.
// CHECK-LABEL: nas.space @any_dialect {
// CHECK: %[[C:[a-z0-9_]+]] = nas.choice "impl" -> i32
// CHECK-NEXT: case "fast" {
// CHECK-NEXT: %[[F:[a-z0-9_]+]] = "other.fast"() : () -> i32
// CHECK-NEXT: nas.yield %[[F]] : i32
// CHECK: case "slow" {
// CHECK: "other.use"(%[[C]]) : (i32) -> ()
nas.space @any_dialect {
  %c = nas.choice "impl" -> i32
    case "fast" {
      %f = "other.fast"() : () -> i32
      nas.yield %f : i32
    }
    case "slow" {
      %s = "other.slow"() : () -> i32
      nas.yield %s : i32
    }
  "other.use"(%c) : (i32) -> ()
}

// Depth search: per-iteration decisions by default, `shared` for one decision
// for all iterations; depth 0 is the input itself. The input may be more
// static than the body's type.
// CHECK-LABEL: nas.space @repeat {
// CHECK: %[[X:[a-z0-9_]+]] = nn.input : tensor<?x32x16x16xf32>
// CHECK: %[[R:[a-z0-9_]+]] = nas.repeat "depth" [2, 3, 4] (%[[X]] : tensor<?x32x16x16xf32>) -> tensor<?x32x16x16xf32> {
// CHECK-NEXT: ^bb0(%[[A:[a-z0-9_]+]]: tensor<?x32x16x16xf32>):
// CHECK-NEXT:   %[[B:[a-z0-9_]+]] = nn.relu %[[A]] : tensor<?x32x16x16xf32>
// CHECK-NEXT:   nas.yield %[[B]] : tensor<?x32x16x16xf32>
// CHECK-NEXT: }
// CHECK: nas.repeat "depth2" [0, 1] (%[[R]] : tensor<?x32x16x16xf32>) -> tensor<?x32x16x16xf32> shared {
// CHECK: nas.choice "blk" -> tensor<?x32x16x16xf32>
// CHECK: nas.repeat "depth3" [1] (%[[X]] : tensor<?x32x16x16xf32>) -> tensor<?x32x?x?xf32> {
// CHECK-NEXT: ^bb0(%{{.*}}: tensor<?x32x?x?xf32>):
nas.space @repeat {
  %x = nn.input : tensor<?x32x16x16xf32>
  %r = nas.repeat "depth" [2, 3, 4] (%x : tensor<?x32x16x16xf32>) -> tensor<?x32x16x16xf32> {
  ^bb0(%a: tensor<?x32x16x16xf32>):
    %b = nn.relu %a : tensor<?x32x16x16xf32>
    nas.yield %b : tensor<?x32x16x16xf32>
  }
  %s = nas.repeat "depth2" [0, 1] (%r : tensor<?x32x16x16xf32>) -> tensor<?x32x16x16xf32> shared {
  ^bb0(%a: tensor<?x32x16x16xf32>):
    %c = nas.choice "blk" -> tensor<?x32x16x16xf32>
      case "conv" {
        %d = nn.conv2d %a {out_channels = 32, kernel = 3, padding = 1} : tensor<?x32x16x16xf32>
        nas.yield %d : tensor<?x32x16x16xf32>
      }
      case "id" {
        nas.yield %a : tensor<?x32x16x16xf32>
      }
    nas.yield %c : tensor<?x32x16x16xf32>
  }
  %t = nas.repeat "depth3" [1] (%x : tensor<?x32x16x16xf32>) -> tensor<?x32x?x?xf32> {
  ^bb0(%a: tensor<?x32x?x?xf32>):
    %p = nn.max_pool2d %a {kernel = 3, stride = 1, padding = 1} : tensor<?x32x?x?xf32>
    nas.yield %p : tensor<?x32x?x?xf32>
  }
}

// Input choice: `sum` keeps the (joined) type; `concat` multiplies the
// channels by the count when min == max and the channels agree, else `?`.
// CHECK-LABEL: nas.space @select {
// CHECK: nas.select "n2.in" "sum" min 1 max 2 (%[[A:[a-z0-9_]+]], %[[B:[a-z0-9_]+]]) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
// CHECK: nas.select "n3.in" "concat" min 2 max 2 (%[[A]], %[[B]], %[[A]]) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
// CHECK: nas.select "n4.in" "concat" min 1 max 2 (%[[A]], %[[B]]) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
// CHECK: nas.select "n5.in" "concat" min 1 max 1 (%[[A]], %[[C:[a-z0-9_]+]]) : tensor<?x16x8x8xf32>, tensor<?x32x8x8xf32>
// CHECK: nas.select "n6.in" "sum" min 1 max 1 (%[[A]], %[[D:[a-z0-9_]+]]) : tensor<?x16x8x8xf32>, tensor<?x16x?x?xf32>
// CHECK: nas.select "n7.in" "sum" min 1 max 1 (%[[A]]) {note = 1 : i64} : tensor<?x16x8x8xf32>
// TYPE: "nas.select"{{.*}} -> tensor<?x16x8x8xf32>
// TYPE: "nas.select"{{.*}} -> tensor<?x32x8x8xf32>
// TYPE: "nas.select"{{.*}} -> tensor<?x?x8x8xf32>
// TYPE: "nas.select"{{.*}} -> tensor<?x?x8x8xf32>
// TYPE: "nas.select"{{.*}} -> tensor<?x16x?x?xf32>
// TYPE: "nas.select"{{.*}} -> tensor<?x16x8x8xf32>
nas.space @select {
  %a = nn.input : tensor<?x16x8x8xf32>
  %b = nn.relu %a : tensor<?x16x8x8xf32>
  %c = nn.input : tensor<?x32x8x8xf32>
  %d = nn.input : tensor<?x16x?x?xf32>
  %0 = nas.select "n2.in" "sum" min 1 max 2 (%a, %b) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
  %1 = nas.select "n3.in" "concat" min 2 max 2 (%a, %b, %a) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
  %2 = nas.select "n4.in" "concat" min 1 max 2 (%a, %b) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
  %3 = nas.select "n5.in" "concat" min 1 max 1 (%a, %c) : tensor<?x16x8x8xf32>, tensor<?x32x8x8xf32>
  %4 = nas.select "n6.in" "sum" min 1 max 1 (%a, %d) : tensor<?x16x8x8xf32>, tensor<?x16x?x?xf32>
  %5 = nas.select "n7.in" "sum" min 1 max 1 (%a) {note = 1} : tensor<?x16x8x8xf32>
}

// Constraints (an upper bound on params, flops or edges) and objectives.
// CHECK-LABEL: nas.space @goals {
// CHECK: nas.constraint "params" <= 5000000
// CHECK: nas.constraint "flops" <= 0
// CHECK: nas.constraint "edges" <= 8 {note = "darts"}
// CHECK: nas.objective maximize "accuracy"
// CHECK: nas.objective minimize "params"
// CHECK: nas.objective minimize "flops"
// CHECK: nas.objective minimize "latency"
nas.space @goals {
  %x = nn.input : tensor<?x10xf32>
  nn.output %x : tensor<?x10xf32>
  nas.constraint "params" <= 5000000
  nas.constraint "flops" <= 0
  nas.constraint "edges" <= 8 {note = "darts"}
  nas.objective maximize "accuracy"
  nas.objective minimize "params"
  nas.objective minimize "flops"
  nas.objective minimize "latency"
}

// Predicates on decisions: in the space body, inside an alternative (naming
// the enclosing choice and a sibling), and in a repeat body (per iteration,
// naming the repeat around it and a site of the outer block).
// CHECK-LABEL: nas.space @rules {
// CHECK: nas.require "k == 7 implies e <= 4"
// CHECK: nas.require "act in ['relu', 'gelu'] or not (k >= 5 and e != 6)" {note = 1 : i64}
// CHECK: nas.require "e <= k"
// CHECK: nas.require "w == 0.5 implies mode == 'wide'"
// CHECK: nas.require "true"
// CHECK: nas.require "r > 1 implies (k < 7 or d == 3)"
nas.space @rules {
  %x = nn.input : tensor<?x16x8x8xf32>
  %k = nas.choice "k" -> tensor<?x16x8x8xf32>
    case 3 { nas.yield %x : tensor<?x16x8x8xf32> }
    case 5 { nas.yield %x : tensor<?x16x8x8xf32> }
    case 7 { nas.yield %x : tensor<?x16x8x8xf32> }
  %e = nas.choice "e" -> tensor<?x16x8x8xf32>
    case 3 { nas.yield %k : tensor<?x16x8x8xf32> }
    case 4 { nas.yield %k : tensor<?x16x8x8xf32> }
    case 6 { nas.yield %k : tensor<?x16x8x8xf32> }
  %a = nas.choice "act" -> tensor<?x16x8x8xf32>
    case "relu" { nas.yield %e : tensor<?x16x8x8xf32> }
    case "gelu" { nas.yield %e : tensor<?x16x8x8xf32> }
    case "tanh" { nas.yield %e : tensor<?x16x8x8xf32> }
  nas.require "k == 7 implies e <= 4"
  nas.require "act in ['relu', 'gelu'] or not (k >= 5 and e != 6)" {note = 1}
  nas.require "e <= k"
  %m = nas.choice "mode" -> tensor<?x16x8x8xf32>
    case "wide" {
      %w = nas.choice "w" -> tensor<?x16x8x8xf32>
        case 0.5 { nas.yield %a : tensor<?x16x8x8xf32> }
        case 1.0 { nas.yield %a : tensor<?x16x8x8xf32> }
      nas.require "w == 0.5 implies mode == 'wide'"
      nas.yield %w : tensor<?x16x8x8xf32>
    }
    case "narrow" {
      nas.require "true"
      nas.yield %a : tensor<?x16x8x8xf32>
    }
  %r = nas.repeat "r" [1, 2] (%m : tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32> {
  ^bb0(%b: tensor<?x16x8x8xf32>):
    %d = nas.choice "d" -> tensor<?x16x8x8xf32>
      case 1 { nas.yield %b : tensor<?x16x8x8xf32> }
      case 3 { nas.yield %b : tensor<?x16x8x8xf32> }
    nas.require "r > 1 implies (k < 7 or d == 3)"
    nas.yield %d : tensor<?x16x8x8xf32>
  }
  %f = nn.flatten %r : tensor<?x16x8x8xf32>
  nn.output %f : tensor<?x1024xf32>
}

// Cells: parameters with defaults, nas.from on ops and on a nested apply,
// several results, no parameters; applications with and without a prefix.
// CHECK-LABEL: nas.cell @conv(%arg0: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> params {C = 16 : i64, act = "relu", p = 5.000000e-01 : f64} attributes {note = 1 : i64} {
// CHECK: nn.conv2d %arg0 {kernel = 3 : i64, nas.from = {out_channels = "C", padding = "(3 - 1) / 2"}, out_channels = 16 : i64, padding = 1 : i64}
// CHECK: nn.dropout %{{.*}} {nas.from = {p = "p"}}
// CHECK: nas.yield
// CHECK-LABEL: nas.cell @pair(%arg0: tensor<?x8xf32>, %arg1: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
// CHECK-LABEL: nas.cell @twice(%arg0: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> params {W = 8 : i64} {
// CHECK: nas.apply @conv(%arg0) {} as "a" {nas.from = {C = "W * 2"}} : (tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
// CHECK-LABEL: nas.space @applies {
// CHECK: nas.apply @conv(%{{.*}}) {C = 32 : i64, p = 2.500000e-01 : f64} as "stem" : (tensor<?x3x8x8xf32>) -> tensor<?x32x8x8xf32>
// CHECK: nas.apply @twice(%{{.*}}) {} : (tensor<?x32x8x8xf32>) -> tensor<?x?x?x?xf32>
// CHECK: nas.apply @pair(%{{.*}}, %{{.*}}) {} as "p" : (tensor<?x8xf32>, tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
nas.cell @conv(%x: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> params {C = 16, act = "relu", p = 0.5} attributes {note = 1} {
  %c = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1, nas.from = {out_channels = "C", padding = "(3 - 1) / 2"}} : tensor<?x?x?x?xf32>
  %d = nn.dropout %c {p = 0.5, nas.from = {p = "p"}} : tensor<?x16x?x?xf32>
  nas.yield %d : tensor<?x16x?x?xf32>
}
nas.cell @pair(%a: tensor<?x8xf32>, %b: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  nas.yield %b, %a : tensor<?x8xf32>, tensor<?x8xf32>
}
nas.cell @twice(%x: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> params {W = 8} {
  %y = nas.apply @conv(%x) {} as "a" {nas.from = {C = "W * 2"}} : (tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  nas.yield %y : tensor<?x?x?x?xf32>
}
nas.space @applies {
  %x = nn.input : tensor<?x3x8x8xf32>
  %s = nas.apply @conv(%x) {C = 32, p = 0.25} as "stem" : (tensor<?x3x8x8xf32>) -> tensor<?x32x8x8xf32>
  %t = nas.apply @twice(%s) {} : (tensor<?x32x8x8xf32>) -> tensor<?x?x?x?xf32>
  %v = nn.input : tensor<?x8xf32>
  %p:2 = nas.apply @pair(%v, %v) {} as "p" : (tensor<?x8xf32>, tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  %f = nn.flatten %t : tensor<?x?x?x?xf32>
}

// A choice decided one repeat further out than it stands (`outer`).
// CHECK-LABEL: nas.space @outer {
// CHECK: nas.choice "w" outer 1 -> tensor<?x8xf32> {note = 2 : i64}
nas.space @outer {
  %x = nn.input : tensor<?x8xf32>
  %r = nas.repeat "d" [1, 2] (%x : tensor<?x8xf32>) -> tensor<?x8xf32> {
  ^bb0(%a: tensor<?x8xf32>):
    %w = nas.choice "w" outer 1 -> tensor<?x8xf32> {note = 2}
      case 1 { nas.yield %a : tensor<?x8xf32> }
      case 2 { nas.yield %a : tensor<?x8xf32> }
    nas.yield %w : tensor<?x8xf32>
  }
}

// A space may carry attributes; an empty space is a (trivial) space.
// CHECK-LABEL: nas.space @empty attributes {note = "x"} {
// CHECK-NEXT: }
nas.space @empty attributes {note = "x"} {
}
