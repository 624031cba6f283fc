// Predicates on decisions at every kind of place: between sibling choices,
// inside an alternative (naming the enclosing choice, a sibling in the
// alternative and an uncle outside it), inside a repeat body (per iteration,
// naming the repeat and a site outside it), next to a label shared by two
// alternatives, and together with an edges bound.
nas.space @rules {
  %x = nn.input : tensor<?x4xf32>
  %k = nas.choice "k" -> tensor<?x4xf32>
    case 3 { nas.yield %x : tensor<?x4xf32> }
    case 5 { nas.yield %x : tensor<?x4xf32> }
    case 7 { nas.yield %x : tensor<?x4xf32> }
  %e = nas.choice "e" -> tensor<?x4xf32>
    case 3 { nas.yield %k : tensor<?x4xf32> }
    case 4 { nas.yield %k : tensor<?x4xf32> }
    case 6 { nas.yield %k : tensor<?x4xf32> }
  nas.require "k == 7 implies e <= 4"
  %m = nas.choice "mode" -> tensor<?x4xf32>
    case "wide" {
      %w = nas.choice "w" -> tensor<?x4xf32>
        case 1 { nas.yield %e : tensor<?x4xf32> }
        case 2 { nas.yield %e : tensor<?x4xf32> }
        case 4 { nas.yield %e : tensor<?x4xf32> }
      %a = nas.choice "act" -> tensor<?x4xf32>
        case "relu" { %r = nn.relu %w : tensor<?x4xf32>  nas.yield %r : tensor<?x4xf32> }
        case "tanh" { %r = nn.tanh %w : tensor<?x4xf32>  nas.yield %r : tensor<?x4xf32> }
      nas.require "w == 4 or act == 'relu'"
      nas.require "mode == 'wide' and (w < k or e == 3)"
      nas.yield %a : tensor<?x4xf32>
    }
    case "narrow" {
      %a = nas.choice "act" -> tensor<?x4xf32>
        case "relu" { %r = nn.relu %e : tensor<?x4xf32>  nas.yield %r : tensor<?x4xf32> }
        case "tanh" { %r = nn.tanh %e : tensor<?x4xf32>  nas.yield %r : tensor<?x4xf32> }
      nas.yield %a : tensor<?x4xf32>
    }
  %r = nas.repeat "r" [1, 2, 3] (%m : tensor<?x4xf32>) -> tensor<?x4xf32> {
  ^bb0(%b: tensor<?x4xf32>):
    %d = nas.choice "d" -> tensor<?x4xf32>
      case 1 { nas.yield %b : tensor<?x4xf32> }
      case 2 { nas.yield %b : tensor<?x4xf32> }
      case 3 { nas.yield %b : tensor<?x4xf32> }
    nas.require "r == 3 implies (d != 2 or k != 5)"
    nas.yield %d : tensor<?x4xf32>
  }
  %s = nas.select "in" "sum" min 1 max 2 (%x, %k, %r) : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
  nas.constraint "edges" <= 1
  %f = nn.linear %s {out_features = 3} : tensor<?x4xf32>
  nn.output %f : tensor<?x3xf32>
}
