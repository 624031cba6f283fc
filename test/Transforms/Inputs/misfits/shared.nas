# One decision at two sites (two `shared` instances of a def): the sum
# always fits, but each site's value alone takes two types, so past a limit
# of 1 entry the analysis summarizes both and must resolve the sum's apparent
# clash back into the one decision, which rules it out.
def widen(h, k) {
  return one_of { p: conv(h, 8, k=k) | q: conv(h, 16, k=k) } as w
}

space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8, k=3)
  shared u = widen(x, 3)
  shared v = widen(x, 1)
  return linear(global_avg_pool(u + v), classes)
}
