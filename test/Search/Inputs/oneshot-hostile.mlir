// A one-shot space whose label and option names are HTML and script: the
// report's architecture-weights charts must show them as text
// (test/Report/oneshot-hostile.test).
nas.space @hostile {
  %x = nn.input : tensor<?x1x8x8xf32>
  %c = nn.conv2d %x {out_channels = 4, kernel = 3, padding = 1} : tensor<?x1x8x8xf32>
  %a = nas.choice "<script>alert('label')</script>&\"" -> tensor<?x4x8x8xf32>
    case "<img src=x onerror=alert(1)>" {
      %r = nn.relu %c : tensor<?x4x8x8xf32>
      nas.yield %r : tensor<?x4x8x8xf32>
    }
    case "</text></svg><b>tanh</b>" {
      %t = nn.tanh %c : tensor<?x4x8x8xf32>
      nas.yield %t : tensor<?x4x8x8xf32>
    }
  %f = nn.flatten %a : tensor<?x4x8x8xf32>
  %l = nn.linear %f {out_features = 10} : tensor<?x256xf32>
  nn.output %l : tensor<?x10xf32>
  nas.objective maximize "accuracy"
}
