// conv2d (bias; stride, dilation, groups), batch_norm on [C, H, W], both 2-D
// pools, add, global_avg_pool, linear: a network for the parity test.
nas.space @conv2d {
  %x = nn.input : tensor<?x3x8x8xf32>
  %c = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1, bias = true} : tensor<?x3x8x8xf32>
  %g = nn.conv2d %c {out_channels = 8, kernel = 3, stride = 2, padding = 2, dilation = 2, groups = 4} : tensor<?x8x8x8xf32>
  %b = nn.batch_norm %g : tensor<?x8x4x4xf32>
  %m = nn.max_pool2d %b {kernel = 2} : tensor<?x8x4x4xf32>
  %a = nn.avg_pool2d %b {kernel = 3, stride = 2, padding = 1, count_include_pad = true} : tensor<?x8x4x4xf32>
  %s = nn.add %m, %a : tensor<?x8x2x2xf32>, tensor<?x8x2x2xf32>
  %p = nn.global_avg_pool %s : tensor<?x8x2x2xf32>
  %l = nn.linear %p {out_features = 10} : tensor<?x8xf32>
  nn.output %l : tensor<?x10xf32>
}
