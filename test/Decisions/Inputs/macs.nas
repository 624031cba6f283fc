# A bound on MACs next to one on FLOPs: each bounds its own metric.
space m(input [4, 8, 8], classes 2) {
  w = one_of [4, 16, 64]
  y = conv(input, w, k=3, pad=1)
  return linear(global_avg_pool(y), classes)
  constraint flops <= 1M
  constraint macs <= 20000
  maximize accuracy
  minimize macs
}
