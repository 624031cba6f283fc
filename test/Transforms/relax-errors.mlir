// What nas-relax cannot relax: an error at the site, naming why.
// RUN: nasir-opt %s --split-input-file --nas-relax -verify-diagnostics

nas.space @stride {
  %x = nn.input : tensor<?x3x8x8xf32>
  // expected-error @+1 {{alternatives 16 and 32 of 'w' differ in stride; one-shot search cannot share them}}
  %c = nas.choice "w" -> tensor<?x?x?x?xf32>
    case 16 {
      %a = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x3x8x8xf32>
      nas.yield %a : tensor<?x16x8x8xf32>
    }
    case 32 {
      %b = nn.conv2d %x {out_channels = 32, kernel = 3, padding = 1, stride = 2} : tensor<?x3x8x8xf32>
      nas.yield %b : tensor<?x32x4x4xf32>
    }
  %g = nn.global_avg_pool %c : tensor<?x?x?x?xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

nas.space @op_types {
  %x = nn.input : tensor<?x3x8x8xf32>
  // expected-error @+1 {{alternatives "conv" and "pool" of 'op' yield 'tensor<?x8x8x8xf32>' and 'tensor<?x3x8x8xf32>'; one-shot search mixes only alternatives of one type}}
  %c = nas.choice "op" -> tensor<?x?x8x8xf32>
    case "conv" {
      %a = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1} : tensor<?x3x8x8xf32>
      nas.yield %a : tensor<?x8x8x8xf32>
    }
    case "pool" {
      %b = nn.max_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x3x8x8xf32>
      nas.yield %b : tensor<?x3x8x8xf32>
    }
  %g = nn.global_avg_pool %c : tensor<?x?x8x8xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

nas.space @concat_pick {
  %x = nn.input : tensor<?x8x4x4xf32>
  %a = nn.relu %x : tensor<?x8x4x4xf32>
  // expected-error @+1 {{input choice 'in' concatenates 1 to 2 of its 2 inputs; one-shot search cannot weigh a concatenation (no mask reconciles its channel counts): pick all or sum}}
  %c = nas.select "in" "concat" min 1 max 2 (%x, %a) : tensor<?x8x4x4xf32>, tensor<?x8x4x4xf32>
  %g = nn.global_avg_pool %c : tensor<?x?x4x4xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

// A channel count that is the product of two labels (a width choice around
// an expansion choice) has no mask of one label.
nas.space @two_labels_nested {
  %x = nn.input : tensor<?x3x8x8xf32>
  // expected-error @+1 {{alternatives 8 and 16 of 'w' make the channels of 'nn.conv2d' depend on both 'w' and 'e'; one-shot search cannot share them}}
  %c = nas.choice "w" -> tensor<?x?x8x8xf32>
    case 8 {
      %a = nas.choice "e" -> tensor<?x?x8x8xf32>
        case 1 {
          %k = nn.conv2d %x {out_channels = 8, kernel = 1} : tensor<?x3x8x8xf32>
          nas.yield %k : tensor<?x8x8x8xf32>
        }
        case 2 {
          %k = nn.conv2d %x {out_channels = 16, kernel = 1} : tensor<?x3x8x8xf32>
          nas.yield %k : tensor<?x16x8x8xf32>
        }
      nas.yield %a : tensor<?x?x8x8xf32>
    }
    case 16 {
      %a = nas.choice "e" -> tensor<?x?x8x8xf32>
        case 1 {
          %k = nn.conv2d %x {out_channels = 16, kernel = 1} : tensor<?x3x8x8xf32>
          nas.yield %k : tensor<?x16x8x8xf32>
        }
        case 2 {
          %k = nn.conv2d %x {out_channels = 32, kernel = 1} : tensor<?x3x8x8xf32>
          nas.yield %k : tensor<?x32x8x8xf32>
        }
      nas.yield %a : tensor<?x?x8x8xf32>
    }
  %g = nn.global_avg_pool %c : tensor<?x?x8x8xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

// Two widths summed: zeros stay zero through the sum, but the batch norm
// after it would need a mask of both labels.
nas.space @two_labels_downstream {
  %x = nn.input : tensor<?x3x8x8xf32>
  %a = nas.choice "w" -> tensor<?x?x8x8xf32>
    case 8 {
      %k = nn.conv2d %x {out_channels = 8, kernel = 1} : tensor<?x3x8x8xf32>
      nas.yield %k : tensor<?x8x8x8xf32>
    }
    case 16 {
      %k = nn.conv2d %x {out_channels = 16, kernel = 1} : tensor<?x3x8x8xf32>
      nas.yield %k : tensor<?x16x8x8xf32>
    }
  %b = nas.choice "v" -> tensor<?x?x8x8xf32>
    case 8 {
      %k = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1} : tensor<?x3x8x8xf32>
      nas.yield %k : tensor<?x8x8x8xf32>
    }
    case 16 {
      %k = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x3x8x8xf32>
      nas.yield %k : tensor<?x16x8x8xf32>
    }
  %s = nn.add %a, %b : tensor<?x?x8x8xf32>, tensor<?x?x8x8xf32>
  // expected-error @+1 {{the channels of 'nn.batch_norm' depend on both 'w' and 'v'; one-shot search masks a channel count by one label}}
  %n = nn.batch_norm %s : tensor<?x?x8x8xf32>
  %g = nn.global_avg_pool %n : tensor<?x?x8x8xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

nas.space @layer_norm {
  %x = nn.input : tensor<?x4xf32>
  %a = nas.choice "w" -> tensor<?x?xf32>
    case 8 {
      %k = nn.linear %x {out_features = 8} : tensor<?x4xf32>
      nas.yield %k : tensor<?x8xf32>
    }
    case 16 {
      %k = nn.linear %x {out_features = 16} : tensor<?x4xf32>
      nas.yield %k : tensor<?x16xf32>
    }
  // expected-error @+1 {{layer_norm normalizes over channels that 'w' masks; one-shot search cannot share them}}
  %n = nn.layer_norm %a : tensor<?x?xf32>
  %l = nn.linear %n {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

nas.space @concat_masked {
  %x = nn.input : tensor<?x3x8x8xf32>
  %a = nas.choice "w" -> tensor<?x?x8x8xf32>
    case 8 {
      %k = nn.conv2d %x {out_channels = 8, kernel = 1} : tensor<?x3x8x8xf32>
      nas.yield %k : tensor<?x8x8x8xf32>
    }
    case 16 {
      %k = nn.conv2d %x {out_channels = 16, kernel = 1} : tensor<?x3x8x8xf32>
      nas.yield %k : tensor<?x16x8x8xf32>
    }
  // expected-error @+1 {{concatenates channels that 'w' masks before its last input; one-shot search cannot keep such a mask}}
  %c = nn.concat %a, %x : tensor<?x?x8x8xf32>, tensor<?x3x8x8xf32>
  %g = nn.global_avg_pool %c : tensor<?x?x8x8xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

nas.space @not_centred {
  %x = nn.input : tensor<?x3x8x8xf32>
  // expected-error @+1 {{alternatives 3 and 5 of 'k' differ in kernel and padding that are not centred in one window (kernel 3 with padding 1, kernel 5 with padding 1); one-shot search cannot share them}}
  %c = nas.choice "k" -> tensor<?x8x?x?xf32>
    case 3 {
      %a = nn.conv2d %x {out_channels = 8, kernel = 3, padding = 1} : tensor<?x3x8x8xf32>
      nas.yield %a : tensor<?x8x8x8xf32>
    }
    case 5 {
      %b = nn.conv2d %x {out_channels = 8, kernel = 5, padding = 1} : tensor<?x3x8x8xf32>
      nas.yield %b : tensor<?x8x6x6xf32>
    }
  %g = nn.global_avg_pool %c : tensor<?x8x?x?xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x8xf32>
  nn.output %l : tensor<?x10xf32>
}

// -----

// One alternative follows a width, the other has fixed channels: after the
// mix the count depends on the op choice too, and the batch norm has no mask
// of one label.
nas.space @mixed_counts {
  %x = nn.input : tensor<?x3x8x8xf32>
  %y = nas.choice "op" -> tensor<?x?x8x8xf32>
    case "wide" {
      %a = nas.choice "w" -> tensor<?x?x8x8xf32>
        case 8 {
          %k = nn.conv2d %x {out_channels = 8, kernel = 1} : tensor<?x3x8x8xf32>
          nas.yield %k : tensor<?x8x8x8xf32>
        }
        case 16 {
          %k = nn.conv2d %x {out_channels = 16, kernel = 1} : tensor<?x3x8x8xf32>
          nas.yield %k : tensor<?x16x8x8xf32>
        }
      nas.yield %a : tensor<?x?x8x8xf32>
    }
    case "fixed" {
      %k = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x3x8x8xf32>
      nas.yield %k : tensor<?x16x8x8xf32>
    }
  %r = nn.relu %y : tensor<?x?x8x8xf32>
  // expected-error @+1 {{the channels of 'nn.batch_norm' depend on both 'w' and 'op'; one-shot search masks a channel count by one label}}
  %n = nn.batch_norm %r : tensor<?x?x8x8xf32>
  %g = nn.global_avg_pool %n : tensor<?x?x8x8xf32>
  %l = nn.linear %g {out_features = 10} : tensor<?x?xf32>
  nn.output %l : tensor<?x10xf32>
}
