// Every error of nas.mix, nas.mix_inputs and nas.share.
// RUN: nasir-opt %s -split-input-file -verify-diagnostics

nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  // expected-error @+1 {{'nas.mix' op has 2 options for 1 inputs; expected one input per option}}
  %m = nas.mix "act" ["relu", "tanh"] (%x) : tensor<?x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  %y = nn.linear %x {out_features = 8} : tensor<?x4xf32>
  // expected-error @+1 {{'nas.mix' op input #1 is 'tensor<?x8xf32>' but input #0 is 'tensor<?x4xf32>'; mixed values have one type}}
  %m = nas.mix "w" [4, 8] (%x, %y) : tensor<?x4xf32>, tensor<?x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  // expected-error @+1 {{'nas.mix' op needs a non-empty label}}
  %m = nas.mix "" [1] (%x) : tensor<?x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  // expected-error @+1 {{'nas.mix' op option [1] is not a string, integer or float}}
  %m = nas.mix "d" [[1]] (%x) : tensor<?x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  // expected-error @+1 {{'nas.mix_inputs' op chooses between 2 and 3 of 2 inputs; expected 1 <= min <= max <= 2}}
  %m = nas.mix_inputs "in" sum min 2 max 3 (%x, %x) : tensor<?x4xf32>, tensor<?x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  %y = nn.linear %x {out_features = 8} : tensor<?x4xf32>
  // expected-error @+1 {{'nas.mix_inputs' op input #1 is 'tensor<?x8xf32>' but input #0 is 'tensor<?x4xf32>'; mixed values have one type}}
  %m = nas.mix_inputs "in" sum min 1 max 1 (%x, %y) : tensor<?x4xf32>, tensor<?x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  // expected-error @+1 {{'nas.mix_inputs' op needs a non-empty label}}
  %m = nas.mix_inputs "" sum min 1 max 1 (%x) : tensor<?x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  // expected-error @+1 {{'nas.share' entry {channels = [4]} needs a non-empty 'label'}}
  %y = nn.relu %x {nas.share = [{channels = [4]}]} : tensor<?x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  // expected-error @+1 {{'nas.share' entry of 'w': 'channels' must be a list of integers}}
  %y = nn.relu %x {nas.share = [{label = "w", channels = ["a"]}]} : tensor<?x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x3x8x8xf32>
  // expected-error @+1 {{'nas.share' entry of 'k' needs 'channels', or 'kernel' and 'padding' lists of one length}}
  %y = nn.conv2d %x {out_channels = 4, kernel = 5, padding = 2, nas.share = [{label = "k", kernel = [3, 5], padding = [1]}]} : tensor<?x3x8x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  // expected-error @+1 {{'nas.share' must be an array of entries}}
  %y = nn.relu %x {nas.share = 3} : tensor<?x4xf32>
}
