// RUN: nasir-opt %s --nas-bind-dataset='shape=1x28x28 classes=7' --nas-cost | FileCheck %s
// The dataset binds the input shape and the class count; types re-inferred.
// conv 8*1*9+8 = 80 params, 6272 outputs * (2*9+1) FLOPs; pool 6272; linear 8*7+7 = 63, 7*(2*8+1).
// CHECK: nas.space @img attributes {nas.flops = 125559 : i64, nas.macs = 56504 : i64, nas.params = 143 : i64}
// CHECK: nn.input : tensor<?x1x28x28xf32>
// CHECK: nn.conv2d %{{.*}} : tensor<?x1x28x28xf32>
// CHECK: nn.linear %{{.*}} {nas.bind = "classes", out_features = 7 : i64} : tensor<?x8xf32>
// CHECK: nn.output %{{.*}} : tensor<?x7xf32>
nas.space @img {
  %x = nn.input : tensor<?x3x32x32xf32>
  %c = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1, bias = true} : tensor<?x3x32x32xf32>
  %p = nn.global_avg_pool %c : tensor<?x8x32x32xf32>
  %l = nn.linear %p {out_features = 10, nas.bind = "classes"} : tensor<?x8xf32>
  nn.output %l : tensor<?x10xf32>
}
