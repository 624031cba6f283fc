# One conv and one linear layer, for `nasir cost --flops macs` (cost-flops.test).
space fm(input [3, 8, 8], classes 10) {
  k = one_of [1, 3]
  y = conv(input, 4, k=k, pad=(k - 1) // 2)
  return linear(global_avg_pool(y), classes)
}
