// RUN: nasir-opt %s --split-input-file --nas-canonicalize --nas-fingerprint | FileCheck %s
// RUN: nasir-opt %s --split-input-file --nas-fingerprint=zero-absorbing=true | FileCheck %s --check-prefix=NB201

// zero contributions dropped, identity folded, sum flattened, dead nodes gone.
// CHECK-LABEL: nas.space @a
// CHECK-SAME: nas.fingerprint = "[[FP:[0-9a-f]+]]"
// CHECK:      %[[X:.*]] = nn.input
// CHECK-NEXT: %[[R:.*]] = nn.relu %[[X]]
// CHECK-NEXT: %[[M:.*]] = nn.max_pool2d %[[X]]
// CHECK-NEXT: %[[S:.*]] = nn.add %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK-NEXT: %[[G:.*]] = nn.global_avg_pool %[[S]]
// CHECK-NEXT: nn.output %[[G]]
nas.space @a {
  %x = nn.input : tensor<?x4x8x8xf32>
  %z = nn.zero %x : tensor<?x4x8x8xf32>
  %zr = nn.relu %z : tensor<?x4x8x8xf32>
  %r = nn.relu %x : tensor<?x4x8x8xf32>
  %i = nn.identity %r : tensor<?x4x8x8xf32>
  %m = nn.max_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x4x8x8xf32>
  %dead = nn.tanh %x : tensor<?x4x8x8xf32>
  %s1 = nn.add %i, %z, %zr : tensor<?x4x8x8xf32>, tensor<?x4x8x8xf32>, tensor<?x4x8x8xf32>
  %s2 = nn.add %m, %s1, %x : tensor<?x4x8x8xf32>, tensor<?x4x8x8xf32>, tensor<?x4x8x8xf32>
  %g = nn.global_avg_pool %s2 : tensor<?x4x8x8xf32>
  nn.output %g : tensor<?x4xf32>
}

// -----

// The same function written another way: same fingerprint.
// CHECK-LABEL: nas.space @b
// CHECK-SAME: nas.fingerprint = "[[FP]]"
nas.space @b {
  %x = nn.input : tensor<?x4x8x8xf32>
  %m = nn.max_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x4x8x8xf32>
  %r = nn.relu %x : tensor<?x4x8x8xf32>
  %s1 = nn.add %x, %m : tensor<?x4x8x8xf32>, tensor<?x4x8x8xf32>
  %s2 = nn.add %s1, %r : tensor<?x4x8x8xf32>, tensor<?x4x8x8xf32>
  %g = nn.global_avg_pool %s2 : tensor<?x4x8x8xf32>
  nn.output %g : tensor<?x4xf32>
}

// -----

// An affine batch norm of zero is not zero (beta), so this differs from @b...
// CHECK-LABEL: nas.space @c
// CHECK-NOT: nas.fingerprint = "[[FP]]"
// ...unless NAS-Bench-201's convention (every op of zero is zero) is asked for.
// NB201-LABEL: nas.space @c
// NB201-SAME: nas.fingerprint = "[[NBFP:[0-9a-f]+]]"
// NB201-LABEL: nas.space @d
// NB201-SAME: nas.fingerprint = "[[NBFP]]"
nas.space @c {
  %x = nn.input : tensor<?x4x8x8xf32>
  %z = nn.zero %x : tensor<?x4x8x8xf32>
  %b = nn.batch_norm %z : tensor<?x4x8x8xf32>
  %m = nn.max_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x4x8x8xf32>
  %s = nn.add %m, %b : tensor<?x4x8x8xf32>, tensor<?x4x8x8xf32>
  %g = nn.global_avg_pool %s : tensor<?x4x8x8xf32>
  nn.output %g : tensor<?x4xf32>
}

// -----

nas.space @d {
  %x = nn.input : tensor<?x4x8x8xf32>
  %m = nn.max_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x4x8x8xf32>
  %g = nn.global_avg_pool %m : tensor<?x4x8x8xf32>
  nn.output %g : tensor<?x4xf32>
}
