space outer_width(input [8, 8, 8], classes 10) {
  w = one_of [16, 32]
  x = conv(input, w, k=1)
  repeat one_of [1, 2] as d (x) {
    x = conv(x, w, k=one_of [3, 5] as k)
  }
  return linear(global_avg_pool(x), classes)
}
