// RUN: nasir-opt %s --split-input-file --verify-diagnostics --nas-verify-space

nas.space @reach {
  %x = nn.input : tensor<?x4xf32>
  %a = nn.relu %x : tensor<?x4xf32>
  // expected-warning @+1 {{option [0,1] of 'in' is in no valid candidate (ruled out by edges <= 1)}}
  %s = nas.select "in" "sum" min 1 max 2 (%x, %a) : tensor<?x4xf32>, tensor<?x4xf32>
  nn.output %s : tensor<?x4xf32>
  nas.constraint "edges" <= 1
}

// -----

// expected-error @+1 {{space @none has no valid candidate: no assignment meets edges <= 1}}
nas.space @none {
  %x = nn.input : tensor<?x4xf32>
  %a = nn.relu %x : tensor<?x4xf32>
  %s = nas.select "in" "sum" min 2 max 2 (%x, %a) : tensor<?x4xf32>, tensor<?x4xf32>
  nn.output %s : tensor<?x4xf32>
  nas.constraint "edges" <= 1
}

// -----

// expected-error @+1 {{no candidate of @big meets params <= 10: the smallest has 32}}
nas.space @big {
  %x = nn.input : tensor<?x4xf32>
  %l = nn.linear %x {out_features = 8, bias = false} : tensor<?x4xf32>
  nn.output %l : tensor<?x8xf32>
  nas.constraint "params" <= 10
}
