// nas-relax on value choices: widths and kernels share one graph (nas.share),
// channel masks follow the data until a channel-consuming op.
// RUN: nasir-opt %s --split-input-file --nas-relax | FileCheck %s
// RUN: nasir-opt %s --split-input-file --nas-relax | nasir-opt --split-input-file | FileCheck %s

// A width choice: the widest conv kept once; its mask follows the channels
// through the batch norm and the relu and stops at the next conv.
// CHECK-LABEL: nas.space @width attributes {nas.labels = [{kind = "value", name = "w", options = [16, 32]}]}
// CHECK:      %[[C:[0-9]+]] = nn.conv2d %{{.*}} {kernel = 3 : i64, nas.share = [{channels = [16, 32], label = "w"}], out_channels = 32 : i64, padding = 1 : i64}
// CHECK-NEXT: %[[N:[0-9]+]] = nn.batch_norm %[[C]] {nas.share = [{channels = [16, 32], label = "w"}]} : tensor<?x32x8x8xf32>
// CHECK-NEXT: %[[R:[0-9]+]] = nn.relu %[[N]] {nas.share = [{channels = [16, 32], label = "w"}]} : tensor<?x32x8x8xf32>
// CHECK-NEXT: %[[D:[0-9]+]] = nn.conv2d %[[R]] {kernel = 1 : i64, out_channels = 8 : i64} : tensor<?x32x8x8xf32>
// CHECK-NEXT: nn.sigmoid %[[D]] : tensor<?x8x8x8xf32>
// CHECK-NOT: nas.choice
nas.space @width {
  %x = nn.input : tensor<?x3x8x8xf32>
  %c = nas.choice "w" -> tensor<?x?x8x8xf32>
    case 16 {
      %a = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x3x8x8xf32>
      nas.yield %a : tensor<?x16x8x8xf32>
    }
    case 32 {
      %b = nn.conv2d %x {out_channels = 32, kernel = 3, padding = 1} : tensor<?x3x8x8xf32>
      nas.yield %b : tensor<?x32x8x8xf32>
    }
  %n = nn.batch_norm %c : tensor<?x?x8x8xf32>
  %r = nn.relu %n : tensor<?x?x8x8xf32>
  %d = nn.conv2d %r {out_channels = 8, kernel = 1} : tensor<?x?x8x8xf32>
  %s = nn.sigmoid %d : tensor<?x8x8x8xf32>
  %g = nn.global_avg_pool %s : tensor<?x8x8x8xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x8xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

// Width and kernel of one conv (a kernel choice nested in a width choice):
// the largest kernel, centred, and the widest channels; the depthwise conv
// after it follows the width (groups = channels), the flatten scales the
// mask by the spatial size, the linear layer consumes it.
// CHECK-LABEL: nas.space @width_kernel attributes {nas.labels = [{kind = "value", name = "w", options = [8, 16]}, {kind = "value", name = "k", options = [3, 5]}]}
// CHECK:      %[[C:[0-9]+]] = nn.conv2d %{{.*}} {kernel = 5 : i64, nas.share = [{kernel = [3, 5], label = "k", padding = [1, 2]}, {channels = [8, 16], label = "w"}], out_channels = 16 : i64, padding = 2 : i64}
// CHECK-NEXT: %[[DW:[0-9]+]] = nn.conv2d %[[C]] {groups = 16 : i64, kernel = 3 : i64, nas.share = [{channels = [8, 16], label = "w"}], out_channels = 16 : i64, padding = 1 : i64} : tensor<?x16x8x8xf32>
// CHECK-NEXT: %[[F:[0-9]+]] = nn.flatten %[[DW]] {nas.share = [{channels = [512, 1024], label = "w"}]} : tensor<?x16x8x8xf32>
// CHECK-NEXT: nn.linear %[[F]] {out_features = 10 : i64} : tensor<?x1024xf32>
nas.space @width_kernel {
  %x = nn.input : tensor<?x3x8x8xf32>
  %c = nas.choice "w" -> tensor<?x?x8x8xf32>
    case 8 {
      %a = nas.choice "k" -> tensor<?x8x8x8xf32>
        case 3 {
          %k = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1} : tensor<?x3x8x8xf32>
          nas.yield %k : tensor<?x8x8x8xf32>
        }
        case 5 {
          %k = nn.conv2d %x {out_channels = 8, kernel = 5, padding = 2} : tensor<?x3x8x8xf32>
          nas.yield %k : tensor<?x8x8x8xf32>
        }
      nas.yield %a : tensor<?x8x8x8xf32>
    }
    case 16 {
      %a = nas.choice "k" -> tensor<?x16x8x8xf32>
        case 3 {
          %k = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x3x8x8xf32>
          nas.yield %k : tensor<?x16x8x8xf32>
        }
        case 5 {
          %k = nn.conv2d %x {out_channels = 16, kernel = 5, padding = 2} : tensor<?x3x8x8xf32>
          nas.yield %k : tensor<?x16x8x8xf32>
        }
      nas.yield %a : tensor<?x16x8x8xf32>
    }
  %dw = nas.choice "w" -> tensor<?x?x8x8xf32>
    case 8 {
      %a = nn.conv2d %c {out_channels = 8, kernel = 3, padding = 1, groups = 8} : tensor<?x?x8x8xf32>
      nas.yield %a : tensor<?x8x8x8xf32>
    }
    case 16 {
      %a = nn.conv2d %c {out_channels = 16, kernel = 3, padding = 1, groups = 16} : tensor<?x?x8x8xf32>
      nas.yield %a : tensor<?x16x8x8xf32>
    }
  %f = nn.flatten %dw : tensor<?x?x8x8xf32>
  %l = nn.linear %f {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

// Kernels 3 and 4 are not centred in one window: copies, mixed (their
// results have one type).
// CHECK-LABEL: nas.space @not_centred
// CHECK:      %[[A:[0-9]+]] = nn.conv2d %{{.*}} {kernel = 3 : i64
// CHECK-NEXT: %[[B:[0-9]+]] = nn.conv2d %{{.*}} {kernel = 4 : i64
// CHECK-NEXT: nas.mix "k" [3, 4] (%[[A]], %[[B]])
nas.space @not_centred {
  %x = nn.input : tensor<?x3x8x8xf32>
  %c = nas.choice "k" -> tensor<?x8x4x4xf32>
    case 3 {
      %a = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1, stride = 2} : tensor<?x3x8x8xf32>
      nas.yield %a : tensor<?x8x4x4xf32>
    }
    case 4 {
      %a = nn.conv2d %x {out_channels = 8, kernel = 4, padding = 1, stride = 2} : tensor<?x3x8x8xf32>
      nas.yield %a : tensor<?x8x4x4xf32>
    }
  %g = nn.global_avg_pool %c : tensor<?x8x4x4xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x8xf32>
  nn.output %l : tensor<?x10xf32>
}
