// Combine modes, metrics and directions are ODS enum attributes: the custom
// form spells them as before ("sum", maximize "accuracy"), the generic form
// as #nas<enum value>, and ODS rejects anything else, a plain string
// included.
// RUN: nasir-opt %s | FileCheck %s
// RUN: nasir-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: nasir-opt %s --mlir-print-op-generic | nasir-opt | FileCheck %s

// CHECK-LABEL: nas.space @s
// CHECK: nas.select "in" "concat" min 1 max 2
// CHECK: nas.select "out" "sum" min 1 max 1
// CHECK: nas.constraint "params" <= 100
// CHECK: nas.constraint "fits"
// CHECK: nas.objective maximize "accuracy"
// CHECK: nas.objective minimize "latency"
// GENERIC: combine = #nas<combine concat>
// GENERIC: combine = #nas<combine sum>
// GENERIC: metric = #nas<constraint_metric params>
// GENERIC: direction = #nas<direction maximize>, metric = #nas<objective_metric accuracy>
nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  %a = nas.select "in" "concat" min 1 max 2 (%x, %x) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
  %f = nn.flatten %x : tensor<?x16x8x8xf32>
  %l = nn.linear %f {out_features = 10} : tensor<?x1024xf32>
  %b = nas.select "out" "sum" min 1 max 1 (%l) : tensor<?x10xf32>
  nn.output %b : tensor<?x10xf32>
  nas.constraint "params" <= 100
  nas.constraint "fits"
  nas.objective maximize "accuracy"
  nas.objective minimize "latency"
}
