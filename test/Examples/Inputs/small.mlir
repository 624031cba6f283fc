// A small space with every kind of site: a choice nested in an alternative,
// a label shared by two sites (one nested), a repeat with per-iteration
// choices, and an input choice under an edges bound.
// Count by hand: w (2) x shape ("deep": depth 1 -> 2 acts, depth 2 -> 4; "flat": 1,
// its nested "w" site is the same decision) = 14, x select under edges <= 1 (3
// single inputs) = 42.
nas.space @small {
  %x = nn.input : tensor<?x4x8x8xf32>
  %a = nas.choice "w" -> tensor<?x?x8x8xf32>
    case 4 {
      %c = nn.conv2d %x {out_channels = 4, kernel = 1} : tensor<?x4x8x8xf32>
      nas.yield %c : tensor<?x4x8x8xf32>
    }
    case 8 {
      %c = nn.conv2d %x {out_channels = 8, kernel = 1} : tensor<?x4x8x8xf32>
      nas.yield %c : tensor<?x8x8x8xf32>
    }
  %b = nas.choice "shape" -> tensor<?x4x8x8xf32>
    case "deep" {
      %r = nas.repeat "depth" [1, 2] (%x : tensor<?x4x8x8xf32>) -> tensor<?x4x8x8xf32> {
      ^bb0(%arg: tensor<?x4x8x8xf32>):
        %k = nas.choice "act" -> tensor<?x4x8x8xf32>
          case "relu" {
            %q = nn.relu %arg : tensor<?x4x8x8xf32>
            nas.yield %q : tensor<?x4x8x8xf32>
          }
          case "tanh" {
            %q = nn.tanh %arg : tensor<?x4x8x8xf32>
            nas.yield %q : tensor<?x4x8x8xf32>
          }
        nas.yield %k : tensor<?x4x8x8xf32>
      }
      nas.yield %r : tensor<?x4x8x8xf32>
    }
    case "flat" {
      %f = nas.choice "w" -> tensor<?x4x8x8xf32>
        case 4 {
          %m = nn.max_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x4x8x8xf32>
          nas.yield %m : tensor<?x4x8x8xf32>
        }
        case 8 {
          %m = nn.avg_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x4x8x8xf32>
          nas.yield %m : tensor<?x4x8x8xf32>
        }
      nas.yield %f : tensor<?x4x8x8xf32>
    }
  %n = nas.select "in" "sum" min 1 max 2 (%x, %b, %b) : tensor<?x4x8x8xf32>, tensor<?x4x8x8xf32>, tensor<?x4x8x8xf32>
  %g = nn.global_avg_pool %n : tensor<?x4x8x8xf32>
  %p = nn.global_avg_pool %a : tensor<?x?x8x8xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x4xf32>
  nn.output %l : tensor<?x10xf32>
  nas.constraint "edges" <= 1
}
