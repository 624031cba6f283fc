// Every nn op, every optional attribute and its default, round-tripped through
// the custom and the generic form; TYPE checks the result type each op infers
// (the generic form prints it, the custom form only implies it).
// RUN: nasir-opt %s | nasir-opt | FileCheck %s
// RUN: nasir-opt %s --mlir-print-op-generic | nasir-opt | FileCheck %s
// RUN: nasir-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=TYPE

// CHECK-LABEL: nas.space @input_output
// CHECK: %[[X:[a-z0-9_]+]] = nn.input : tensor<?x1x28x28xf32>
// CHECK: %[[F:[a-z0-9_]+]] = nn.flatten %[[X]] : tensor<?x1x28x28xf32>
// CHECK: %[[L:[a-z0-9_]+]] = nn.linear %[[F]] {out_features = 10 : i64} : tensor<?x784xf32>
// CHECK: nn.output %[[L]] : tensor<?x10xf32>
// TYPE: "nn.input"() : () -> tensor<?x1x28x28xf32>
// TYPE: "nn.flatten"{{.*}} -> tensor<?x784xf32>
// TYPE: "nn.linear"{{.*}}{bias = true, out_features = 10 : i64}{{.*}} -> tensor<?x10xf32>
// TYPE: "nn.output"{{.*}} : (tensor<?x10xf32>) -> ()
nas.space @input_output {
  %x = nn.input : tensor<?x1x28x28xf32>
  %f = nn.flatten %x : tensor<?x1x28x28xf32>
  %l = nn.linear %f {out_features = 10} : tensor<?x784xf32>
  nn.output %l : tensor<?x10xf32>
}

// An input whose spatial size is open (bound later by nas-bind-input): the
// unknown dimensions propagate as `?`.
// CHECK-LABEL: nas.space @dynamic_input
// CHECK: nn.input : tensor<?x3x?x?xf32>
// CHECK: nn.conv2d %{{.*}} {kernel = 3 : i64, out_channels = 8 : i64} : tensor<?x3x?x?xf32>
// CHECK: nn.max_pool2d %{{.*}} {kernel = 2 : i64} : tensor<?x8x?x?xf32>
// CHECK: nn.global_avg_pool %{{.*}} : tensor<?x8x?x?xf32>
// CHECK: nn.flatten %{{.*}} : tensor<?x8x?x?xf32>
// CHECK: nn.output %{{.*}} : tensor<?x?xf32>
// TYPE: "nn.conv2d"{{.*}} -> tensor<?x8x?x?xf32>
// TYPE: "nn.max_pool2d"{{.*}} -> tensor<?x8x?x?xf32>
// TYPE: "nn.global_avg_pool"{{.*}} -> tensor<?x8xf32>
// TYPE: "nn.flatten"{{.*}} -> tensor<?x?xf32>
nas.space @dynamic_input {
  %x = nn.input : tensor<?x3x?x?xf32>
  %c = nn.conv2d %x {out_channels = 8, kernel = 3} : tensor<?x3x?x?xf32>
  %p = nn.max_pool2d %c {kernel = 2} : tensor<?x8x?x?xf32>
  %g = nn.global_avg_pool %p : tensor<?x8x?x?xf32>
  %f = nn.flatten %p : tensor<?x8x?x?xf32>
  nn.output %f : tensor<?x?xf32>
}

