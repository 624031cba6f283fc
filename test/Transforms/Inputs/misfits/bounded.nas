# The clash of two.nas under a params bound that only a = b = p meets. A
# misfit has no cost, so the bound cannot rule a = p, b = q out: check
# reports it; with `constraint fits`, the candidates are those that fit and
# meet the bound (docs/design.md, "What check proves").
space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8, k=3)
  a = one_of { p: conv(x, 8, k=3) | q: conv(x, 16, k=3) }
  b = one_of { p: conv(x, 8, k=3) | q: conv(x, 16, k=3) }
  return linear(global_avg_pool(a + b), classes)
  constraint params <= 2000
}
