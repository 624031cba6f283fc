# No assignment fits: with `constraint fits`, no valid candidate.
space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8, k=3)
  a = one_of { p: conv(x, 16, k=3) | q: conv(x, 32, k=3) }
  return linear(global_avg_pool(x + a), classes)
  constraint fits
}