// Output size (H + 2*padding - dilation*(kernel-1) - 1) / stride + 1; defaults
// stride 1, padding 0, dilation 1, groups 1, no bias. Attributes equal to their
// default are not printed.
// CHECK-LABEL: nas.space @conv2d
// CHECK: %[[X:[a-z0-9_]+]] = nn.input
// CHECK: %[[A:[a-z0-9_]+]] = nn.conv2d %[[X]] {kernel = 3 : i64, out_channels = 16 : i64} : tensor<?x3x32x32xf32>
// CHECK: nn.conv2d %[[X]] {kernel = 3 : i64, out_channels = 16 : i64, padding = 1 : i64, stride = 2 : i64} : tensor<?x3x32x32xf32>
// CHECK: nn.conv2d %[[X]] {dilation = 2 : i64, kernel = 3 : i64, out_channels = 16 : i64, padding = 2 : i64} : tensor<?x3x32x32xf32>
// CHECK: nn.conv2d %[[X]] {bias = true, kernel = 5 : i64, out_channels = 4 : i64, stride = 3 : i64} : tensor<?x3x32x32xf32>
// CHECK: nn.conv2d %[[A]] {groups = 4 : i64, kernel = 1 : i64, out_channels = 8 : i64} : tensor<?x16x30x30xf32>
// CHECK: nn.conv2d %[[A]] {bias = true, groups = 16 : i64, kernel = 3 : i64, out_channels = 16 : i64, padding = 1 : i64} : tensor<?x16x30x30xf32>
// TYPE: "nn.conv2d"{{.*}}{bias = false, dilation = 1 : i64, groups = 1 : i64, kernel = 3 : i64, out_channels = 16 : i64, padding = 0 : i64, stride = 1 : i64} : (tensor<?x3x32x32xf32>) -> tensor<?x16x30x30xf32>
// TYPE: "nn.conv2d"{{.*}} -> tensor<?x16x16x16xf32>
// TYPE: "nn.conv2d"{{.*}} -> tensor<?x16x32x32xf32>
// TYPE: "nn.conv2d"{{.*}} -> tensor<?x4x10x10xf32>
// TYPE: "nn.conv2d"{{.*}} -> tensor<?x8x30x30xf32>
// TYPE: "nn.conv2d"{{.*}} -> tensor<?x16x30x30xf32>
nas.space @conv2d {
  %x = nn.input : tensor<?x3x32x32xf32>
  // 32 - 3 + 1 = 30
  %a = nn.conv2d %x {out_channels = 16, kernel = 3} : tensor<?x3x32x32xf32>
  // (32 + 2 - 3) / 2 + 1 = 16
  %b = nn.conv2d %x {out_channels = 16, kernel = 3, stride = 2, padding = 1} : tensor<?x3x32x32xf32>
  // (32 + 4 - 2*2 - 1) / 1 + 1 = 32
  %c = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 2, dilation = 2} : tensor<?x3x32x32xf32>
  // (32 - 5) / 3 + 1 = 10
  %d = nn.conv2d %x {out_channels = 4, kernel = 5, stride = 3, bias = true} : tensor<?x3x32x32xf32>
  %e = nn.conv2d %a {out_channels = 8, kernel = 1, groups = 4} : tensor<?x16x30x30xf32>
  // Every attribute spelled out (depthwise): the defaults are dropped.
  %f = nn.conv2d %a {out_channels = 16, kernel = 3, stride = 1, padding = 1, dilation = 1, groups = 16, bias = true} : tensor<?x16x30x30xf32>
}

// CHECK-LABEL: nas.space @linear
// CHECK: nn.linear %{{.*}} {out_features = 32 : i64} : tensor<?x64xf32>
// CHECK: nn.linear %{{.*}} {bias = false, out_features = 10 : i64} : tensor<?x32xf32>
// TYPE: "nn.linear"{{.*}} -> tensor<?x32xf32>
// TYPE: "nn.linear"{{.*}}{bias = false, out_features = 10 : i64}{{.*}} -> tensor<?x10xf32>
nas.space @linear {
  %x = nn.input : tensor<?x64xf32>
  %a = nn.linear %x {out_features = 32} : tensor<?x64xf32>
  %b = nn.linear %a {out_features = 10, bias = false} : tensor<?x32xf32>
  nn.output %b : tensor<?x10xf32>
}

