# A tiny space for the one-shot tests on digits (1x8x8, 10 classes): a width
# whose alternatives share weights (a value choice), an input choice (2 of 3)
# and an activation (an op choice): 2 x 3 x 2 = 12 candidates.
space tiny(input [1, 8, 8], classes 10) {
  width = one_of [4, 8]
  a = conv(input, width, k=3, pad=1)
  b = conv(input, width, k=1)
  h = sum(pick 2 of [a, b, relu(a)] as ins)
  h = one_of { relu: relu(h) | tanh: tanh(h) } as act
  return linear(flatten(h), classes)
}
