# Two independent decisions that fit alone and clash together (a = p, b = q).
space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8, k=3)
  a = one_of { p: conv(x, 8, k=3) | q: conv(x, 16, k=3) }
  b = one_of { p: conv(x, 8, k=3) | q: conv(x, 16, k=3) }
  return linear(global_avg_pool(a + b), classes)
}
