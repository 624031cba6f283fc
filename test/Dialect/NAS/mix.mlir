// The relaxed IR of nas-relax: nas.mix, nas.mix_inputs and nas.share,
// round-tripped through the custom and the generic form.
// RUN: nasir-opt %s | nasir-opt | FileCheck %s
// RUN: nasir-opt %s --mlir-print-op-generic | nasir-opt | FileCheck %s

// CHECK-LABEL: nas.space @relaxed {
// CHECK:   %[[X:[a-z0-9_]+]] = nn.input : tensor<?x3x8x8xf32>
// CHECK:   %[[C:[a-z0-9_]+]] = nn.conv2d %[[X]] {kernel = 5 : i64, {{.*}}nas.share = [{channels = [16, 32], label = "w"}, {kernel = [3, 5], label = "k", padding = [1, 2]}]{{.*}}} : tensor<?x3x8x8xf32>
// CHECK:   %[[R:[a-z0-9_]+]] = nn.relu %[[C]] {nas.share = [{channels = [16, 32], label = "w"}]} : tensor<?x32x8x8xf32>
// CHECK:   %[[T:[a-z0-9_]+]] = nn.tanh %[[C]] : tensor<?x32x8x8xf32>
// CHECK:   %[[M:[a-z0-9_]+]] = nas.mix "act" ["relu", "tanh"] (%[[R]], %[[T]]) : tensor<?x32x8x8xf32>, tensor<?x32x8x8xf32>
// CHECK:   %[[D:[a-z0-9_]+]] = nas.mix "depth" [0, 1] (%[[C]], %[[M]]) : tensor<?x32x8x8xf32>, tensor<?x32x8x8xf32>
// CHECK:   %{{.*}} = nas.mix_inputs "in" sum min 1 max 2 (%[[C]], %[[M]], %[[D]]) : tensor<?x32x8x8xf32>, tensor<?x32x8x8xf32>, tensor<?x32x8x8xf32>
nas.space @relaxed {
  %x = nn.input : tensor<?x3x8x8xf32>
  %c = nn.conv2d %x {out_channels = 32, kernel = 5, padding = 2,
                     nas.share = [{label = "w", channels = [16, 32]},
                                  {label = "k", kernel = [3, 5], padding = [1, 2]}]} : tensor<?x3x8x8xf32>
  %r = nn.relu %c {nas.share = [{label = "w", channels = [16, 32]}]} : tensor<?x32x8x8xf32>
  %t = nn.tanh %c : tensor<?x32x8x8xf32>
  %m = nas.mix "act" ["relu", "tanh"] (%r, %t) : tensor<?x32x8x8xf32>, tensor<?x32x8x8xf32>
  %d = nas.mix "depth" [0, 1] (%c, %m) : tensor<?x32x8x8xf32>, tensor<?x32x8x8xf32>
  %s = nas.mix_inputs "in" sum min 1 max 2 (%c, %m, %d) : tensor<?x32x8x8xf32>, tensor<?x32x8x8xf32>, tensor<?x32x8x8xf32>
}

// A value option keeps its type: 0.75 is an f64.
// CHECK-LABEL: nas.space @floats {
// CHECK: nas.mix "width" [7.500000e-01, 1.000000e+00] (%{{.*}}, %{{.*}}) : tensor<?x4xf32>, tensor<?x4xf32>
nas.space @floats {
  %x = nn.input : tensor<?x4xf32>
  %a = nn.relu %x : tensor<?x4xf32>
  %m = nas.mix "width" [0.75, 1.0] (%x, %a) : tensor<?x4xf32>, tensor<?x4xf32>
}
