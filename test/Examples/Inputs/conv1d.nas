# A 1-D convolutional space for sequences [C, L]: sklearn's 8x8 digits read as
# 8 channels (the rows) of length 8 (the columns). Each block picks its width
# and kernel; the head pools or flattens, with a row-wise linear layer first
# in one alternative.
def block(x) {
  w = one_of [16, 32]
  k = one_of [3, 5]
  h = conv1d(x, w, k)
  return relu(batch_norm(h))
}

space seq(input [8, 8], classes 10) {
  x = block(input) as b1
  x = one_of { max: max_pool1d(x, 2) | avg: avg_pool1d(x, 2) } as pool
  x = block(x) as b2
  x = one_of {
      gap: global_avg_pool(x)
    | flat: flatten(layer_norm(x))
    | rows: flatten(relu(linear(x, 4)))
  } as head
  return linear(dropout(x, p=0.1), classes)
  maximize accuracy
}
