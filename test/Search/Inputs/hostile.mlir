// A space whose decision name and labels are shell code: the command
// evaluator must pass them as data (command-quoting.test).
nas.space @hostile {
  %x = nn.input : tensor<?x1x8x8xf32>
  %a = nas.choice "act'; touch pwned-name; echo '" -> tensor<?x1x8x8xf32>
    case "x'; touch pwned-quote; echo '" {
      %r = nn.relu %x : tensor<?x1x8x8xf32>
      nas.yield %r : tensor<?x1x8x8xf32>
    }
    case "$(touch pwned-subst) `touch pwned-tick`" {
      %t = nn.tanh %x : tensor<?x1x8x8xf32>
      nas.yield %t : tensor<?x1x8x8xf32>
    }
    case "\"; touch pwned-dquote; \"\0A" {
      %s = nn.sigmoid %x : tensor<?x1x8x8xf32>
      nas.yield %s : tensor<?x1x8x8xf32>
    }
  %f = nn.flatten %a : tensor<?x1x8x8xf32>
  %l = nn.linear %f {out_features = 10} : tensor<?x64xf32>
  nn.output %l : tensor<?x10xf32>
  nas.objective maximize "accuracy"
}
