# An MLP space for tabular data: 1 to 4 hidden layers, each with its own
# width, activation and dropout rate.

def layer(x) {
  width = one_of [64, 128, 256, 512]
  p = one_of [0.0, 0.1, 0.3]
  h = linear(x, width)
  h = one_of { relu: relu(h) | gelu: gelu(h) | tanh: tanh(h) | silu: silu(h) } as act
  return dropout(h, p=p)
}

space mlp(input [16], classes 2) {
  x = layer(flatten(input)) as layer0   # flatten: any input shape works
  repeat one_of [0, 1, 2, 3] as depth (x) {
    x = layer(x) as layer
  }
  return linear(x, classes)
  constraint params <= 1M
  maximize accuracy
  minimize params
}
