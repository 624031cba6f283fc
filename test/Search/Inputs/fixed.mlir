// A space without any decision: one network.
nas.space @fixed {
  %x = nn.input : tensor<?x4xf32>
  %l = nn.linear %x {out_features = 2} : tensor<?x4xf32>
  nn.output %l : tensor<?x2xf32>
}
