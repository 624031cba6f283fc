//===- SmallSpace.h - a small space for the search unit tests --*- C++ -*-===//
#ifndef NASIR_TEST_SEARCH_SMALLSPACE_H
#define NASIR_TEST_SEARCH_SMALLSPACE_H

/// 2 widths x 2 activations; maximizes accuracy, then minimizes params.
inline constexpr const char *kSmallSpace = R"mlir(
nas.space @small {
  %x = nn.input : tensor<?x1x8x8xf32>
  %c = nas.choice "width" -> tensor<?x?x8x8xf32>
    case 4 {
      %a = nn.conv2d %x {out_channels = 4, kernel = 3, padding = 1} : tensor<?x1x8x8xf32>
      nas.yield %a : tensor<?x4x8x8xf32>
    }
    case 8 {
      %b = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1} : tensor<?x1x8x8xf32>
      nas.yield %b : tensor<?x8x8x8xf32>
    }
  %a = nas.choice "act" -> tensor<?x?x8x8xf32>
    case "relu" {
      %r = nn.relu %c : tensor<?x?x8x8xf32>
      nas.yield %r : tensor<?x?x8x8xf32>
    }
    case "same" {
      nas.yield %c : tensor<?x?x8x8xf32>
    }
  %f = nn.flatten %a : tensor<?x?x8x8xf32>
  %l = nn.linear %f {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
  nas.objective maximize "accuracy"
  nas.objective minimize "params"
}
)mlir";

#endif
