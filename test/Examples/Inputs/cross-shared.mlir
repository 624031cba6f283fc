// Label "L" sits in one alternative of "A" and in one alternative of "B": it is
// a decision when either is taken. Assignments: (a1,b1): 3, (a1,b2): 3,
// (a2,b1): 3, (a2,b2): 1 = 10 (counted by inclusion-exclusion).
nas.space @cross {
  %x = nn.input : tensor<?x4xf32>
  %a = nas.choice "A" -> tensor<?x4xf32>
    case "a1" {
      %l = nas.choice "L" -> tensor<?x4xf32>
        case "relu" { %r = nn.relu %x : tensor<?x4xf32>  nas.yield %r : tensor<?x4xf32> }
        case "tanh" { %r = nn.tanh %x : tensor<?x4xf32>  nas.yield %r : tensor<?x4xf32> }
        case "gelu" { %r = nn.gelu %x : tensor<?x4xf32>  nas.yield %r : tensor<?x4xf32> }
      nas.yield %l : tensor<?x4xf32>
    }
    case "a2" { nas.yield %x : tensor<?x4xf32> }
  %b = nas.choice "B" -> tensor<?x4xf32>
    case "b1" {
      %l = nas.choice "L" -> tensor<?x4xf32>
        case "relu" { %r = nn.relu %a : tensor<?x4xf32>  nas.yield %r : tensor<?x4xf32> }
        case "tanh" { %r = nn.tanh %a : tensor<?x4xf32>  nas.yield %r : tensor<?x4xf32> }
        case "gelu" { %r = nn.gelu %a : tensor<?x4xf32>  nas.yield %r : tensor<?x4xf32> }
      nas.yield %l : tensor<?x4xf32>
    }
    case "b2" { nas.yield %a : tensor<?x4xf32> }
  nn.output %b : tensor<?x4xf32>
}
