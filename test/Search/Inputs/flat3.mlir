// Three features in, ten logits out, and no `nas.bind = "classes"` on the
// classifier: a three-class dataset does not fit (test/Search/dataset.test).
nas.space @flat3 {
  %x = nn.input : tensor<?x3xf32>
  %h = nas.choice "width" -> tensor<?x?xf32>
    case 4 {
      %a = nn.linear %x {out_features = 4} : tensor<?x3xf32>
      nas.yield %a : tensor<?x4xf32>
    }
    case 8 {
      %b = nn.linear %x {out_features = 8} : tensor<?x3xf32>
      nas.yield %b : tensor<?x8xf32>
    }
  %l = nn.linear %h {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
  nas.objective maximize "accuracy"
}
