// nas-relax on op and subgraph choices: every alternative inlined, the
// results mixed under the choice's label, nested choices first.
// RUN: nasir-opt %s --split-input-file --nas-relax | FileCheck %s
// RUN: nasir-opt %s --split-input-file --nas-relax | nasir-opt --split-input-file | FileCheck %s

// CHECK-LABEL: nas.space @op_choice
// CHECK-SAME: nas.labels = [{kind = "op", name = "act", options = ["relu", "tanh", "skip"]}]
// CHECK:      %[[X:[a-z0-9_]+]] = nn.input : tensor<?x16x8x8xf32>
// CHECK-NEXT: %[[R:[a-z0-9_]+]] = nn.relu %[[X]] : tensor<?x16x8x8xf32>
// CHECK-NEXT: %[[T:[a-z0-9_]+]] = nn.tanh %[[X]] : tensor<?x16x8x8xf32>
// CHECK-NEXT: %[[M:[a-z0-9_]+]] = nas.mix "act" ["relu", "tanh", "skip"] (%[[R]], %[[T]], %[[X]])
// CHECK-NEXT: nn.global_avg_pool %[[M]]
// CHECK-NOT: nas.choice
nas.space @op_choice {
  %x = nn.input : tensor<?x16x8x8xf32>
  %y = nas.choice "act" -> tensor<?x16x8x8xf32>
    case "relu" {
      %r = nn.relu %x : tensor<?x16x8x8xf32>
      nas.yield %r : tensor<?x16x8x8xf32>
    }
    case "tanh" {
      %t = nn.tanh %x : tensor<?x16x8x8xf32>
      nas.yield %t : tensor<?x16x8x8xf32>
    }
    case "skip" {
      nas.yield %x : tensor<?x16x8x8xf32>
    }
  %g = nn.global_avg_pool %y : tensor<?x16x8x8xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x16xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

// A choice nested in an alternative is relaxed inside it first; the outer
// mix then takes the inner mix. The require is dropped.
// CHECK-LABEL: nas.space @nested
// CHECK-SAME: nas.labels = [{kind = "op", name = "block", options = ["conv", "pool"]}, {kind = "value", name = "k", options = [3, 5]}]
// CHECK:      %[[X:[a-z0-9_]+]] = nn.input
// CHECK-NEXT: %[[C3:[a-z0-9_]+]] = nn.conv2d %[[X]] {kernel = 3 : i64, {{.*}}stride = 2 : i64} :
// CHECK-NEXT: %[[C5:[a-z0-9_]+]] = nn.conv2d %[[X]] {dilation = 2 : i64, kernel = 5 : i64, out_channels = 8 : i64} :
// CHECK-NEXT: %[[K:[a-z0-9_]+]] = nas.mix "k" [3, 5] (%[[C3]], %[[C5]])
// CHECK-NEXT: %[[P:[a-z0-9_]+]] = nn.max_pool2d %[[X]]
// CHECK-NEXT: %[[B:[a-z0-9_]+]] = nas.mix "block" ["conv", "pool"] (%[[K]], %[[P]])
// CHECK-NOT: nas.require
nas.space @nested {
  %x = nn.input : tensor<?x8x16x16xf32>
  %y = nas.choice "block" -> tensor<?x8x8x8xf32>
    case "conv" {
      // Strides differ: not one graph, mixed as copies (yields of one type).
      %c = nas.choice "k" -> tensor<?x8x8x8xf32>
        case 3 {
          %a = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1, stride = 2} : tensor<?x8x16x16xf32>
          nas.yield %a : tensor<?x8x8x8xf32>
        }
        case 5 {
          %b = nn.conv2d %x {out_channels = 8, kernel = 5, padding = 0, stride = 1, dilation = 2} : tensor<?x8x16x16xf32>
          nas.yield %b : tensor<?x8x8x8xf32>
        }
      nas.require "k == 3"
      nas.yield %c : tensor<?x8x8x8xf32>
    }
    case "pool" {
      %p = nn.max_pool2d %x {kernel = 2, stride = 2} : tensor<?x8x16x16xf32>
      nas.yield %p : tensor<?x8x8x8xf32>
    }
  %g = nn.global_avg_pool %y : tensor<?x8x8x8xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x8xf32>
  nn.output %l : tensor<?x10xf32>
}
