// A searchable cell (a kernel choice and a width-scaled 1x1 conv, with a
// predicate), a block cell that applies it twice (once with its own labels,
// once sharing one set), and a space that applies the block in two stages
// with different widths, and twice more without a prefix: those two share
// their labels, so they take one decision.
nas.cell @conv_bn_relu(%x: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> params {C = 16, stride = 1} {
  %y = nas.choice "k" -> tensor<?x16x?x?xf32>
    case 3 {
      %c = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1, stride = 1,
                         nas.from = {out_channels = "C", stride = "stride"}} : tensor<?x?x?x?xf32>
      nas.yield %c : tensor<?x16x?x?xf32>
    }
    case 5 {
      %c = nn.conv2d %x {out_channels = 16, kernel = 5, padding = 2, stride = 1,
                         nas.from = {out_channels = "C", stride = "stride"}} : tensor<?x?x?x?xf32>
      nas.yield %c : tensor<?x16x?x?xf32>
    }
  %b = nn.batch_norm %y : tensor<?x16x?x?xf32>
  %e = nas.choice "e" -> tensor<?x16x?x?xf32>
    case 1 { nas.yield %b : tensor<?x16x?x?xf32> }
    case 2 {
      %w = nn.conv2d %b {out_channels = 32, kernel = 1, nas.from = {out_channels = "C * 2"}} : tensor<?x16x?x?xf32>
      %n = nn.conv2d %w {out_channels = 16, kernel = 1, nas.from = {out_channels = "C"}} : tensor<?x32x?x?xf32>
      nas.yield %n : tensor<?x16x?x?xf32>
    }
  nas.require "k == 5 implies e == 1"
  %r = nn.relu %e : tensor<?x16x?x?xf32>
  nas.yield %r : tensor<?x16x?x?xf32>
}

nas.cell @block(%x: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> params {C = 16} {
  %a = nas.apply @conv_bn_relu(%x) {stride = 2} as "down" {nas.from = {C = "C"}} : (tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %b = nas.apply @conv_bn_relu(%a) {} {nas.from = {C = "C"}} : (tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  nas.yield %b : tensor<?x?x?x?xf32>
}

nas.space @net {
  %x = nn.input : tensor<?x3x32x32xf32>
  %s1 = nas.apply @block(%x) {C = 16} as "stage1" : (tensor<?x3x32x32xf32>) -> tensor<?x16x16x16xf32>
  %s2 = nas.apply @block(%s1) {C = 32} as "stage2" : (tensor<?x16x16x16xf32>) -> tensor<?x?x?x?xf32>
  %s3 = nas.apply @conv_bn_relu(%s2) {C = 64} : (tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %s4 = nas.apply @conv_bn_relu(%s3) {C = 64} : (tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %p = nn.global_avg_pool %s4 : tensor<?x?x?x?xf32>
  %l = nn.linear %p {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
}
