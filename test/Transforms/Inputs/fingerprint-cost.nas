# A three-node cell in NB201's style (each edge: conv, pool, skip or none):
# node 2 can be a second conv of node 0 or node 1 itself through a skip, the
# same function node by node but not the same weights.
space cell(input [3, 8, 8], classes 4) {
  x = conv(input, 4, k=1)
  n1 = one_of { conv: conv(x, 4, k=3, pad=1) | pool: avg_pool(x, k=3, stride=1, pad=1) | skip: x } as e01
  a = one_of { conv: conv(x, 4, k=3, pad=1) | skip: x | none: zero(x) } as e02
  b = one_of { conv: conv(n1, 4, k=3, pad=1) | skip: n1 | none: zero(n1) } as e12
  c = one_of { skip: n1 | none: zero(n1) } as e13
  n2 = a + b
  return linear(global_avg_pool(n2 + c), classes)
}
