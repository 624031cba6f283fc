// The enum attributes are checked by ODS: a string where an enum belongs is
// rejected by the op's attribute constraint, in the generic form too.
// RUN: nasir-opt %s -split-input-file -verify-diagnostics

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.select' op attribute 'combine' failed to satisfy constraint: how nas.select combines its inputs}}
  %a = "nas.select"(%x) {label = "in", combine = "sum", min = 1 : i64, max = 1 : i64} : (tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32>
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.objective' op attribute 'metric' failed to satisfy constraint: what nas.objective measures}}
  "nas.objective"() {direction = #nas<direction maximize>, metric = "accuracy"} : () -> ()
}

// -----

nas.space @s {
  // expected-error @+2 {{expected ::nasir::nas::Direction to be one of: minimize, maximize}}
  // expected-error @+1 {{failed to parse NAS_DirectionAttr parameter 'value'}}
  nas.objective best "accuracy"
}
