# The clashing combinations are ruled out by require: nothing to report.
space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8)
  a = one_of { p: conv(x, 8) | q: conv(x, 16) }
  b = one_of { p: conv(x, 8) | q: conv(x, 16) }
  require a == b
  return linear(global_avg_pool(a + b), classes)
}
