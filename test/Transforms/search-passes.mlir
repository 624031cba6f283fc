// Count: act (2) x depth (1: 2 kernels, 2: 4 kernel pairs) x select (3 + 3) = 72.
// RUN: nasir-opt %s --nas-count | FileCheck %s --check-prefix=COUNT
// COUNT: nas.count = "72"

// Sampling is seeded and complete: specializing its decisions leaves nothing open.
// RUN: nasir-opt %s --nas-sample=seed=7 --nas-specialize | FileCheck %s --check-prefix=SAMPLE
// RUN: nasir-opt %s --nas-sample=seed=7 > %t.a
// RUN: nasir-opt %s --nas-sample=seed=7 > %t.b
// RUN: diff %t.a %t.b
// SAMPLE: nas.decisions = {act = {{.*}}, depth = {{.*}}, in = [{{.*}}]
// SAMPLE-NOT: nas.choice
// SAMPLE-NOT: nas.repeat

// Mutation changes decisions and keeps them complete.
// RUN: nasir-opt %s --nas-sample=seed=7 --nas-mutate=seed=1 --nas-specialize | FileCheck %s --check-prefix=MUTATE
// MUTATE: nas.decisions
// MUTATE-NOT: nas.choice

// Cost of the open space: min and max without enumerating.
// RUN: nasir-opt %s --nas-cost | FileCheck %s --check-prefix=RANGE
// RANGE: nas.flops_max = 27148618 : i64, nas.flops_min = 5636426 : i64, nas.macs_max = 13549728 : i64, nas.macs_min = 2801824 : i64, nas.params_max = 13402 : i64, nas.params_min = 2906 : i64

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
