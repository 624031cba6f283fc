// A space whose label and options are HTML and script: the report's table
// (and every other view) must show them as text (table-hostile.test).
nas.space @hostile_table {
  %x = nn.input : tensor<?x1x8x8xf32>
  %c = nas.choice "width" -> tensor<?x?x8x8xf32>
    case 4 {
      %a = nn.conv2d %x {out_channels = 4, kernel = 3, padding = 1} : tensor<?x1x8x8xf32>
      nas.yield %a : tensor<?x4x8x8xf32>
    }
    case 16 {
      %b = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x1x8x8xf32>
      nas.yield %b : tensor<?x16x8x8xf32>
    }
  %a = nas.choice "<script>alert('label')</script>&\"" -> tensor<?x?x8x8xf32>
    case "</script><script>alert(1)</script>" {
      %r = nn.relu %c : tensor<?x?x8x8xf32>
      nas.yield %r : tensor<?x?x8x8xf32>
    }
    case "<img src=x onerror=alert(1)>" {
      %t = nn.tanh %c : tensor<?x?x8x8xf32>
      nas.yield %t : tensor<?x?x8x8xf32>
    }
    case "\"'><b>x</b>\\" {
      %g = nn.gelu %c : tensor<?x?x8x8xf32>
      nas.yield %g : tensor<?x?x8x8xf32>
    }
  %f = nn.flatten %a : tensor<?x?x8x8xf32>
  %l = nn.linear %f {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
  nas.objective maximize "accuracy"
}
