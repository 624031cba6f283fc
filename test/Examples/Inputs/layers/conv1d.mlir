// The 1-D family on [C, L] sequences: conv1d (bias; stride, dilation,
// groups), batch_norm, max_pool1d, avg_pool1d, concat, layer_norm, linear on
// the rows, flatten, global_avg_pool: a network for the parity test.
nas.space @conv1d {
  %x = nn.input : tensor<?x8x8xf32>
  %c = nn.conv1d %x {out_channels = 16, kernel = 3, padding = 1, bias = true} : tensor<?x8x8xf32>
  %g = nn.conv1d %c {out_channels = 8, kernel = 3, stride = 2, padding = 2, dilation = 2, groups = 4} : tensor<?x16x8xf32>
  %b = nn.batch_norm %g : tensor<?x8x4xf32>
  %m = nn.max_pool1d %b {kernel = 2} : tensor<?x8x4xf32>
  %a = nn.avg_pool1d %b {kernel = 3, stride = 2, padding = 1} : tensor<?x8x4xf32>
  %k = nn.concat %m, %a : tensor<?x8x2xf32>, tensor<?x8x2xf32>
  %n = nn.layer_norm %k : tensor<?x16x2xf32>
  %r = nn.linear %n {out_features = 3} : tensor<?x16x2xf32>
  %f = nn.flatten %r : tensor<?x16x3xf32>
  %p = nn.global_avg_pool %k : tensor<?x16x2xf32>
  %j = nn.concat %f, %p : tensor<?x48xf32>, tensor<?x16xf32>
  %l = nn.linear %j {out_features = 10} : tensor<?x64xf32>
  nn.output %l : tensor<?x10xf32>
}
