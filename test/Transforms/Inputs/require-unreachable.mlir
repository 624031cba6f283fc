nas.space @some {
  %x = nn.input : tensor<?x4xf32>
  // expected-warning @+1 {{option 5 of 'k' is in no valid candidate (ruled out by nas.require)}}
  %k = nas.choice "k" -> tensor<?x4xf32>
    case 3 { nas.yield %x : tensor<?x4xf32> }
    case 5 { nas.yield %x : tensor<?x4xf32> }
  nas.require "k < 4"
  %f = nn.linear %k {out_features = 2} : tensor<?x4xf32>
  nn.output %f : tensor<?x2xf32>
}

// -----

// expected-error @+1 {{space @none has no valid candidate: no assignment meets nas.require}}
nas.space @none {
  %x = nn.input : tensor<?x4xf32>
  %k = nas.choice "k" -> tensor<?x4xf32>
    case 3 { nas.yield %x : tensor<?x4xf32> }
    case 5 { nas.yield %x : tensor<?x4xf32> }
  nas.require "k < 4 and k > 4"
  %f = nn.linear %k {out_features = 2} : tensor<?x4xf32>
  nn.output %f : tensor<?x2xf32>
}
