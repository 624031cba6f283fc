space s(input [3, 32, 32], classes 10) {
  x = conv(input, 16, k=3)
  w = one_of [16, 64, 256]
  y = conv(x, w, k=3)
  return linear(global_avg_pool(y), classes)
  constraint params <= 20000
}
