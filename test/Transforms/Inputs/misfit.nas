# An alternative that fits nowhere.
space s(input [3, 32, 32], classes 10) {
  x = conv(input, 16, k=3)
  a = one_of { small: conv(x, 8, k=1) | big: conv(x, 32, k=3) }
  z = x + a
  return linear(global_avg_pool(z), classes)
}
