// RUN: nasir-opt %s --nas-specialize='decisions={"w":32}' | FileCheck %s

// A partial assignment resolves what it names; the rest stays open, and the
// joined type (? channels) becomes static downstream of the resolved choice.
// CHECK-LABEL: nas.space @partial
// CHECK:      %[[C:.*]] = nn.conv2d %{{.*}} {kernel = 3 : i64, out_channels = 32 : i64, padding = 1 : i64} : tensor<?x3x8x8xf32>
// CHECK-NEXT: nas.choice "act" -> tensor<?x32x8x8xf32>
// CHECK:      nn.global_avg_pool %{{.*}} : tensor<?x32x8x8xf32>
nas.space @partial {
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
  %y = nas.choice "act" -> tensor<?x?x8x8xf32>
    case "relu" {
      %r = nn.relu %c : tensor<?x?x8x8xf32>
      nas.yield %r : tensor<?x?x8x8xf32>
    }
    case "gelu" {
      %g = nn.gelu %c : tensor<?x?x8x8xf32>
      nas.yield %g : tensor<?x?x8x8xf32>
    }
  %p = nn.global_avg_pool %y : tensor<?x?x8x8xf32>
  %l = nn.linear %p {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
}