// CHECK-LABEL: nas.space @normalization
// CHECK: nn.batch_norm %[[X:[a-z0-9_]+]] : tensor<?x16x8x8xf32>
// CHECK: nn.batch_norm %[[X]] {affine = false, eps = 1.000000e-03 : f64, momentum = 2.500000e-01 : f64} : tensor<?x16x8x8xf32>
// CHECK: nn.batch_norm %[[F:[a-z0-9_]+]] : tensor<?x1024xf32>
// CHECK: nn.layer_norm %[[F]] : tensor<?x1024xf32>
// CHECK: nn.layer_norm %[[X]] {affine = false, eps = 1.000000e-04 : f64} : tensor<?x16x8x8xf32>
// TYPE: "nn.batch_norm"{{.*}}{affine = true, eps = 1.000000e-05 : f64, momentum = 1.000000e-01 : f64} : (tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32>
// TYPE: "nn.batch_norm"{{.*}}{affine = false, eps = 1.000000e-03 : f64, momentum = 2.500000e-01 : f64} : (tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32>
// TYPE: "nn.batch_norm"{{.*}} : (tensor<?x1024xf32>) -> tensor<?x1024xf32>
// TYPE: "nn.layer_norm"{{.*}}{affine = true, eps = 1.000000e-05 : f64} : (tensor<?x1024xf32>) -> tensor<?x1024xf32>
// TYPE: "nn.layer_norm"{{.*}}{affine = false, eps = 1.000000e-04 : f64} : (tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32>
nas.space @normalization {
  %x = nn.input : tensor<?x16x8x8xf32>
  %a = nn.batch_norm %x : tensor<?x16x8x8xf32>
  %b = nn.batch_norm %x {affine = false, eps = 1.0e-3, momentum = 0.25} : tensor<?x16x8x8xf32>
  %f = nn.flatten %x : tensor<?x16x8x8xf32>
  %c = nn.batch_norm %f : tensor<?x1024xf32>
  %d = nn.layer_norm %f : tensor<?x1024xf32>
  %e = nn.layer_norm %x {affine = false, eps = 1.0e-4} : tensor<?x16x8x8xf32>
}

// CHECK-LABEL: nas.space @activations
// CHECK: nn.relu %[[X:[a-z0-9_]+]] : tensor<?x16x8x8xf32>
// CHECK: nn.relu6 %[[X]] : tensor<?x16x8x8xf32>
// CHECK: nn.gelu %[[X]] : tensor<?x16x8x8xf32>
// CHECK: nn.sigmoid %[[X]] : tensor<?x16x8x8xf32>
// CHECK: nn.silu %[[X]] : tensor<?x16x8x8xf32>
// CHECK: nn.hardswish %[[X]] : tensor<?x16x8x8xf32>
// CHECK: nn.tanh %[[X]] : tensor<?x16x8x8xf32>
// CHECK: nn.relu %{{.*}} : tensor<?x?xf32>
// TYPE-COUNT-7: (tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32>
// TYPE: "nn.relu"{{.*}} : (tensor<?x?xf32>) -> tensor<?x?xf32>
nas.space @activations {
  %x = nn.input : tensor<?x16x8x8xf32>
  %a = nn.relu %x : tensor<?x16x8x8xf32>
  %b = nn.relu6 %x : tensor<?x16x8x8xf32>
  %c = nn.gelu %x : tensor<?x16x8x8xf32>
  %d = nn.sigmoid %x : tensor<?x16x8x8xf32>
  %e = nn.silu %x : tensor<?x16x8x8xf32>
  %f = nn.hardswish %x : tensor<?x16x8x8xf32>
  %g = nn.tanh %x : tensor<?x16x8x8xf32>
  %v = nn.input : tensor<?x?xf32>
  %h = nn.relu %v : tensor<?x?xf32>
}

// `stride` defaults to `kernel`; padding 0; avg_pool2d excludes padding from
// the average unless count_include_pad.
// CHECK-LABEL: nas.space @pooling
// CHECK: nn.max_pool2d %[[X:[a-z0-9_]+]] {kernel = 2 : i64} : tensor<?x16x32x32xf32>
// CHECK: nn.max_pool2d %[[X]] {kernel = 3 : i64, padding = 1 : i64, stride = 1 : i64} : tensor<?x16x32x32xf32>
// CHECK: nn.avg_pool2d %[[X]] {kernel = 3 : i64} : tensor<?x16x32x32xf32>
// CHECK: nn.avg_pool2d %[[X]] {count_include_pad = true, kernel = 3 : i64, padding = 1 : i64, stride = 2 : i64} : tensor<?x16x32x32xf32>
// CHECK: nn.global_avg_pool %[[X]] : tensor<?x16x32x32xf32>
// TYPE: "nn.max_pool2d"{{.*}}{kernel = 2 : i64, padding = 0 : i64} : (tensor<?x16x32x32xf32>) -> tensor<?x16x16x16xf32>
// TYPE: "nn.max_pool2d"{{.*}} -> tensor<?x16x32x32xf32>
// TYPE: "nn.avg_pool2d"{{.*}}{count_include_pad = false, kernel = 3 : i64, padding = 0 : i64} : (tensor<?x16x32x32xf32>) -> tensor<?x16x10x10xf32>
// TYPE: "nn.avg_pool2d"{{.*}} -> tensor<?x16x16x16xf32>
// TYPE: "nn.global_avg_pool"{{.*}} -> tensor<?x16xf32>
nas.space @pooling {
  %x = nn.input : tensor<?x16x32x32xf32>
  // 32 / 2 = 16
  %a = nn.max_pool2d %x {kernel = 2} : tensor<?x16x32x32xf32>
  %b = nn.max_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x16x32x32xf32>
  // (32 - 3) / 3 + 1 = 10
  %c = nn.avg_pool2d %x {kernel = 3} : tensor<?x16x32x32xf32>
  // (32 + 2 - 3) / 2 + 1 = 16
  %d = nn.avg_pool2d %x {kernel = 3, stride = 2, padding = 1, count_include_pad = true} : tensor<?x16x32x32xf32>
  %e = nn.global_avg_pool %x : tensor<?x16x32x32xf32>
}

