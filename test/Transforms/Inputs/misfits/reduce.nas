# A reduction output that a cell sums with a normal one (16 + 8 channels).
space s(input [3, 8, 8], classes 10) {
  s0 = conv(input, 8, k=3)
  s1 = one_of { reduce: conv(s0, 16, k=3) | normal: conv(s0, 8, k=3) } as prev
  n = sum(pick 1..2 of [s0, s1] as inputs)
  return linear(global_avg_pool(n), classes)
}
