# RUN: nasir emit %s | FileCheck %s
# RUN: nasir emit %s | nasir-opt | FileCheck %s
# RUN: nasir emit %s --loc | FileCheck %s --check-prefix=LOC

# A layer whose attributes depend on two knobs: a nest of nas.choice, the
# first-declared knob outermost, each leaf with plain attributes.
def block(x, C) {
  k = one_of [3, 5]
  e = one_of [1, 2]
  return conv(x, C * e, k=k)
}

space emit(input [3, 8, 8], classes 10) {
  x = block(input, 4)
  x = block(x, 4) as named
  a = one_of { relu: relu(x) | t: tanh(x) }
  a = one_of { relu: relu(a) | sig: sigmoid(a) }
  repeat one_of [0, 2] as depth (a) shared {
    kk = one_of [1, 3]
    a = avg_pool(a, k=kk, stride=1, pad=kk // 2)
  }
  s = sum(pick 1..2 of [a, relu(a)] as inputs)
  return linear(global_avg_pool(s), classes)
  constraint params <= 1.5M
  minimize flops
}

# CHECK-LABEL: nas.space @emit
# CHECK: %[[IN:.*]] = nn.input : tensor<?x3x8x8xf32>
# CHECK: nas.choice "block0.k" -> tensor<?x?x8x8xf32>
# CHECK-NEXT: case 3 {
# CHECK-NEXT: nas.choice "block0.e" -> tensor<?x?x8x8xf32>
# CHECK-NEXT: case 1 {
# CHECK-NEXT: nn.conv2d %[[IN]] {kernel = 3 : i64, out_channels = 4 : i64, padding = 1 : i64}
# CHECK: case 2 {
# CHECK-NEXT: nn.conv2d %[[IN]] {kernel = 3 : i64, out_channels = 8 : i64, padding = 1 : i64}
# CHECK: case 5 {
# CHECK-NEXT: nas.choice "block0.e"
# CHECK-NEXT: case 1 {
# CHECK-NEXT: nn.conv2d %[[IN]] {kernel = 5 : i64, out_channels = 4 : i64, padding = 2 : i64}
# CHECK: nas.choice "named.k"
# CHECK: nas.choice "named.e"
# CHECK: nas.choice "a" -> tensor<?x?x8x8xf32>
# CHECK-NEXT: case "relu"
# CHECK: case "t"
# CHECK: nas.choice "a_1"
# CHECK: case "relu"
# CHECK: case "sig"
# CHECK: nas.repeat "depth" [0, 2] ({{.*}}) -> tensor<?x?x8x8xf32> shared {
# CHECK: ^bb0(%{{.*}}: tensor<?x?x8x8xf32>):
# CHECK: nas.choice "kk"
# CHECK: nas.select "inputs" "sum" min 1 max 2
# CHECK: nn.linear %{{.*}} {nas.bind = "classes", out_features = 10 : i64}
# CHECK: nn.output
# CHECK: nas.constraint "params" <= 1500000
# CHECK: nas.objective minimize "flops"

# LOC: nn.input {{.*}} loc("{{.*}}emit-mlir.nas":13:12)
# LOC: nn.conv2d {{.*}} loc("{{.*}}emit-mlir.nas":10:10)
# LOC: nn.tanh {{.*}} loc("{{.*}}emit-mlir.nas":16:35)
# LOC: } loc("{{.*}}emit-mlir.nas":16:7)
