// Three convolution widths of 2, 4, 6 or 8 channels: 64 candidates, 64 networks
// (the REINFORCE learning test's space; widths3.csv scores them).
nas.space @widths3 {
  %x = nn.input : tensor<?x1x8x8xf32>
  %c0 = nas.choice "w1" -> tensor<?x?x8x8xf32>
    case 2 {
      %a = nn.conv2d %x {out_channels = 2, kernel = 3, padding = 1} : tensor<?x1x8x8xf32>
      nas.yield %a : tensor<?x2x8x8xf32>
    }
    case 4 {
      %a = nn.conv2d %x {out_channels = 4, kernel = 3, padding = 1} : tensor<?x1x8x8xf32>
      nas.yield %a : tensor<?x4x8x8xf32>
    }
    case 6 {
      %a = nn.conv2d %x {out_channels = 6, kernel = 3, padding = 1} : tensor<?x1x8x8xf32>
      nas.yield %a : tensor<?x6x8x8xf32>
    }
    case 8 {
      %a = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1} : tensor<?x1x8x8xf32>
      nas.yield %a : tensor<?x8x8x8xf32>
    }
  %c1 = nas.choice "w2" -> tensor<?x?x8x8xf32>
    case 2 {
      %a = nn.conv2d %c0 {out_channels = 2, kernel = 3, padding = 1} : tensor<?x?x8x8xf32>
      nas.yield %a : tensor<?x2x8x8xf32>
    }
    case 4 {
      %a = nn.conv2d %c0 {out_channels = 4, kernel = 3, padding = 1} : tensor<?x?x8x8xf32>
      nas.yield %a : tensor<?x4x8x8xf32>
    }
    case 6 {
      %a = nn.conv2d %c0 {out_channels = 6, kernel = 3, padding = 1} : tensor<?x?x8x8xf32>
      nas.yield %a : tensor<?x6x8x8xf32>
    }
    case 8 {
      %a = nn.conv2d %c0 {out_channels = 8, kernel = 3, padding = 1} : tensor<?x?x8x8xf32>
      nas.yield %a : tensor<?x8x8x8xf32>
    }
  %c2 = nas.choice "w3" -> tensor<?x?x8x8xf32>
    case 2 {
      %a = nn.conv2d %c1 {out_channels = 2, kernel = 3, padding = 1} : tensor<?x?x8x8xf32>
      nas.yield %a : tensor<?x2x8x8xf32>
    }
    case 4 {
      %a = nn.conv2d %c1 {out_channels = 4, kernel = 3, padding = 1} : tensor<?x?x8x8xf32>
      nas.yield %a : tensor<?x4x8x8xf32>
    }
    case 6 {
      %a = nn.conv2d %c1 {out_channels = 6, kernel = 3, padding = 1} : tensor<?x?x8x8xf32>
      nas.yield %a : tensor<?x6x8x8xf32>
    }
    case 8 {
      %a = nn.conv2d %c1 {out_channels = 8, kernel = 3, padding = 1} : tensor<?x?x8x8xf32>
      nas.yield %a : tensor<?x8x8x8xf32>
    }
  %f = nn.flatten %c2 : tensor<?x?x8x8xf32>
  %l = nn.linear %f {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
  nas.objective maximize "accuracy"
}
