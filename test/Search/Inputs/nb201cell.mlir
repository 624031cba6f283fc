// The NAS-Bench-201 cell alone (4x4x4 tensors): six edges labelled like
// examples/nb201.nas, NB201's five ops on each.
nas.space @nb201cell {
  %x = nn.input : tensor<?x4x4x4xf32>
  %e1_0 = nas.choice "cell.e1_0" -> tensor<?x4x4x4xf32>
    case "none" {
      %z = nn.zero %x : tensor<?x4x4x4xf32>
      nas.yield %z : tensor<?x4x4x4xf32>
    }
    case "skip_connect" {
      nas.yield %x : tensor<?x4x4x4xf32>
    }
    case "nor_conv_1x1" {
      %c = nn.conv2d %x {out_channels = 4, kernel = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "nor_conv_3x3" {
      %c = nn.conv2d %x {out_channels = 4, kernel = 3, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "avg_pool_3x3" {
      %p = nn.avg_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %p : tensor<?x4x4x4xf32>
    }
  %n1 = nn.identity %e1_0 : tensor<?x4x4x4xf32>
  %e2_0 = nas.choice "cell.e2_0" -> tensor<?x4x4x4xf32>
    case "none" {
      %z = nn.zero %x : tensor<?x4x4x4xf32>
      nas.yield %z : tensor<?x4x4x4xf32>
    }
    case "skip_connect" {
      nas.yield %x : tensor<?x4x4x4xf32>
    }
    case "nor_conv_1x1" {
      %c = nn.conv2d %x {out_channels = 4, kernel = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "nor_conv_3x3" {
      %c = nn.conv2d %x {out_channels = 4, kernel = 3, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "avg_pool_3x3" {
      %p = nn.avg_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %p : tensor<?x4x4x4xf32>
    }
  %e2_1 = nas.choice "cell.e2_1" -> tensor<?x4x4x4xf32>
    case "none" {
      %z = nn.zero %n1 : tensor<?x4x4x4xf32>
      nas.yield %z : tensor<?x4x4x4xf32>
    }
    case "skip_connect" {
      nas.yield %n1 : tensor<?x4x4x4xf32>
    }
    case "nor_conv_1x1" {
      %c = nn.conv2d %n1 {out_channels = 4, kernel = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "nor_conv_3x3" {
      %c = nn.conv2d %n1 {out_channels = 4, kernel = 3, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "avg_pool_3x3" {
      %p = nn.avg_pool2d %n1 {kernel = 3, stride = 1, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %p : tensor<?x4x4x4xf32>
    }
  %n2 = nn.add %e2_0, %e2_1 : tensor<?x4x4x4xf32>, tensor<?x4x4x4xf32>
  %e3_0 = nas.choice "cell.e3_0" -> tensor<?x4x4x4xf32>
    case "none" {
      %z = nn.zero %x : tensor<?x4x4x4xf32>
      nas.yield %z : tensor<?x4x4x4xf32>
    }
    case "skip_connect" {
      nas.yield %x : tensor<?x4x4x4xf32>
    }
    case "nor_conv_1x1" {
      %c = nn.conv2d %x {out_channels = 4, kernel = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "nor_conv_3x3" {
      %c = nn.conv2d %x {out_channels = 4, kernel = 3, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "avg_pool_3x3" {
      %p = nn.avg_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %p : tensor<?x4x4x4xf32>
    }
  %e3_1 = nas.choice "cell.e3_1" -> tensor<?x4x4x4xf32>
    case "none" {
      %z = nn.zero %n1 : tensor<?x4x4x4xf32>
      nas.yield %z : tensor<?x4x4x4xf32>
    }
    case "skip_connect" {
      nas.yield %n1 : tensor<?x4x4x4xf32>
    }
    case "nor_conv_1x1" {
      %c = nn.conv2d %n1 {out_channels = 4, kernel = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "nor_conv_3x3" {
      %c = nn.conv2d %n1 {out_channels = 4, kernel = 3, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "avg_pool_3x3" {
      %p = nn.avg_pool2d %n1 {kernel = 3, stride = 1, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %p : tensor<?x4x4x4xf32>
    }
  %e3_2 = nas.choice "cell.e3_2" -> tensor<?x4x4x4xf32>
    case "none" {
      %z = nn.zero %n2 : tensor<?x4x4x4xf32>
      nas.yield %z : tensor<?x4x4x4xf32>
    }
    case "skip_connect" {
      nas.yield %n2 : tensor<?x4x4x4xf32>
    }
    case "nor_conv_1x1" {
      %c = nn.conv2d %n2 {out_channels = 4, kernel = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "nor_conv_3x3" {
      %c = nn.conv2d %n2 {out_channels = 4, kernel = 3, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %c : tensor<?x4x4x4xf32>
    }
    case "avg_pool_3x3" {
      %p = nn.avg_pool2d %n2 {kernel = 3, stride = 1, padding = 1} : tensor<?x4x4x4xf32>
      nas.yield %p : tensor<?x4x4x4xf32>
    }
  %a = nn.add %e3_0, %e3_1 : tensor<?x4x4x4xf32>, tensor<?x4x4x4xf32>
  %n3 = nn.add %a, %e3_2 : tensor<?x4x4x4xf32>, tensor<?x4x4x4xf32>
  %f = nn.flatten %n3 : tensor<?x4x4x4xf32>
  %l = nn.linear %f {out_features = 10} : tensor<?x64xf32>
  nn.output %l : tensor<?x10xf32>
}
