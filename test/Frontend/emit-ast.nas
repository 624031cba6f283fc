# RUN: nasir emit %s --to=ast | FileCheck %s
import "std/blocks.nas"

def cell(x, C=16) {
  shared op edge(h) = one_of { none: zero(h) | conv: conv(h, C, k=3) }
  return edge(x) as e1_0 + x
}

space s(input [3, 8, 8], classes 10) {
  k = one_of [3, 5]
  for i in 0..2 {
    if i > 0 {
      input = cell(input)
    }
  }
  repeat one_of [1, 2] as depth (input) shared {
    input = relu(input)
  }
  y = sum(pick 1..2 of [input, input])
  return linear(global_avg_pool(y), classes)
  constraint params <= 5M
  maximize accuracy
}

# CHECK: File {{.*}}emit-ast.nas
# CHECK-NEXT:  @2:1 Import "std/blocks.nas"
# CHECK-NEXT:  @4:5 Def cell(x, C=...)
# CHECK-NEXT:    @5:3 SharedOp edge(h)
# CHECK-NEXT:      @5:23 OpChoice
# CHECK-NEXT:        @5:38 Alternative none
# CHECK-NEXT:          @5:38 Call zero
# CHECK-NEXT:            @5:43 Name h
# CHECK-NEXT:        @5:54 Alternative conv
# CHECK:         @6:3 Return
# CHECK-NEXT:      @6:26 Binary +
# CHECK-NEXT:        @6:10 As e1_0
# CHECK-NEXT:          @6:10 Call edge
# CHECK:       @9:7 Space s
# CHECK-NEXT:    @9:9 Input
# CHECK-NEXT:      @9:16 Int 3
# CHECK:         @9:34 Classes
# CHECK-NEXT:      @9:34 Int 10
# CHECK-NEXT:    @10:3 Assign k
# CHECK-NEXT:      @10:7 ValueChoice
# CHECK-NEXT:        @10:15 Int 3
# CHECK:         @11:3 For i
# CHECK:           @12:5 If
# CHECK-NEXT:        @12:10 Binary >
# CHECK:         @16:3 Repeat input shared-iterations
# CHECK-NEXT:      @16:10 As depth
# CHECK-NEXT:        @16:10 ValueChoice
# CHECK:         @19:3 Assign y
# CHECK-NEXT:      @19:7 Call sum
# CHECK-NEXT:        @19:11 Pick
# CHECK:         @21:3 Constraint params <=
# CHECK-NEXT:      @21:24 Int 5000000
# CHECK-NEXT:    @22:3 Maximize accuracy