// add: one or more operands of one shape; where they disagree on a `?` the
// result keeps what they agree on. mul: equal shapes or [N, C] scales.
// CHECK-LABEL: nas.space @add_mul
// CHECK: nn.add %[[X:[a-z0-9_]+]] : tensor<?x16x8x8xf32>
// CHECK: nn.add %[[X]], %[[X]], %[[X]] : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
// CHECK: nn.add %[[X]], %[[D:[a-z0-9_]+]] : tensor<?x16x8x8xf32>, tensor<?x16x?x?xf32>
// CHECK: nn.mul %[[X]], %[[X]] : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
// CHECK: nn.mul %[[X]], %[[G:[a-z0-9_]+]] : tensor<?x16x8x8xf32>, tensor<?x16xf32>
// CHECK: nn.mul %[[G]], %[[G]] : tensor<?x16xf32>, tensor<?x16xf32>
// TYPE: "nn.add"{{.*}} : (tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32>
// TYPE: "nn.add"{{.*}} -> tensor<?x16x8x8xf32>
// TYPE: "nn.add"{{.*}} : (tensor<?x16x8x8xf32>, tensor<?x16x?x?xf32>) -> tensor<?x16x?x?xf32>
// TYPE: "nn.mul"{{.*}} -> tensor<?x16x8x8xf32>
// TYPE: "nn.mul"{{.*}} : (tensor<?x16x8x8xf32>, tensor<?x16xf32>) -> tensor<?x16x8x8xf32>
// TYPE: "nn.mul"{{.*}} -> tensor<?x16xf32>
nas.space @add_mul {
  %x = nn.input : tensor<?x16x8x8xf32>
  %d = nn.input : tensor<?x16x?x?xf32>
  %a = nn.add %x : tensor<?x16x8x8xf32>
  %b = nn.add %x, %x, %x : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
  %c = nn.add %x, %d : tensor<?x16x8x8xf32>, tensor<?x16x?x?xf32>
  %e = nn.mul %x, %x : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
  %g = nn.global_avg_pool %x : tensor<?x16x8x8xf32>
  %f = nn.mul %x, %g : tensor<?x16x8x8xf32>, tensor<?x16xf32>
  %h = nn.mul %g, %g : tensor<?x16xf32>, tensor<?x16xf32>
}

