# A one-shot space on digits (1x8x8, 10 classes) with room for a long
# evolution: four widths of 8 values and an activation, 8^4 x 2 = 8,192
# candidates.
space wide(input [1, 8, 8], classes 10) {
  h = relu(conv(input, one_of [2, 4, 6, 8, 10, 12, 14, 16], k=3, pad=1))
  h = relu(conv(h, one_of [2, 4, 6, 8, 10, 12, 14, 16], k=3, pad=1))
  h = relu(conv(h, one_of [2, 4, 6, 8, 10, 12, 14, 16], k=3, pad=1))
  h = conv(h, one_of [2, 4, 6, 8, 10, 12, 14, 16], k=1)
  h = one_of { relu: relu(h) | tanh: tanh(h) } as act
  return linear(flatten(h), classes)
}
