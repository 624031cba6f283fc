// A space whose name closes the Graphviz graph name and adds a link to the
// graph (names-in-exports.test).
nas.space @"x\" { URL=\"javascript:alert(1)\" } digraph \"y" {
  %x = nn.input : tensor<?x1x8x8xf32>
  %a = nas.choice "act" -> tensor<?x1x8x8xf32>
    case "relu" {
      %r = nn.relu %x : tensor<?x1x8x8xf32>
      nas.yield %r : tensor<?x1x8x8xf32>
    }
  %f = nn.flatten %a : tensor<?x1x8x8xf32>
  %l = nn.linear %f {out_features = 10} : tensor<?x64xf32>
  nn.output %l : tensor<?x10xf32>
  nas.objective maximize "accuracy"
}
