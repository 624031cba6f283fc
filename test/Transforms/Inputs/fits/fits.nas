# two.nas with `constraint fits`: the two clashing assignments are excluded.
space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8)
  a = one_of { p: conv(x, 8) | q: conv(x, 16) }
  b = one_of { p: conv(x, 8) | q: conv(x, 16) }
  return linear(global_avg_pool(a + b), classes)
  constraint fits
}
