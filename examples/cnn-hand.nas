# A hand-designed CNN for MNIST (no choices: one network), the baseline of
# scripts/main-job.sh --baselines: two 3x3 conv-bn-relu layers at 32
# channels, a max pool, two at 64, a max pool, one at 128, global average
# pooling and a linear classifier (the VGG pattern, small).
import "std/blocks.nas"

space cnn_hand(input [1, 28, 28], classes 10) {
  x = conv_bn_relu(input, 32)
  x = max_pool(conv_bn_relu(x, 32), k=2)
  x = conv_bn_relu(x, 64)
  x = max_pool(conv_bn_relu(x, 64), k=2)
  x = conv_bn_relu(x, 128)
  return linear(global_avg_pool(x), classes)
}
