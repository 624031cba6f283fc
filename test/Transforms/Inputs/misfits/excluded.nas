# The clashing combinations are ruled out by require: nothing to report.
space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8, k=3)
  a = one_of { p: conv(x, 8, k=3) | q: conv(x, 16, k=3) }
  b = one_of { p: conv(x, 8, k=3) | q: conv(x, 16, k=3) }
  require a == b
  return linear(global_avg_pool(a + b), classes)
}
