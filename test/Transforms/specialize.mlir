// RUN: nasir-opt %s --split-input-file --nas-specialize='decisions={"act":"tanh","depth":2,"k#0":5,"k#1":3,"in":[0,2]}' | FileCheck %s

// Choice inlined, repeat unrolled with per-iteration labels, select combined by
// a sum, and the types downstream re-inferred.
// CHECK-LABEL: nas.space @tiny
// CHECK-SAME: nas.decisions = {act = "tanh", depth = 2 : i64, in = [0, 2], "k#0" = 5 : i64, "k#1" = 3 : i64}
// CHECK:      %[[X:.*]] = nn.input
// CHECK:      %[[C:.*]] = nn.conv2d %[[X]] {kernel = 3 : i64
// CHECK-NEXT: %[[T:.*]] = nn.tanh %[[C]]
// CHECK-NEXT: %[[K0:.*]] = nn.conv2d %[[T]] {kernel = 5 : i64
// CHECK-NEXT: %[[K1:.*]] = nn.conv2d %[[K0]] {kernel = 3 : i64
// CHECK-NEXT: %[[S:.*]] = nn.add %[[C]], %[[K1]]
// CHECK-NOT:  nas.choice
// CHECK-NOT:  nas.repeat
// CHECK-NOT:  nas.select
nas.space @tiny {
  %x = nn.input : tensor<?x3x32x32xf32>
  %c = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x3x32x32xf32>
  %y = nas.choice "act" -> tensor<?x16x32x32xf32>
    case "relu" {
      %r = nn.relu %c : tensor<?x16x32x32xf32>
      nas.yield %r : tensor<?x16x32x32xf32>
    }
    case "tanh" {
      %t = nn.tanh %c : tensor<?x16x32x32xf32>
      nas.yield %t : tensor<?x16x32x32xf32>
    }
  %d = nas.repeat "depth" [1, 2] (%y : tensor<?x16x32x32xf32>) -> tensor<?x16x32x32xf32> {
  ^bb0(%a: tensor<?x16x32x32xf32>):
    %k = nas.choice "k" -> tensor<?x16x32x32xf32>
      case 3 {
        %q = nn.conv2d %a {out_channels = 16, kernel = 3, padding = 1} : tensor<?x16x32x32xf32>
        nas.yield %q : tensor<?x16x32x32xf32>
      }
      case 5 {
        %q = nn.conv2d %a {out_channels = 16, kernel = 5, padding = 2} : tensor<?x16x32x32xf32>
        nas.yield %q : tensor<?x16x32x32xf32>
      }
    nas.yield %k : tensor<?x16x32x32xf32>
  }
  %s = nas.select "in" "sum" min 1 max 2 (%c, %y, %d) : tensor<?x16x32x32xf32>, tensor<?x16x32x32xf32>, tensor<?x16x32x32xf32>
  %g = nn.global_avg_pool %s : tensor<?x16x32x32xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x16xf32>
  nn.output %l : tensor<?x10xf32>
}
