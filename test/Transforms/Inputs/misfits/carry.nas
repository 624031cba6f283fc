# A repeat body that changes its carried type (8 -> 16 -> 32 channels).
space s(input [3, 8, 8], classes 10) {
  x0 = conv(input, 8, k=3)
  x = x0
  repeat one_of [0, 1, 2] as depth (x) { x = concat(x, x) }
  return linear(global_avg_pool(x + x0), classes)
}
