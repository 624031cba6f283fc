space nest(input [3, 8, 8], classes 10) {
  k = one_of [3, 5, 7]
  e = one_of [3, 4, 6]
  x = conv(input, 8 * e, k=k)        # one layer: e nested in k
  x = one_of { relu: relu(x) | gelu: gelu(x) | tanh: tanh(x) } as act
  require k == 7 implies e <= 4
  require act in ["relu", "gelu"] or not (k >= 5 and e != 6)
  return linear(global_avg_pool(x), classes)
}
