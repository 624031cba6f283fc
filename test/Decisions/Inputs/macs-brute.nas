# A small space whose candidates spread over MACs and FLOPs (399 candidates:
# depth 1 to 3, each block a 1x1 conv, a 3x3 conv or a pool, of width 4, 8 or
# 12). test/Decisions/macs-brute.test bounds it.
def block(x) {
  w = one_of [4, 8, 12]
  y = one_of { c1: conv(x, w, k=1) | c3: conv(x, w, k=3, pad=1) | pool: max_pool(x, k=3, stride=1, pad=1) } as kind
  return relu(y)
}
space b(input [3, 8, 8], classes 4) {
  x = conv(input, 4, k=3, pad=1)
  repeat one_of [1, 2, 3] as depth (x) {
    x = block(x) as blk
  }
  return linear(global_avg_pool(x), classes)
}
