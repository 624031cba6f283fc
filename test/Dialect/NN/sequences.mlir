// The 1-D family on [N, C, L] sequences: conv1d, max_pool1d, avg_pool1d, and
// the layers that also take them (batch_norm, layer_norm, global_avg_pool,
// linear on the last dimension, flatten): round trip, inferred types, cost.
// RUN: nasir-opt %s | nasir-opt | FileCheck %s
// RUN: nasir-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=TYPE
// RUN: nasir-opt %s --nas-cost | FileCheck %s --check-prefix=COST

// CHECK-LABEL: nas.space @conv1d
// CHECK: nn.conv1d %[[X:[a-z0-9_]+]] {kernel = 3 : i64, out_channels = 16 : i64, padding = 1 : i64} : tensor<?x8x8xf32>
// CHECK: nn.batch_norm %{{.*}} : tensor<?x16x8xf32>
// CHECK: nn.max_pool1d %{{.*}} {kernel = 2 : i64} : tensor<?x16x8xf32>
// CHECK: nn.conv1d %{{.*}} {bias = true, kernel = 3 : i64, out_channels = 32 : i64, padding = 1 : i64} : tensor<?x16x4xf32>
// CHECK: nn.avg_pool1d %{{.*}} {kernel = 2 : i64} : tensor<?x32x4xf32>
// CHECK: nn.layer_norm %{{.*}} : tensor<?x32x2xf32>
// CHECK: nn.global_avg_pool %{{.*}} : tensor<?x32x2xf32>
// Defaults: stride 1, padding 0, dilation 1, groups 1, no bias; a pool's
// stride is its kernel.
// TYPE: "nn.conv1d"{{.*}}{bias = false, dilation = 1 : i64, groups = 1 : i64, kernel = 3 : i64, out_channels = 16 : i64, padding = 1 : i64, stride = 1 : i64} : (tensor<?x8x8xf32>) -> tensor<?x16x8xf32>
// TYPE: "nn.batch_norm"{{.*}} : (tensor<?x16x8xf32>) -> tensor<?x16x8xf32>
// TYPE: "nn.max_pool1d"{{.*}} : (tensor<?x16x8xf32>) -> tensor<?x16x4xf32>
// TYPE: "nn.conv1d"{{.*}} : (tensor<?x16x4xf32>) -> tensor<?x32x4xf32>
// TYPE: "nn.avg_pool1d"{{.*}}{count_include_pad = false, kernel = 2 : i64, padding = 0 : i64} : (tensor<?x32x4xf32>) -> tensor<?x32x2xf32>
// TYPE: "nn.layer_norm"{{.*}} : (tensor<?x32x2xf32>) -> tensor<?x32x2xf32>
// TYPE: "nn.global_avg_pool"{{.*}} : (tensor<?x32x2xf32>) -> tensor<?x32xf32>
// TYPE: "nn.linear"{{.*}} : (tensor<?x32xf32>) -> tensor<?x10xf32>
// conv 16*8*3 + bn 2*16 + conv 32*16*3+32 + ln 2*64 + linear 330 = 2442;
// FLOPs 6144 + 256 + 128 + 128 + 12416 + 128 + 128 + 64 + 650 = 20042.
// COST-LABEL: nas.space @conv1d
// COST-SAME: nas.flops = 20042 : i64, nas.macs = 9536 : i64, nas.params = 2442 : i64
nas.space @conv1d {
  %x = nn.input : tensor<?x8x8xf32>
  %c = nn.conv1d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x8x8xf32>
  %b = nn.batch_norm %c : tensor<?x16x8xf32>
  %r = nn.relu %b : tensor<?x16x8xf32>
  %p = nn.max_pool1d %r {kernel = 2} : tensor<?x16x8xf32>
  %c2 = nn.conv1d %p {out_channels = 32, kernel = 3, padding = 1, bias = true} : tensor<?x16x4xf32>
  %a = nn.avg_pool1d %c2 {kernel = 2} : tensor<?x32x4xf32>
  %n = nn.layer_norm %a : tensor<?x32x2xf32>
  %g = nn.global_avg_pool %n : tensor<?x32x2xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x32xf32>
  nn.output %l : tensor<?x10xf32>
}

// Windows: stride, dilation, groups and padding as in conv2d, on the length.
// (12 + 2*2 - 2*(3-1) - 1) / 2 + 1 = 6
// TYPE: "nn.conv1d"{{.*}} : (tensor<?x8x12xf32>) -> tensor<?x4x6xf32>
// (12 + 2 - 3) / 1 + 1 = 12
// TYPE: "nn.max_pool1d"{{.*}} : (tensor<?x8x12xf32>) -> tensor<?x8x12xf32>
// (12 + 2 - 3) / 2 + 1 = 6
// TYPE: "nn.avg_pool1d"{{.*}} : (tensor<?x8x12xf32>) -> tensor<?x8x6xf32>
// An open length stays open; the channels are known.
// TYPE: "nn.conv1d"{{.*}} : (tensor<?x8x?xf32>) -> tensor<?x4x?xf32>
nas.space @windows {
  %x = nn.input : tensor<?x8x12xf32>
  %c = nn.conv1d %x {out_channels = 4, kernel = 3, stride = 2, padding = 2, dilation = 2, groups = 4} : tensor<?x8x12xf32>
  %m = nn.max_pool1d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x8x12xf32>
  %a = nn.avg_pool1d %x {kernel = 3, stride = 2, padding = 1, count_include_pad = true} : tensor<?x8x12xf32>
  %d = nn.input : tensor<?x8x?xf32>
  %e = nn.conv1d %d {out_channels = 4, kernel = 3} : tensor<?x8x?xf32>
}

// linear acts on the last dimension of [N, C, L]; flatten makes [N, C*L].
// TYPE: "nn.linear"{{.*}} : (tensor<?x4x6xf32>) -> tensor<?x4x3xf32>
// TYPE: "nn.flatten"{{.*}} : (tensor<?x4x3xf32>) -> tensor<?x12xf32>
// linear 6*3+3 + linear 12*10+10 = 151; FLOPs 12*(2*6+1) + 10*(2*12+1) = 406;
// MACs 12*6 + 10*12 = 192.
// COST-LABEL: nas.space @rows
// COST-SAME: nas.flops = 406 : i64, nas.macs = 192 : i64, nas.params = 151 : i64
nas.space @rows {
  %x = nn.input : tensor<?x4x6xf32>
  %l = nn.linear %x {out_features = 3} : tensor<?x4x6xf32>
  %f = nn.flatten %l : tensor<?x4x3xf32>
  %o = nn.linear %f {out_features = 10} : tensor<?x12xf32>
  nn.output %o : tensor<?x10xf32>
}
