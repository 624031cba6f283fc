// What can go wrong when cells are instantiated. (Errors in an instance also
// carry the application as a call site: inline-cells.test checks that note.)
// RUN: nasir-opt --nas-inline-cells %s -split-input-file -verify-diagnostics

nas.cell @a(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = nas.apply @b(%x) {} : (tensor<?x8xf32>) -> tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}
nas.cell @b(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{cell @a applies itself (through @b): cells cannot be recursive}}
  %y = nas.apply @a(%x) {} : (tensor<?x8xf32>) -> tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}
nas.space @s {
  %x = nn.input : tensor<?x8xf32>
  %y = nas.apply @a(%x) {} : (tensor<?x8xf32>) -> tensor<?x8xf32>
}

// -----

// A parameter that makes a binding fail only in one instance.
nas.cell @div(%x: tensor<?x8xf32>) -> tensor<?x?xf32> params {G = 1} {
  // expected-error @+1 {{'nas.from' of 'out_features': division by zero at column 3 in "8 / G" (parameters: {G = 0 : i64})}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = "8 / G"}} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}
nas.space @s {
  %x = nn.input : tensor<?x8xf32>
  %y = nas.apply @div(%x) {G = 0} : (tensor<?x8xf32>) -> tensor<?x?xf32>
}

// -----

// An instance whose shapes do not fit: found when the types are re-inferred.
nas.cell @sum(%x: tensor<?x?xf32>) -> tensor<?x?xf32> params {W = 8} {
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = "W"}} : tensor<?x?xf32>
  // expected-error @+1 {{'nn.add' operand #1 has type 'tensor<?x4xf32>' but operand #0 has 'tensor<?x8xf32>'}}
  %z = nn.add %x, %y : tensor<?x?xf32>, tensor<?x8xf32>
  nas.yield %z : tensor<?x?xf32>
}
nas.space @s {
  %x = nn.input : tensor<?x8xf32>
  %a = nas.apply @sum(%x) {} : (tensor<?x8xf32>) -> tensor<?x?xf32>
  %b = nas.apply @sum(%x) {W = 4} : (tensor<?x8xf32>) -> tensor<?x?xf32>
}