// concat sums the channels; an unknown channel count makes the sum unknown.
// CHECK-LABEL: nas.space @concat
// CHECK: nn.concat %[[A:[a-z0-9_]+]], %[[B:[a-z0-9_]+]] : tensor<?x16x8x8xf32>, tensor<?x32x8x8xf32>
// CHECK: nn.concat %[[A]], %[[B]], %[[A]] : tensor<?x16x8x8xf32>, tensor<?x32x8x8xf32>, tensor<?x16x8x8xf32>
// CHECK: nn.concat %[[A]], %[[C:[a-z0-9_]+]] : tensor<?x16x8x8xf32>, tensor<?x?x8x8xf32>
// CHECK: nn.concat %[[V:[a-z0-9_]+]], %[[V]] : tensor<?x10xf32>, tensor<?x10xf32>
// CHECK: nn.concat %[[A]] : tensor<?x16x8x8xf32>
// TYPE: "nn.concat"{{.*}} -> tensor<?x48x8x8xf32>
// TYPE: "nn.concat"{{.*}} -> tensor<?x64x8x8xf32>
// TYPE: "nn.concat"{{.*}} -> tensor<?x?x8x8xf32>
// TYPE: "nn.concat"{{.*}} -> tensor<?x20xf32>
// TYPE: "nn.concat"{{.*}} -> tensor<?x16x8x8xf32>
nas.space @concat {
  %a = nn.input : tensor<?x16x8x8xf32>
  %b = nn.input : tensor<?x32x8x8xf32>
  %c = nn.input : tensor<?x?x8x8xf32>
  %v = nn.input : tensor<?x10xf32>
  %0 = nn.concat %a, %b : tensor<?x16x8x8xf32>, tensor<?x32x8x8xf32>
  %1 = nn.concat %a, %b, %a : tensor<?x16x8x8xf32>, tensor<?x32x8x8xf32>, tensor<?x16x8x8xf32>
  %2 = nn.concat %a, %c : tensor<?x16x8x8xf32>, tensor<?x?x8x8xf32>
  %3 = nn.concat %v, %v : tensor<?x10xf32>, tensor<?x10xf32>
  %4 = nn.concat %a : tensor<?x16x8x8xf32>
}

// CHECK-LABEL: nas.space @structure
// CHECK: nn.identity %[[X:[a-z0-9_]+]] : tensor<?x16x32x31xf32>
// CHECK: nn.zero %[[X]] : tensor<?x16x32x31xf32>
// CHECK: nn.zero %[[X]] {stride = 2 : i64} : tensor<?x16x32x31xf32>
// CHECK: nn.zero %[[V:[a-z0-9_]+]] : tensor<?x10xf32>
// CHECK: nn.flatten %[[X]] : tensor<?x16x32x31xf32>
// CHECK: nn.flatten %[[V]] : tensor<?x10xf32>
// CHECK: nn.dropout %[[V]] : tensor<?x10xf32>
// CHECK: nn.dropout %[[V]] {p = 2.000000e-01 : f64} : tensor<?x10xf32>
// CHECK: nn.dropout %[[V]] {p = 0.000000e+00 : f64} : tensor<?x10xf32>
// TYPE: "nn.identity"{{.*}} -> tensor<?x16x32x31xf32>
// TYPE: "nn.zero"{{.*}}{stride = 1 : i64} : (tensor<?x16x32x31xf32>) -> tensor<?x16x32x31xf32>
// TYPE: "nn.zero"{{.*}}{stride = 2 : i64} : (tensor<?x16x32x31xf32>) -> tensor<?x16x16x16xf32>
// TYPE: "nn.zero"{{.*}} : (tensor<?x10xf32>) -> tensor<?x10xf32>
// TYPE: "nn.flatten"{{.*}} -> tensor<?x15872xf32>
// TYPE: "nn.flatten"{{.*}} -> tensor<?x10xf32>
// TYPE: "nn.dropout"{{.*}}{p = 5.000000e-01 : f64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
// TYPE: "nn.dropout"{{.*}}{p = 2.000000e-01 : f64}
// TYPE: "nn.dropout"{{.*}}{p = 0.000000e+00 : f64}
nas.space @structure {
  %x = nn.input : tensor<?x16x32x31xf32>
  %v = nn.input : tensor<?x10xf32>
  %a = nn.identity %x : tensor<?x16x32x31xf32>
  %b = nn.zero %x : tensor<?x16x32x31xf32>
  // (32 - 1) / 2 + 1 = 16, (31 - 1) / 2 + 1 = 16
  %c = nn.zero %x {stride = 2} : tensor<?x16x32x31xf32>
  %d = nn.zero %v : tensor<?x10xf32>
  // 16 * 32 * 31 = 15872
  %e = nn.flatten %x : tensor<?x16x32x31xf32>
  %f = nn.flatten %v : tensor<?x10xf32>
  %g = nn.dropout %v : tensor<?x10xf32>
  %h = nn.dropout %v {p = 0.2} : tensor<?x10xf32>
  %i = nn.dropout %v {p = 0.0} : tensor<?x10xf32>
}
