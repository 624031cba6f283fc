# Per-iteration decisions: the last iteration's width must be 16 (w#0 at
# depth 1, w#1 at depth 2).
space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8, k=3)
  repeat one_of [1, 2] as d (x) {
    x = conv(x, one_of [8, 16] as w, k=3)
  }
  y = conv(input, 16, k=3)
  return linear(global_avg_pool(x + y), classes)
}
