// nas-relax on repeats and input choices.
// RUN: nasir-opt %s --split-input-file --nas-relax | FileCheck %s
// RUN: nasir-opt %s --split-input-file --nas-relax | nasir-opt --split-input-file | FileCheck %s

// A repeat unrolled to its largest depth: labels per iteration (act#0,
// act#1) as decisions spell them, a choice decided outside (`outer 1`) keeps
// its label, a shared repeat keeps its body's labels, a nas.mix over the
// depths takes the value after 0, 1 and 2 iterations; a single depth 0 is
// the input.
// CHECK-LABEL: nas.space @repeat attributes {nas.labels = [{kind = "depth", name = "d", options = [0, 1, 2]}, {kind = "op", name = "act#0", options = ["relu", "tanh"]}, {kind = "op", name = "g", options = ["relu", "sigmoid"]}, {kind = "op", name = "act#1", options = ["relu", "tanh"]}, {kind = "depth", name = "s", options = [1, 2]}, {kind = "op", name = "sa", options = ["relu", "tanh"]}, {kind = "depth", name = "one", options = [0]}]}
// CHECK:      %[[X:[0-9]+]] = nn.input
// CHECK:      nas.mix "act#0" ["relu", "tanh"]
// CHECK:      %[[G0:[0-9]+]] = nas.mix "g" ["relu", "sigmoid"]
// CHECK:      nas.mix "act#1" ["relu", "tanh"]
// CHECK:      %[[G1:[0-9]+]] = nas.mix "g" ["relu", "sigmoid"]
// CHECK-NEXT: %[[D:[0-9]+]] = nas.mix "d" [0, 1, 2] (%[[X]], %[[G0]], %[[G1]])
// CHECK:      %[[S0:[0-9]+]] = nas.mix "sa" ["relu", "tanh"]
// CHECK:      %[[S1:[0-9]+]] = nas.mix "sa" ["relu", "tanh"]
// CHECK-NEXT: %[[S:[0-9]+]] = nas.mix "s" [1, 2] (%[[S0]], %[[S1]])
// CHECK-NEXT: nn.global_avg_pool %[[S]]
// CHECK-NOT: nas.repeat
nas.space @repeat {
  %x = nn.input : tensor<?x8x4x4xf32>
  %y = nas.repeat "d" [0, 1, 2] (%x : tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32> {
  ^bb0(%a: tensor<?x8x4x4xf32>):
    %b = nas.choice "act" -> tensor<?x8x4x4xf32>
      case "relu" {
        %r = nn.relu %a : tensor<?x8x4x4xf32>
        nas.yield %r : tensor<?x8x4x4xf32>
      }
      case "tanh" {
        %t = nn.tanh %a : tensor<?x8x4x4xf32>
        nas.yield %t : tensor<?x8x4x4xf32>
      }
    %c = nas.choice "g" outer 1 -> tensor<?x8x4x4xf32>
      case "relu" {
        %r = nn.relu %b : tensor<?x8x4x4xf32>
        nas.yield %r : tensor<?x8x4x4xf32>
      }
      case "sigmoid" {
        %t = nn.sigmoid %b : tensor<?x8x4x4xf32>
        nas.yield %t : tensor<?x8x4x4xf32>
      }
    nas.yield %c : tensor<?x8x4x4xf32>
  }
  %z = nas.repeat "s" [1, 2] (%y : tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32> shared {
  ^bb0(%a: tensor<?x8x4x4xf32>):
    %b = nas.choice "sa" -> tensor<?x8x4x4xf32>
      case "relu" {
        %r = nn.relu %a : tensor<?x8x4x4xf32>
        nas.yield %r : tensor<?x8x4x4xf32>
      }
      case "tanh" {
        %t = nn.tanh %a : tensor<?x8x4x4xf32>
        nas.yield %t : tensor<?x8x4x4xf32>
      }
    nas.yield %b : tensor<?x8x4x4xf32>
  }
  %w = nas.repeat "one" [0] (%z : tensor<?x8x4x4xf32>) -> tensor<?x8x4x4xf32> {
  ^bb0(%a: tensor<?x8x4x4xf32>):
    %r = nn.relu %a : tensor<?x8x4x4xf32>
    nas.yield %r : tensor<?x8x4x4xf32>
  }
  %g = nn.global_avg_pool %w : tensor<?x8x4x4xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x8xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

// A sum pick: every input weighted (nas.mix_inputs); a concatenating pick of
// all its inputs is their concatenation.
// CHECK-LABEL: nas.space @select attributes {nas.labels = [{kind = "inputs", max = 2 : i64, min = 1 : i64, n = 3 : i64, name = "in"}, {kind = "inputs", max = 2 : i64, min = 2 : i64, n = 2 : i64, name = "all"}]}
// CHECK:      %[[X:[0-9]+]] = nn.input
// CHECK-NEXT: %[[A:[0-9]+]] = nn.relu %[[X]]
// CHECK-NEXT: %[[B:[0-9]+]] = nn.tanh %[[X]]
// CHECK-NEXT: %[[S:[0-9]+]] = nas.mix_inputs "in" sum min 1 max 2 (%[[X]], %[[A]], %[[B]])
// CHECK-NEXT: nn.concat %[[S]], %[[A]] : tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>
// CHECK-NOT: nas.select
nas.space @select {
  %x = nn.input : tensor<?x8x4x4xf32>
  %a = nn.relu %x : tensor<?x8x4x4xf32>
  %b = nn.tanh %x : tensor<?x8x4x4xf32>
  %s = nas.select "in" "sum" min 1 max 2 (%x, %a, %b) : tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>
  %c = nas.select "all" "concat" min 2 max 2 (%s, %a) : tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>
  %g = nn.global_avg_pool %c : tensor<?x16x4x4xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x16xf32>
  nn.output %l : tensor<?x10xf32>
}
