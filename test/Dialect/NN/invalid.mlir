// Every error the nn ops report, with the values it names.
// RUN: nasir-opt %s -split-input-file -verify-diagnostics

nas.space @s {
  // expected-error @+1 {{'nn.input' op declares 'tensor<1x3x32x32xf32>'; expected a dynamic batch dimension and at least one more}}
  %x = nn.input : tensor<1x3x32x32xf32>
}

// -----

nas.space @s {
  // expected-error @+1 {{'nn.input' op declares 'tensor<?xf32>'; expected a dynamic batch dimension and at least one more}}
  %x = nn.input : tensor<?xf32>
}

// -----

nas.space @s {
  // expected-error @+1 {{'nn.input' op declares a non-positive dimension in 'tensor<?x3x0x32xf32>'}}
  %x = nn.input : tensor<?x3x0x32xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x3x32x32xf32>
  // expected-error @+1 {{'nn.output' op expects logits of shape [N, classes], got 'tensor<?x3x32x32xf32>'}}
  nn.output %x : tensor<?x3x32x32xf32>
}

// -----

// Attributes are checked before the result type is inferred from them.
nas.space @s {
  %x = nn.input : tensor<?x3x32x32xf32>
  // expected-error @+1 {{'nn.conv2d' op requires attribute 'kernel'}}
  %y = nn.conv2d %x {out_channels = 16} : tensor<?x3x32x32xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x3x32x32xf32>
  // expected-error @+1 {{'nn.conv2d' op attribute 'stride' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = nn.conv2d %x {out_channels = 16, kernel = 3, stride = 0} : tensor<?x3x32x32xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x3x32x32xf32>
  // expected-error @+1 {{'nn.conv2d' op attribute 'kernel' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = nn.conv2d %x {out_channels = 16, kernel = "3"} : tensor<?x3x32x32xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x64xf32>
  // expected-error @+1 {{'nn.conv2d' expects an NCHW image tensor (rank 4), got 'tensor<?x64xf32>'}}
  %y = nn.conv2d %x {out_channels = 16, kernel = 3} : tensor<?x64xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x3x32x32xf32>
  // expected-error @+1 {{'nn.conv2d' input has 3 channels, not divisible by groups = 2}}
  %y = nn.conv2d %x {out_channels = 16, kernel = 3, groups = 2} : tensor<?x3x32x32xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x32x32xf32>
  // expected-error @+1 {{'nn.conv2d' out_channels = 6 is not divisible by groups = 4}}
  %y = nn.conv2d %x {out_channels = 6, kernel = 3, groups = 4} : tensor<?x16x32x32xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x3x4x32xf32>
  // expected-error @+1 {{'nn.conv2d' window of 5 does not fit the input height of 4 with padding 0}}
  %y = nn.conv2d %x {out_channels = 8, kernel = 5} : tensor<?x3x4x32xf32>
}

// -----

// The span of a dilated kernel is dilation * (kernel - 1) + 1.
nas.space @s {
  %x = nn.input : tensor<?x3x32x6xf32>
  // expected-error @+1 {{'nn.conv2d' window of 9 does not fit the input width of 6 with padding 1}}
  %y = nn.conv2d %x {out_channels = 8, kernel = 3, dilation = 4, padding = 1} : tensor<?x3x32x6xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nn.linear' expects [N, features] or [N, C, features], got 'tensor<?x16x8x8xf32>'; flatten or pool it first}}
  %y = nn.linear %x {out_features = 10} : tensor<?x16x8x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x64xf32>
  // expected-error @+1 {{'nn.linear' op requires attribute 'out_features'}}
  %y = nn.linear %x : tensor<?x64xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x2x16x8x8xf32>
  // expected-error @+1 {{'nn.batch_norm' expects [N, F], NCL or NCHW, got 'tensor<?x2x16x8x8xf32>'}}
  %y = nn.batch_norm %x : tensor<?x2x16x8x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x64xf32>
  // expected-error @+1 {{'nn.max_pool2d' expects an NCHW image tensor (rank 4), got 'tensor<?x64xf32>'}}
  %y = nn.max_pool2d %x {kernel = 2} : tensor<?x64xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x32x32xf32>
  // expected-error @+1 {{'nn.max_pool2d' padding 2 is more than half the kernel 3}}
  %y = nn.max_pool2d %x {kernel = 3, padding = 2} : tensor<?x16x32x32xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x2x2xf32>
  // expected-error @+1 {{'nn.avg_pool2d' window of 3 does not fit the input height of 2 with padding 0}}
  %y = nn.avg_pool2d %x {kernel = 3} : tensor<?x16x2x2xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x32x32xf32>
  // expected-error @+1 {{'nn.avg_pool2d' op attribute 'stride' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = nn.avg_pool2d %x {kernel = 3, stride = -1} : tensor<?x16x32x32xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x64xf32>
  // expected-error @+1 {{'nn.global_avg_pool' expects an NCHW image tensor (rank 4) or an NCL sequence (rank 3), got 'tensor<?x64xf32>'}}
  %y = nn.global_avg_pool %x : tensor<?x64xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  %y = nn.input : tensor<?x16x4x4xf32>
  // expected-error @+1 {{'nn.add' operand #2 has type 'tensor<?x16x4x4xf32>' but operand #0 has 'tensor<?x16x8x8xf32>'}}
  %z = nn.add %x, %x, %y : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>, tensor<?x16x4x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  %y = nn.input : tensor<?x1024xf32>
  // expected-error @+1 {{'nn.add' operand #1 has type 'tensor<?x1024xf32>' but operand #0 has 'tensor<?x16x8x8xf32>'}}
  %z = nn.add %x, %y : tensor<?x16x8x8xf32>, tensor<?x1024xf32>
}

