// The activations, identity, mul (per-channel scales), zero, layer_norm on
// [C, H, W], dropout, batch_norm on [F], linear without bias: a network for
// the parity test.
nas.space @elementwise {
  %x = nn.input : tensor<?x4x6x6xf32>
  %a = nn.relu %x : tensor<?x4x6x6xf32>
  %b = nn.relu6 %a : tensor<?x4x6x6xf32>
  %c = nn.gelu %b : tensor<?x4x6x6xf32>
  %d = nn.sigmoid %c : tensor<?x4x6x6xf32>
  %e = nn.silu %d : tensor<?x4x6x6xf32>
  %h = nn.hardswish %e : tensor<?x4x6x6xf32>
  %t = nn.tanh %h : tensor<?x4x6x6xf32>
  %i = nn.identity %t : tensor<?x4x6x6xf32>
  %g = nn.global_avg_pool %i : tensor<?x4x6x6xf32>
  %m = nn.mul %i, %g : tensor<?x4x6x6xf32>, tensor<?x4xf32>
  %z = nn.zero %m {stride = 2} : tensor<?x4x6x6xf32>
  %s = nn.max_pool2d %m {kernel = 2} : tensor<?x4x6x6xf32>
  %y = nn.concat %s, %z : tensor<?x4x3x3xf32>, tensor<?x4x3x3xf32>
  %n = nn.layer_norm %y : tensor<?x8x3x3xf32>
  %f = nn.flatten %n : tensor<?x8x3x3xf32>
  %o = nn.dropout %f {p = 0.25} : tensor<?x72xf32>
  %q = nn.batch_norm %o : tensor<?x72xf32>
  %l = nn.linear %q {out_features = 10, bias = false} : tensor<?x72xf32>
  nn.output %l : tensor<?x10xf32>
}
