# The NAS-Bench-201 cell (examples/nb201.nas: the same six edge labels, the same five ops, the
# same 15,625 architectures) in a skeleton small enough to train a supernet on 2 CPU cores: one
# cell per stage instead of five, 8 channels at the stem instead of 16. bench/oneshot-nb201.sh
# runs DARTS' known failure on it (SPACE=bench/oneshot/nb201-small.nas).
import "../../examples/nb201.nas"

space nb201_small(input [3, 32, 32], classes 10) {
  x = bn(conv(input, 8, k=3))            # stem
  C = 8
  for stage in 0..3 {
    if stage > 0 {
      C = C * 2
      x = resnet_basic_block(x, C, stride=2)
    }
    x = cell(x, C)
  }
  x = relu(bn(x))                        # lastact
  return classifier(x, classes)
  maximize accuracy
}