// -----

// Only the generic form can spell an operand-less add or concat.
nas.space @s {
  // expected-error @+2 {{'nn.add' needs at least one operand}}
  // expected-error @+1 {{'nn.add' op failed to infer returned types}}
  %z = "nn.add"() : () -> tensor<?x16xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  %y = nn.input : tensor<?x8xf32>
  // expected-error @+1 {{'nn.mul' cannot multiply 'tensor<?x16x8x8xf32>' by 'tensor<?x8xf32>'; expected equal shapes or [N, C] scales}}
  %z = nn.mul %x, %y : tensor<?x16x8x8xf32>, tensor<?x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  %y = nn.input : tensor<?x16x4x4xf32>
  // expected-error @+1 {{'nn.mul' cannot multiply 'tensor<?x16x8x8xf32>' by 'tensor<?x16x4x4xf32>'; expected equal shapes or [N, C] scales}}
  %z = nn.mul %x, %y : tensor<?x16x8x8xf32>, tensor<?x16x4x4xf32>
}

// -----

nas.space @s {
  // expected-error @+2 {{'nn.concat' needs at least one operand}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %z = "nn.concat"() : () -> tensor<?x16xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  %y = nn.input : tensor<?x16x4x4xf32>
  // expected-error @+1 {{'nn.concat' operand #1 has type 'tensor<?x16x4x4xf32>' but operand #0 has 'tensor<?x16x8x8xf32>'; only the channel dimension may differ}}
  %z = nn.concat %x, %y : tensor<?x16x8x8xf32>, tensor<?x16x4x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  %y = nn.input : tensor<?x16xf32>
  // expected-error @+1 {{'nn.concat' operand #2 has type 'tensor<?x16xf32>' but operand #0 has 'tensor<?x16x8x8xf32>'; only the channel dimension may differ}}
  %z = nn.concat %x, %x, %y : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>, tensor<?x16xf32>
}

// -----

// A rank-1 value cannot come from nn.input; the generic form builds one.
nas.space @s {
  %x = "nn.identity"(%x) : (tensor<?xf32>) -> tensor<?xf32>
  // expected-error @+1 {{'nn.concat' operand #0 has type 'tensor<?xf32>', which has no channel dimension}}
  %z = nn.concat %x : tensor<?xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x64xf32>
  // expected-error @+1 {{'nn.zero' expects an NCHW image tensor (rank 4), got 'tensor<?x64xf32>'}}
  %y = nn.zero %x {stride = 2} : tensor<?x64xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x64xf32>
  // expected-error @+1 {{'nn.dropout' op probability p = 1 is not in [0, 1)}}
  %y = nn.dropout %x {p = 1.0} : tensor<?x64xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x64xf32>
  // expected-error @+1 {{'nn.dropout' op probability p = -0.5 is not in [0, 1)}}
  %y = nn.dropout %x {p = -0.5} : tensor<?x64xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x3x32x32xf32>
  // expected-error @+1 {{'nn.conv1d' expects an NCL sequence tensor (rank 3), got 'tensor<?x3x32x32xf32>'}}
  %y = nn.conv1d %x {out_channels = 8, kernel = 3} : tensor<?x3x32x32xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x8x4xf32>
  // expected-error @+1 {{'nn.conv1d' window of 5 does not fit the input length of 4 with padding 0}}
  %y = nn.conv1d %x {out_channels = 8, kernel = 5} : tensor<?x8x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x6x16xf32>
  // expected-error @+1 {{'nn.conv1d' input has 6 channels, not divisible by groups = 4}}
  %y = nn.conv1d %x {out_channels = 8, kernel = 3, groups = 4} : tensor<?x6x16xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x8x16xf32>
  // expected-error @+1 {{'nn.conv1d' op requires attribute 'kernel'}}
  %y = nn.conv1d %x {out_channels = 8} : tensor<?x8x16xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x64xf32>
  // expected-error @+1 {{'nn.max_pool1d' expects an NCL sequence tensor (rank 3), got 'tensor<?x64xf32>'}}
  %y = nn.max_pool1d %x {kernel = 2} : tensor<?x64xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x8x16xf32>
  // expected-error @+1 {{'nn.avg_pool1d' padding 2 is more than half the kernel 3}}
  %y = nn.avg_pool1d %x {kernel = 3, padding = 2} : tensor<?x8x16xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x8x2xf32>
  // expected-error @+1 {{'nn.max_pool1d' window of 3 does not fit the input length of 2 with padding 0}}
  %y = nn.max_pool1d %x {kernel = 3} : tensor<?x8x2xf32>
}
