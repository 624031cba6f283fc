// Choices decided outside the repeat they stand in (`outer`): a width "w"
// chosen once for every iteration of "d" (with a per-iteration kernel "k"
// and a predicate between them), and a width "c" chosen once per iteration
// of the stage repeat "s" but used in every iteration of its block repeat
// "b". Count: (w, d, k) 2*(2+4) = 12 less those with w = 32 and a k of 5:
// 8; per stage iteration sum_b 2 * 2^b = 12, so s in {1, 2}: 12 + 144 = 156;
// in all 8 * 156 = 1248.
nas.space @outer {
  %x = nn.input : tensor<?x4xf32>
  %r = nas.repeat "d" [1, 2] (%x : tensor<?x4xf32>) -> tensor<?x4xf32> {
  ^bb0(%a: tensor<?x4xf32>):
    %w = nas.choice "w" outer 1 -> tensor<?x?xf32>
      case 16 { %l = nn.linear %a {out_features = 16} : tensor<?x4xf32>  nas.yield %l : tensor<?x16xf32> }
      case 32 { %l = nn.linear %a {out_features = 32} : tensor<?x4xf32>  nas.yield %l : tensor<?x32xf32> }
    %k = nas.choice "k" -> tensor<?x4xf32>
      case 3 { %l = nn.linear %w {out_features = 4} : tensor<?x?xf32>  nas.yield %l : tensor<?x4xf32> }
      case 5 { %l = nn.linear %w {out_features = 4} : tensor<?x?xf32>  nas.yield %l : tensor<?x4xf32> }
    nas.require "w == 32 implies k == 3"
    nas.yield %k : tensor<?x4xf32>
  }
  %s = nas.repeat "s" [1, 2] (%r : tensor<?x4xf32>) -> tensor<?x4xf32> {
  ^bb0(%a: tensor<?x4xf32>):
    %b = nas.repeat "b" [1, 2] (%a : tensor<?x4xf32>) -> tensor<?x4xf32> {
    ^bb0(%i: tensor<?x4xf32>):
      %c = nas.choice "c" outer 1 -> tensor<?x?xf32>
        case 8 { %l = nn.linear %i {out_features = 8} : tensor<?x4xf32>  nas.yield %l : tensor<?x8xf32> }
        case 12 { %l = nn.linear %i {out_features = 12} : tensor<?x4xf32>  nas.yield %l : tensor<?x12xf32> }
      %t = nas.choice "t" -> tensor<?x4xf32>
        case "relu" { %l = nn.linear %c {out_features = 4} : tensor<?x?xf32>  %v = nn.relu %l : tensor<?x4xf32>  nas.yield %v : tensor<?x4xf32> }
        case "tanh" { %l = nn.linear %c {out_features = 4} : tensor<?x?xf32>  %v = nn.tanh %l : tensor<?x4xf32>  nas.yield %v : tensor<?x4xf32> }
      nas.yield %t : tensor<?x4xf32>
    }
    nas.yield %b : tensor<?x4xf32>
  }
  %f = nn.linear %s {out_features = 2} : tensor<?x4xf32>
  nn.output %f : tensor<?x2xf32>
}
