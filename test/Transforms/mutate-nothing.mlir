// RUN: nasir-opt %s --verify-diagnostics --nas-mutate
// A space whose only decision has one option: mutation says so.

// expected-error @+1 {{nothing to mutate: every active decision has a single option}}
nas.space @fixed attributes {nas.decisions = {act = "relu"}} {
  %x = nn.input : tensor<?x4xf32>
  %y = nas.choice "act" -> tensor<?x4xf32>
    case "relu" {
      %r = nn.relu %x : tensor<?x4xf32>
      nas.yield %r : tensor<?x4xf32>
    }
  nn.output %y : tensor<?x4xf32>
}
