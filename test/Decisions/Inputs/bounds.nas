# Constraints a candidate must meet: edges, FLOPs and a rule.
space b(input [4, 8, 8], classes 2) {
  a = conv(input, 4, k=1)
  c = avg_pool(input, k=3, stride=1, pad=1)
  x = sum(pick 1..3 of [input, a, c] as inputs)
  w = one_of [4, 16, 64]
  k = one_of [1, 3]
  y = conv(x, w, k=k, pad=k // 2)
  require k == 3 implies w <= 16
  return linear(global_avg_pool(y), classes)
  constraint edges <= 2
  constraint flops <= 30000
}
