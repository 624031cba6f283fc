nas.space @reach {
  %x = nn.input : tensor<?x4xf32>
  %a = nn.relu %x : tensor<?x4xf32>
  %s = nas.select "in" "sum" min 1 max 2 (%x, %a) : tensor<?x4xf32>, tensor<?x4xf32>
  nn.output %s : tensor<?x4xf32>
  nas.constraint "edges" <= 1
}
