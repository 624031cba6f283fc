# A value choice declared outside a per-iteration repeat body and used by a
# layer inside it keeps the scope of its declaration: its nas.choice there
# is `outer K`, K the per-iteration repeats between the use and the
# declaration, so every iteration takes the one outer decision. Each knob of
# a nest has its own K; a require in the body names the outer choice by its
# label, and the empty choice that anchors it takes the same `outer`.
# RUN: nasir emit %s | FileCheck %s
# RUN: nasir emit %s | nasir-opt | nasir-opt | FileCheck %s
#
# By hand: w (2) x c (2) x (X + X^2) over d, X the candidates of one
# iteration of d: e (2) x (2 + 4) over `inner` with k per iteration = 12.
# The require leaves X = 12 for w = 16, c = 1 and only e = 1 (X = 6) for
# the 3 others: (12 + 144) + 3 x (6 + 36) = 282; the shared repeat `same`
# doubles it: 564.
# RUN: nasir count %s | FileCheck %s --check-prefix=COUNT
# COUNT: 564

space outer(input [8, 8, 8], classes 10) {
  w = one_of [16, 32]
  c = one_of [1, 3]
  x = conv(input, w, k=1)               # outside: no outer
  d = one_of [1, 2]
  repeat d (x) {
    e = one_of [1, 2]
    x = conv(x, w * e, k=c)             # a nest: w and c outer 1, e per iteration
    x = conv(x, w, k=1)
    require e == 2 implies w == 16 and c == 1
    repeat one_of [1, 2] as inner (x) {
      x = conv(x, w * e, k=one_of [1, 3] as k)
    }
  }
  repeat one_of [1, 2] as same (x) shared {
    x = conv(x, w, k=1)                 # a shared repeat adds no suffix
  }
  return linear(global_avg_pool(x), classes)
}

# CHECK-LABEL: nas.space @outer
# CHECK: nas.choice "w" -> tensor<?x?x8x8xf32>
# CHECK: nas.repeat "d" [1, 2]
# CHECK: nas.choice "w" outer 1 -> tensor<?x?x8x8xf32>
# CHECK-NEXT: case 16 {
# CHECK-NEXT: nas.choice "c" outer 1 -> tensor<?x?x8x8xf32>
# CHECK-NEXT: case 1 {
# CHECK-NEXT: nas.choice "e" -> tensor<?x?x8x8xf32>
# CHECK: nas.choice "w" outer 1 -> tensor<?x?x8x8xf32>
# CHECK-NEXT: case 16 {
# CHECK-NEXT: nn.conv2d
#
# e and c are nested in w's choice: empty choices name them before the
# require, c with its outer.
# CHECK: nas.choice "e"{{$}}
# CHECK-NEXT: case 1 {
# CHECK: nas.choice "c" outer 1{{$}}
# CHECK-NEXT: case 1 {
# CHECK-NEXT: nas.yield
# CHECK-NEXT: }
# CHECK-NEXT: case 3 {
# CHECK-NEXT: nas.yield
# CHECK-NEXT: }
# CHECK-NEXT: nas.require "e == 2 implies w == 16 and c == 1"
#
# In the inner body w is 2 repeats out, e (of the outer body) 1.
# CHECK-NEXT: nas.repeat "inner" [1, 2]
# CHECK: nas.choice "w" outer 2 -> tensor<?x?x8x8xf32>
# CHECK-NEXT: case 16 {
# CHECK-NEXT: nas.choice "e" outer 1 -> tensor<?x?x8x8xf32>
# CHECK-NEXT: case 1 {
# CHECK-NEXT: nas.choice "k" -> tensor<?x16x8x8xf32>
# CHECK: nas.repeat "same" [1, 2] {{.*}} shared {
# CHECK: nas.choice "w" -> tensor<?x?x8x8xf32>
# CHECK-NOT: outer
# CHECK: nn.output
