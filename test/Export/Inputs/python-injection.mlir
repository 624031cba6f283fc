// A space whose name ends a Python comment line and a string, and whose
// labels hold quotes and backslashes (names-in-exports.test).
nas.space @"n\0Aimport os; os.system(\"touch pwned\")\0A#\\\"'" {
  %x = nn.input : tensor<?x1x8x8xf32>
  %a = nas.choice "act\"\0A)\\" -> tensor<?x1x8x8xf32>
    case "re\"lu\\\0A" {
      %r = nn.relu %x : tensor<?x1x8x8xf32>
      nas.yield %r : tensor<?x1x8x8xf32>
    }
  %f = nn.flatten %a : tensor<?x1x8x8xf32>
  %l = nn.linear %f {out_features = 10} : tensor<?x64xf32>
  nn.output %l : tensor<?x10xf32>
  nas.objective maximize "accuracy"
}
