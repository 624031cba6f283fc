// Four stacked linear layers, each of width 2, 4, 8 or 16: 256 candidates,
// all different networks (no two share a fingerprint). widths_table.py
// gives their accuracies, with one known optimum.
nas.space @widths {
  %x = nn.input : tensor<?x4xf32>
  %h1 = nas.choice "l1" -> tensor<?x?xf32>
    case 2 { %l = nn.linear %x {out_features = 2} : tensor<?x4xf32>  nas.yield %l : tensor<?x2xf32> }
    case 4 { %l = nn.linear %x {out_features = 4} : tensor<?x4xf32>  nas.yield %l : tensor<?x4xf32> }
    case 8 { %l = nn.linear %x {out_features = 8} : tensor<?x4xf32>  nas.yield %l : tensor<?x8xf32> }
    case 16 { %l = nn.linear %x {out_features = 16} : tensor<?x4xf32>  nas.yield %l : tensor<?x16xf32> }
  %h2 = nas.choice "l2" -> tensor<?x?xf32>
    case 2 { %l = nn.linear %h1 {out_features = 2} : tensor<?x?xf32>  nas.yield %l : tensor<?x2xf32> }
    case 4 { %l = nn.linear %h1 {out_features = 4} : tensor<?x?xf32>  nas.yield %l : tensor<?x4xf32> }
    case 8 { %l = nn.linear %h1 {out_features = 8} : tensor<?x?xf32>  nas.yield %l : tensor<?x8xf32> }
    case 16 { %l = nn.linear %h1 {out_features = 16} : tensor<?x?xf32>  nas.yield %l : tensor<?x16xf32> }
  %h3 = nas.choice "l3" -> tensor<?x?xf32>
    case 2 { %l = nn.linear %h2 {out_features = 2} : tensor<?x?xf32>  nas.yield %l : tensor<?x2xf32> }
    case 4 { %l = nn.linear %h2 {out_features = 4} : tensor<?x?xf32>  nas.yield %l : tensor<?x4xf32> }
    case 8 { %l = nn.linear %h2 {out_features = 8} : tensor<?x?xf32>  nas.yield %l : tensor<?x8xf32> }
    case 16 { %l = nn.linear %h2 {out_features = 16} : tensor<?x?xf32>  nas.yield %l : tensor<?x16xf32> }
  %h4 = nas.choice "l4" -> tensor<?x?xf32>
    case 2 { %l = nn.linear %h3 {out_features = 2} : tensor<?x?xf32>  nas.yield %l : tensor<?x2xf32> }
    case 4 { %l = nn.linear %h3 {out_features = 4} : tensor<?x?xf32>  nas.yield %l : tensor<?x4xf32> }
    case 8 { %l = nn.linear %h3 {out_features = 8} : tensor<?x?xf32>  nas.yield %l : tensor<?x8xf32> }
    case 16 { %l = nn.linear %h3 {out_features = 16} : tensor<?x?xf32>  nas.yield %l : tensor<?x16xf32> }
  %o = nn.linear %h4 {out_features = 2} : tensor<?x?xf32>
  nn.output %o : tensor<?x2xf32>
  nas.objective maximize "accuracy"
}
