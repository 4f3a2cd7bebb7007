;; Dense kernels of the numerical core in WebAssembly with 128-bit SIMD (f64x2).
;;
;; The source of truth is this file: it is assembled at build time by the npm
;; package `wabt` (wasm/compile.ts; the Vite plugin in wasm/vitePlugin.ts
;; for the app and Vitest, wasm/node.ts for the CLI and the bench). No
;; binary is committed. The JavaScript kernels of src/core/linalg.ts stay the
;; reference and the fallback (src/core/simd.ts picks one or the other).
;;
;; Every kernel performs, element by element, the same floating-point operations
;; in the same order as its JavaScript twin (named below), so the results are
;; bit-identical: SIMD runs two independent sums side by side (two columns of a
;; product, or two rows of a row-pair-packed matrix); it never splits one sum.
;; Wasm has no fused multiply-add in its standard SIMD set, and neither has JS.
;;
;; Conventions: matrices are row-major f64 (element (i, j) of an m × k matrix at
;; byte A + 8·(i·k + j)); all pointers are byte offsets into the memory; a
;; pointer 0 means "absent" (the arena in src/core/simd.ts never hands out 0).
(module
  (memory (export "memory") 1)

  ;; ------------------------------------------------------------------ matmul
  ;; C = diag(d)·A·B, A m × n, B n × k, C m × k; d = 0: C = A·B.
  ;; Twin: linalg.ts `matmul` (each C(i, c) summed in ascending j from 0, then × d_i).
  ;; Register tiles of 4 rows × 4 columns (8 f64x2 accumulators).
  (func $matmul (export "matmul")
    (param $m i32) (param $n i32) (param $k i32) (param $A i32) (param $B i32) (param $C i32) (param $d i32)
    (local $i i32) (local $n8 i32) (local $k8 i32)
    (local.set $n8 (i32.shl (local.get $n) (i32.const 3)))
    (local.set $k8 (i32.shl (local.get $k) (i32.const 3)))
    (block $done4
      (loop $rows4
        (br_if $done4 (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (call $mm_rows4 (local.get $n) (local.get $k)
          (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $n8)))
          (local.get $B)
          (i32.add (local.get $C) (i32.mul (local.get $i) (local.get $k8)))
          (if (result i32) (local.get $d)
            (then (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 3))))
            (else (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows4)))
    (block $done1
      (loop $rows1
        (br_if $done1 (i32.ge_u (local.get $i) (local.get $m)))
        (call $mm_row1 (local.get $n) (local.get $k)
          (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $n8)))
          (local.get $B)
          (i32.add (local.get $C) (i32.mul (local.get $i) (local.get $k8)))
          (if (result i32) (local.get $d)
            (then (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 3))))
            (else (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows1))))

  ;; Four rows of C (a: A's row i, c: C's row i, dp: &d[i] or 0).
  (func $mm_rows4 (param $n i32) (param $k i32) (param $a i32) (param $B i32) (param $c i32) (param $dp i32)
    (local $n8 i32) (local $k8 i32) (local $col i32) (local $pa i32) (local $pend i32) (local $pb i32)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $t0 f64) (local $t1 f64) (local $t2 f64) (local $t3 f64) (local $bb f64)
    (local $d0 f64) (local $d1 f64) (local $d2 f64) (local $d3 f64)
    (local.set $n8 (i32.shl (local.get $n) (i32.const 3)))
    (local.set $k8 (i32.shl (local.get $k) (i32.const 3)))
    (if (local.get $dp)
      (then
        (local.set $d0 (f64.load (local.get $dp)))
        (local.set $d1 (f64.load offset=8 (local.get $dp)))
        (local.set $d2 (f64.load offset=16 (local.get $dp)))
        (local.set $d3 (f64.load offset=24 (local.get $dp)))))
    ;; 4 columns at a time
    (block $done
      (loop $cols
        (br_if $done (i32.gt_u (i32.add (local.get $col) (i32.const 4)) (local.get $k)))
        (local.set $s00 (v128.const f64x2 0 0)) (local.set $s01 (v128.const f64x2 0 0))
        (local.set $s10 (v128.const f64x2 0 0)) (local.set $s11 (v128.const f64x2 0 0))
        (local.set $s20 (v128.const f64x2 0 0)) (local.set $s21 (v128.const f64x2 0 0))
        (local.set $s30 (v128.const f64x2 0 0)) (local.set $s31 (v128.const f64x2 0 0))
        (local.set $pa (local.get $a))
        (local.set $pend (i32.add (local.get $a) (local.get $n8)))
        (local.set $pb (i32.add (local.get $B) (i32.shl (local.get $col) (i32.const 3))))
        (block $jdone
          (loop $j
            (br_if $jdone (i32.ge_u (local.get $pa) (local.get $pend)))
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $b1 (v128.load offset=16 (local.get $pb)))
            (local.set $x (v128.load64_splat (local.get $pa)))
            (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (local.get $b0))))
            (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load64_splat (i32.add (local.get $pa) (local.get $n8))))
            (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x) (local.get $b0))))
            (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load64_splat (i32.add (local.get $pa) (i32.shl (local.get $n8) (i32.const 1)))))
            (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x) (local.get $b0))))
            (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load64_splat (i32.add (local.get $pa) (i32.mul (local.get $n8) (i32.const 3)))))
            (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x) (local.get $b0))))
            (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x) (local.get $b1))))
            (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
            (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
            (br $j)))
        (if (local.get $dp)
          (then
            (local.set $x (f64x2.splat (local.get $d0)))
            (local.set $s00 (f64x2.mul (local.get $s00) (local.get $x)))
            (local.set $s01 (f64x2.mul (local.get $s01) (local.get $x)))
            (local.set $x (f64x2.splat (local.get $d1)))
            (local.set $s10 (f64x2.mul (local.get $s10) (local.get $x)))
            (local.set $s11 (f64x2.mul (local.get $s11) (local.get $x)))
            (local.set $x (f64x2.splat (local.get $d2)))
            (local.set $s20 (f64x2.mul (local.get $s20) (local.get $x)))
            (local.set $s21 (f64x2.mul (local.get $s21) (local.get $x)))
            (local.set $x (f64x2.splat (local.get $d3)))
            (local.set $s30 (f64x2.mul (local.get $s30) (local.get $x)))
            (local.set $s31 (f64x2.mul (local.get $s31) (local.get $x)))))
        (local.set $pb (i32.add (local.get $c) (i32.shl (local.get $col) (i32.const 3))))
        (v128.store (local.get $pb) (local.get $s00))
        (v128.store offset=16 (local.get $pb) (local.get $s01))
        (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
        (v128.store (local.get $pb) (local.get $s10))
        (v128.store offset=16 (local.get $pb) (local.get $s11))
        (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
        (v128.store (local.get $pb) (local.get $s20))
        (v128.store offset=16 (local.get $pb) (local.get $s21))
        (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
        (v128.store (local.get $pb) (local.get $s30))
        (v128.store offset=16 (local.get $pb) (local.get $s31))
        (local.set $col (i32.add (local.get $col) (i32.const 4)))
        (br $cols)))
    ;; two more columns (k mod 4 ≥ 2) as one pair: 4 rows × one f64x2, the same sums
    (if (i32.le_u (i32.add (local.get $col) (i32.const 2)) (local.get $k))
      (then
        (local.set $s00 (v128.const f64x2 0 0)) (local.set $s10 (v128.const f64x2 0 0))
        (local.set $s20 (v128.const f64x2 0 0)) (local.set $s30 (v128.const f64x2 0 0))
        (local.set $pa (local.get $a))
        (local.set $pend (i32.add (local.get $a) (local.get $n8)))
        (local.set $pb (i32.add (local.get $B) (i32.shl (local.get $col) (i32.const 3))))
        (block $jdone2
          (loop $j2
            (br_if $jdone2 (i32.ge_u (local.get $pa) (local.get $pend)))
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (v128.load64_splat (local.get $pa)) (local.get $b0))))
            (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (local.get $n8))) (local.get $b0))))
            (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (i32.shl (local.get $n8) (i32.const 1)))) (local.get $b0))))
            (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (v128.load64_splat (i32.add (local.get $pa) (i32.mul (local.get $n8) (i32.const 3)))) (local.get $b0))))
            (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
            (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
            (br $j2)))
        (if (local.get $dp)
          (then
            (local.set $s00 (f64x2.mul (local.get $s00) (f64x2.splat (local.get $d0))))
            (local.set $s10 (f64x2.mul (local.get $s10) (f64x2.splat (local.get $d1))))
            (local.set $s20 (f64x2.mul (local.get $s20) (f64x2.splat (local.get $d2))))
            (local.set $s30 (f64x2.mul (local.get $s30) (f64x2.splat (local.get $d3))))))
        (local.set $pb (i32.add (local.get $c) (i32.shl (local.get $col) (i32.const 3))))
        (v128.store (local.get $pb) (local.get $s00))
        (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
        (v128.store (local.get $pb) (local.get $s10))
        (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
        (v128.store (local.get $pb) (local.get $s20))
        (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
        (v128.store (local.get $pb) (local.get $s30))
        (local.set $col (i32.add (local.get $col) (i32.const 2)))))
    ;; the last odd column (scalar)
    (block $done1
      (loop $cols1
        (br_if $done1 (i32.ge_u (local.get $col) (local.get $k)))
        (local.set $t0 (f64.const 0)) (local.set $t1 (f64.const 0))
        (local.set $t2 (f64.const 0)) (local.set $t3 (f64.const 0))
        (local.set $pa (local.get $a))
        (local.set $pend (i32.add (local.get $a) (local.get $n8)))
        (local.set $pb (i32.add (local.get $B) (i32.shl (local.get $col) (i32.const 3))))
        (block $jdone1
          (loop $j1
            (br_if $jdone1 (i32.ge_u (local.get $pa) (local.get $pend)))
            (local.set $bb (f64.load (local.get $pb)))
            (local.set $t0 (f64.add (local.get $t0) (f64.mul (f64.load (local.get $pa)) (local.get $bb))))
            (local.set $t1 (f64.add (local.get $t1) (f64.mul (f64.load (i32.add (local.get $pa) (local.get $n8))) (local.get $bb))))
            (local.set $t2 (f64.add (local.get $t2) (f64.mul (f64.load (i32.add (local.get $pa) (i32.shl (local.get $n8) (i32.const 1)))) (local.get $bb))))
            (local.set $t3 (f64.add (local.get $t3) (f64.mul (f64.load (i32.add (local.get $pa) (i32.mul (local.get $n8) (i32.const 3)))) (local.get $bb))))
            (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
            (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
            (br $j1)))
        (if (local.get $dp)
          (then
            (local.set $t0 (f64.mul (local.get $t0) (local.get $d0)))
            (local.set $t1 (f64.mul (local.get $t1) (local.get $d1)))
            (local.set $t2 (f64.mul (local.get $t2) (local.get $d2)))
            (local.set $t3 (f64.mul (local.get $t3) (local.get $d3)))))
        (local.set $pb (i32.add (local.get $c) (i32.shl (local.get $col) (i32.const 3))))
        (f64.store (local.get $pb) (local.get $t0))
        (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
        (f64.store (local.get $pb) (local.get $t1))
        (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
        (f64.store (local.get $pb) (local.get $t2))
        (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
        (f64.store (local.get $pb) (local.get $t3))
        (local.set $col (i32.add (local.get $col) (i32.const 1)))
        (br $cols1))))

  ;; One row of C.
  (func $mm_row1 (param $n i32) (param $k i32) (param $a i32) (param $B i32) (param $c i32) (param $dp i32)
    (local $n8 i32) (local $k8 i32) (local $col i32) (local $pa i32) (local $pend i32) (local $pb i32)
    (local $s0 v128) (local $s1 v128) (local $x v128) (local $t f64) (local $d0 f64)
    (local.set $n8 (i32.shl (local.get $n) (i32.const 3)))
    (local.set $k8 (i32.shl (local.get $k) (i32.const 3)))
    (if (local.get $dp) (then (local.set $d0 (f64.load (local.get $dp)))))
    (block $done
      (loop $cols
        (br_if $done (i32.gt_u (i32.add (local.get $col) (i32.const 4)) (local.get $k)))
        (local.set $s0 (v128.const f64x2 0 0))
        (local.set $s1 (v128.const f64x2 0 0))
        (local.set $pa (local.get $a))
        (local.set $pend (i32.add (local.get $a) (local.get $n8)))
        (local.set $pb (i32.add (local.get $B) (i32.shl (local.get $col) (i32.const 3))))
        (block $jdone
          (loop $j
            (br_if $jdone (i32.ge_u (local.get $pa) (local.get $pend)))
            (local.set $x (v128.load64_splat (local.get $pa)))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $x) (v128.load (local.get $pb)))))
            (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
            (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
            (br $j)))
        (if (local.get $dp)
          (then
            (local.set $x (f64x2.splat (local.get $d0)))
            (local.set $s0 (f64x2.mul (local.get $s0) (local.get $x)))
            (local.set $s1 (f64x2.mul (local.get $s1) (local.get $x)))))
        (local.set $pb (i32.add (local.get $c) (i32.shl (local.get $col) (i32.const 3))))
        (v128.store (local.get $pb) (local.get $s0))
        (v128.store offset=16 (local.get $pb) (local.get $s1))
        (local.set $col (i32.add (local.get $col) (i32.const 4)))
        (br $cols)))
    (block $done1
      (loop $cols1
        (br_if $done1 (i32.ge_u (local.get $col) (local.get $k)))
        (local.set $t (f64.const 0))
        (local.set $pa (local.get $a))
        (local.set $pend (i32.add (local.get $a) (local.get $n8)))
        (local.set $pb (i32.add (local.get $B) (i32.shl (local.get $col) (i32.const 3))))
        (block $jdone1
          (loop $j1
            (br_if $jdone1 (i32.ge_u (local.get $pa) (local.get $pend)))
            (local.set $t (f64.add (local.get $t) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
            (local.set $pb (i32.add (local.get $pb) (local.get $k8)))
            (br $j1)))
        (if (local.get $dp) (then (local.set $t (f64.mul (local.get $t) (local.get $d0)))))
        (f64.store (i32.add (local.get $c) (i32.shl (local.get $col) (i32.const 3))) (local.get $t))
        (local.set $col (i32.add (local.get $col) (i32.const 1)))
        (br $cols1))))

  ;; ------------------------------------------------- row-pair packed matvec
  ;; The packed layout of an m × n matrix (`packRowPairs` in src/core/simd.ts):
  ;; rows 2p and 2p+1 interleaved, element (2p + r, j) at 8·(2n·p + 2j + r); an
  ;; odd last row follows as a plain row. One f64x2 load then holds one column
  ;; of two rows, and each row's sum runs in ascending j as in linalg.ts `matvec`.

  ;; y = A·x (+ b), A packed m × n. Twin: linalg.ts `matvec` (bit for bit).
  (func $matvec_packed (export "matvec_packed")
    (param $m i32) (param $n i32) (param $P i32) (param $x i32) (param $b i32) (param $y i32)
    (local $row i32) (local $n16 i32) (local $p i32) (local $j i32) (local $jx i32) (local $xe i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $xv v128)
    (local $t f64)
    (local.set $n16 (i32.shl (local.get $n) (i32.const 4)))
    (local.set $xe (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    ;; 8 rows (4 pairs) per sweep
    (block $done8
      (loop $rows8
        (br_if $done8 (i32.gt_u (i32.add (local.get $row) (i32.const 8)) (local.get $m)))
        (local.set $s0 (v128.const f64x2 0 0)) (local.set $s1 (v128.const f64x2 0 0))
        (local.set $s2 (v128.const f64x2 0 0)) (local.set $s3 (v128.const f64x2 0 0))
        (local.set $p (i32.add (local.get $P) (i32.mul (i32.shr_u (local.get $row) (i32.const 1)) (local.get $n16))))
        (local.set $jx (local.get $x))
        (block $jd
          (loop $j
            (br_if $jd (i32.ge_u (local.get $jx) (local.get $xe)))
            (local.set $xv (v128.load64_splat (local.get $jx)))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load (local.get $p)) (local.get $xv))))
            (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (v128.load (i32.add (local.get $p) (local.get $n16))) (local.get $xv))))
            (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (v128.load (i32.add (local.get $p) (i32.shl (local.get $n16) (i32.const 1)))) (local.get $xv))))
            (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (v128.load (i32.add (local.get $p) (i32.mul (local.get $n16) (i32.const 3)))) (local.get $xv))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $jx (i32.add (local.get $jx) (i32.const 8)))
            (br $j)))
        (if (local.get $b)
          (then
            (local.set $p (i32.add (local.get $b) (i32.shl (local.get $row) (i32.const 3))))
            (local.set $s0 (f64x2.add (local.get $s0) (v128.load (local.get $p))))
            (local.set $s1 (f64x2.add (local.get $s1) (v128.load offset=16 (local.get $p))))
            (local.set $s2 (f64x2.add (local.get $s2) (v128.load offset=32 (local.get $p))))
            (local.set $s3 (f64x2.add (local.get $s3) (v128.load offset=48 (local.get $p))))))
        (local.set $p (i32.add (local.get $y) (i32.shl (local.get $row) (i32.const 3))))
        (v128.store (local.get $p) (local.get $s0))
        (v128.store offset=16 (local.get $p) (local.get $s1))
        (v128.store offset=32 (local.get $p) (local.get $s2))
        (v128.store offset=48 (local.get $p) (local.get $s3))
        (local.set $row (i32.add (local.get $row) (i32.const 8)))
        (br $rows8)))
    ;; pairs
    (block $done2
      (loop $rows2
        (br_if $done2 (i32.gt_u (i32.add (local.get $row) (i32.const 2)) (local.get $m)))
        (local.set $s0 (v128.const f64x2 0 0))
        (local.set $p (i32.add (local.get $P) (i32.mul (i32.shr_u (local.get $row) (i32.const 1)) (local.get $n16))))
        (local.set $jx (local.get $x))
        (block $jd2
          (loop $j2
            (br_if $jd2 (i32.ge_u (local.get $jx) (local.get $xe)))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load (local.get $p)) (v128.load64_splat (local.get $jx)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $jx (i32.add (local.get $jx) (i32.const 8)))
            (br $j2)))
        (if (local.get $b)
          (then (local.set $s0 (f64x2.add (local.get $s0) (v128.load (i32.add (local.get $b) (i32.shl (local.get $row) (i32.const 3))))))))
        (v128.store (i32.add (local.get $y) (i32.shl (local.get $row) (i32.const 3))) (local.get $s0))
        (local.set $row (i32.add (local.get $row) (i32.const 2)))
        (br $rows2)))
    ;; an odd last row, stored plain
    (if (i32.lt_u (local.get $row) (local.get $m))
      (then
        (local.set $p (i32.add (local.get $P) (i32.mul (i32.shr_u (local.get $row) (i32.const 1)) (local.get $n16))))
        (local.set $t (f64.const 0))
        (local.set $jx (local.get $x))
        (block $jd3
          (loop $j3
            (br_if $jd3 (i32.ge_u (local.get $jx) (local.get $xe)))
            (local.set $t (f64.add (local.get $t) (f64.mul (f64.load (local.get $p)) (f64.load (local.get $jx)))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $jx (i32.add (local.get $jx) (i32.const 8)))
            (br $j3)))
        (if (local.get $b)
          (then (local.set $t (f64.add (local.get $t) (f64.load (i32.add (local.get $b) (i32.shl (local.get $row) (i32.const 3))))))))
        (f64.store (i32.add (local.get $y) (i32.shl (local.get $row) (i32.const 3))) (local.get $t)))))

  ;; y = A·x (+ b) and v = A·u in one sweep over A (packed m × n).
  ;; Twin: linalg.ts `matvec2` (bit for bit).
  (func $matvec2_packed (export "matvec2_packed")
    (param $m i32) (param $n i32) (param $P i32) (param $x i32) (param $b i32) (param $y i32) (param $u i32) (param $v i32)
    (local $row i32) (local $n16 i32) (local $p i32) (local $jx i32) (local $ju i32) (local $xe i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $xv v128) (local $uv v128) (local $a v128)
    (local $sx f64) (local $su f64) (local $sa f64)
    (local.set $n16 (i32.shl (local.get $n) (i32.const 4)))
    (local.set $xe (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done8
      (loop $rows8
        (br_if $done8 (i32.gt_u (i32.add (local.get $row) (i32.const 8)) (local.get $m)))
        (local.set $s0 (v128.const f64x2 0 0)) (local.set $s1 (v128.const f64x2 0 0))
        (local.set $s2 (v128.const f64x2 0 0)) (local.set $s3 (v128.const f64x2 0 0))
        (local.set $t0 (v128.const f64x2 0 0)) (local.set $t1 (v128.const f64x2 0 0))
        (local.set $t2 (v128.const f64x2 0 0)) (local.set $t3 (v128.const f64x2 0 0))
        (local.set $p (i32.add (local.get $P) (i32.mul (i32.shr_u (local.get $row) (i32.const 1)) (local.get $n16))))
        (local.set $jx (local.get $x))
        (local.set $ju (local.get $u))
        (block $jd
          (loop $j
            (br_if $jd (i32.ge_u (local.get $jx) (local.get $xe)))
            (local.set $xv (v128.load64_splat (local.get $jx)))
            (local.set $uv (v128.load64_splat (local.get $ju)))
            (local.set $a (v128.load (local.get $p)))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $a) (local.get $xv))))
            (local.set $t0 (f64x2.add (local.get $t0) (f64x2.mul (local.get $a) (local.get $uv))))
            (local.set $a (v128.load (i32.add (local.get $p) (local.get $n16))))
            (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $a) (local.get $xv))))
            (local.set $t1 (f64x2.add (local.get $t1) (f64x2.mul (local.get $a) (local.get $uv))))
            (local.set $a (v128.load (i32.add (local.get $p) (i32.shl (local.get $n16) (i32.const 1)))))
            (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $a) (local.get $xv))))
            (local.set $t2 (f64x2.add (local.get $t2) (f64x2.mul (local.get $a) (local.get $uv))))
            (local.set $a (v128.load (i32.add (local.get $p) (i32.mul (local.get $n16) (i32.const 3)))))
            (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $a) (local.get $xv))))
            (local.set $t3 (f64x2.add (local.get $t3) (f64x2.mul (local.get $a) (local.get $uv))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $jx (i32.add (local.get $jx) (i32.const 8)))
            (local.set $ju (i32.add (local.get $ju) (i32.const 8)))
            (br $j)))
        (if (local.get $b)
          (then
            (local.set $p (i32.add (local.get $b) (i32.shl (local.get $row) (i32.const 3))))
            (local.set $s0 (f64x2.add (local.get $s0) (v128.load (local.get $p))))
            (local.set $s1 (f64x2.add (local.get $s1) (v128.load offset=16 (local.get $p))))
            (local.set $s2 (f64x2.add (local.get $s2) (v128.load offset=32 (local.get $p))))
            (local.set $s3 (f64x2.add (local.get $s3) (v128.load offset=48 (local.get $p))))))
        (local.set $p (i32.add (local.get $y) (i32.shl (local.get $row) (i32.const 3))))
        (v128.store (local.get $p) (local.get $s0))
        (v128.store offset=16 (local.get $p) (local.get $s1))
        (v128.store offset=32 (local.get $p) (local.get $s2))
        (v128.store offset=48 (local.get $p) (local.get $s3))
        (local.set $p (i32.add (local.get $v) (i32.shl (local.get $row) (i32.const 3))))
        (v128.store (local.get $p) (local.get $t0))
        (v128.store offset=16 (local.get $p) (local.get $t1))
        (v128.store offset=32 (local.get $p) (local.get $t2))
        (v128.store offset=48 (local.get $p) (local.get $t3))
        (local.set $row (i32.add (local.get $row) (i32.const 8)))
        (br $rows8)))
    (block $done2
      (loop $rows2
        (br_if $done2 (i32.gt_u (i32.add (local.get $row) (i32.const 2)) (local.get $m)))
        (local.set $s0 (v128.const f64x2 0 0))
        (local.set $t0 (v128.const f64x2 0 0))
        (local.set $p (i32.add (local.get $P) (i32.mul (i32.shr_u (local.get $row) (i32.const 1)) (local.get $n16))))
        (local.set $jx (local.get $x))
        (local.set $ju (local.get $u))
        (block $jd2
          (loop $j2
            (br_if $jd2 (i32.ge_u (local.get $jx) (local.get $xe)))
            (local.set $a (v128.load (local.get $p)))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $a) (v128.load64_splat (local.get $jx)))))
            (local.set $t0 (f64x2.add (local.get $t0) (f64x2.mul (local.get $a) (v128.load64_splat (local.get $ju)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $jx (i32.add (local.get $jx) (i32.const 8)))
            (local.set $ju (i32.add (local.get $ju) (i32.const 8)))
            (br $j2)))
        (if (local.get $b)
          (then (local.set $s0 (f64x2.add (local.get $s0) (v128.load (i32.add (local.get $b) (i32.shl (local.get $row) (i32.const 3))))))))
        (v128.store (i32.add (local.get $y) (i32.shl (local.get $row) (i32.const 3))) (local.get $s0))
        (v128.store (i32.add (local.get $v) (i32.shl (local.get $row) (i32.const 3))) (local.get $t0))
        (local.set $row (i32.add (local.get $row) (i32.const 2)))
        (br $rows2)))
    (if (i32.lt_u (local.get $row) (local.get $m))
      (then
        (local.set $p (i32.add (local.get $P) (i32.mul (i32.shr_u (local.get $row) (i32.const 1)) (local.get $n16))))
        (local.set $sx (f64.const 0))
        (local.set $su (f64.const 0))
        (local.set $jx (local.get $x))
        (local.set $ju (local.get $u))
        (block $jd3
          (loop $j3
            (br_if $jd3 (i32.ge_u (local.get $jx) (local.get $xe)))
            (local.set $sa (f64.load (local.get $p)))
            (local.set $sx (f64.add (local.get $sx) (f64.mul (local.get $sa) (f64.load (local.get $jx)))))
            (local.set $su (f64.add (local.get $su) (f64.mul (local.get $sa) (f64.load (local.get $ju)))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $jx (i32.add (local.get $jx) (i32.const 8)))
            (local.set $ju (i32.add (local.get $ju) (i32.const 8)))
            (br $j3)))
        (if (local.get $b)
          (then (local.set $sx (f64.add (local.get $sx) (f64.load (i32.add (local.get $b) (i32.shl (local.get $row) (i32.const 3))))))))
        (f64.store (i32.add (local.get $y) (i32.shl (local.get $row) (i32.const 3))) (local.get $sx))
        (f64.store (i32.add (local.get $v) (i32.shl (local.get $row) (i32.const 3))) (local.get $su)))))

  ;; ------------------------------------------------------------ QR (block MGS)
  ;; Thin QR of A (m × k, in place) by block-4 modified Gram–Schmidt; rdiag gets
  ;; diag R, P is a work area of 4k doubles. Twin: linalg.ts `qrMgsBlocked` (bit
  ;; for bit: the same sweeps, sums and updates in the same order; the products
  ;; Q_bᵀA and A − Q_b·w run two columns per f64x2).

  ;; Column c's norm r = √s goes to rdiag[c]; returns 1/r, or 1 after replacing a
  ;; null column (twin: `blockPivot`).
  (func $pivot (param $m i32) (param $k i32) (param $A i32) (param $rdiag i32) (param $c i32) (param $s f64) (result f64)
    (local $r f64)
    (local.set $r (f64.sqrt (local.get $s)))
    (f64.store (i32.add (local.get $rdiag) (i32.shl (local.get $c) (i32.const 3))) (local.get $r))
    (if (f64.ne (local.get $r) (f64.const 0)) (then (return (f64.div (f64.const 1) (local.get $r)))))
    (call $fill_null (local.get $m) (local.get $k) (local.get $A) (local.get $c))
    (f64.const 1))

  ;; Replace column c by a unit vector orthogonal to columns 0 … c−1 (twin: `fillNullColumn`).
  (func $fill_null (param $m i32) (param $k i32) (param $A i32) (param $c i32)
    (local $k8 i32) (local $p i32) (local $i i32) (local $pass i32) (local $j i32)
    (local $pc i32) (local $pj i32) (local $d f64) (local $s f64) (local $x f64) (local $inv f64)
    (local.set $k8 (i32.shl (local.get $k) (i32.const 3)))
    (local.set $p (i32.const 0))
    (block $pdone
      (loop $ploop
        (br_if $pdone (i32.ge_u (local.get $p) (local.get $m)))
        ;; e_p
        (local.set $i (i32.const 0))
        (local.set $pc (i32.add (local.get $A) (i32.shl (local.get $c) (i32.const 3))))
        (block $e (loop $el
          (br_if $e (i32.ge_u (local.get $i) (local.get $m)))
          (f64.store (local.get $pc) (select (f64.const 1) (f64.const 0) (i32.eq (local.get $i) (local.get $p))))
          (local.set $pc (i32.add (local.get $pc) (local.get $k8)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $el)))
        ;; two passes of classical Gram–Schmidt against columns 0 … c−1
        (local.set $pass (i32.const 0))
        (block $passd (loop $passl
          (br_if $passd (i32.ge_u (local.get $pass) (i32.const 2)))
          (local.set $j (i32.const 0))
          (block $jd (loop $jl
            (br_if $jd (i32.ge_u (local.get $j) (local.get $c)))
            (local.set $d (f64.const 0))
            (local.set $i (i32.const 0))
            (local.set $pj (i32.add (local.get $A) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $pc (i32.add (local.get $A) (i32.shl (local.get $c) (i32.const 3))))
            (block $dd (loop $dl
              (br_if $dd (i32.ge_u (local.get $i) (local.get $m)))
              (local.set $d (f64.add (local.get $d) (f64.mul (f64.load (local.get $pj)) (f64.load (local.get $pc)))))
              (local.set $pj (i32.add (local.get $pj) (local.get $k8)))
              (local.set $pc (i32.add (local.get $pc) (local.get $k8)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $dl)))
            (local.set $i (i32.const 0))
            (local.set $pj (i32.add (local.get $A) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $pc (i32.add (local.get $A) (i32.shl (local.get $c) (i32.const 3))))
            (block $ud (loop $ul
              (br_if $ud (i32.ge_u (local.get $i) (local.get $m)))
              (f64.store (local.get $pc) (f64.sub (f64.load (local.get $pc)) (f64.mul (local.get $d) (f64.load (local.get $pj)))))
              (local.set $pj (i32.add (local.get $pj) (local.get $k8)))
              (local.set $pc (i32.add (local.get $pc) (local.get $k8)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $ul)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jl)))
          (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
          (br $passl)))
        ;; keep it if enough is left
        (local.set $s (f64.const 0))
        (local.set $i (i32.const 0))
        (local.set $pc (i32.add (local.get $A) (i32.shl (local.get $c) (i32.const 3))))
        (block $sd (loop $sl
          (br_if $sd (i32.ge_u (local.get $i) (local.get $m)))
          (local.set $x (f64.load (local.get $pc)))
          (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $x))))
          (local.set $pc (i32.add (local.get $pc) (local.get $k8)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $sl)))
        (if (f64.gt (local.get $s) (f64.const 0.25))
          (then
            (local.set $inv (f64.div (f64.const 1) (f64.sqrt (local.get $s))))
            (local.set $i (i32.const 0))
            (local.set $pc (i32.add (local.get $A) (i32.shl (local.get $c) (i32.const 3))))
            (block $nd (loop $nl
              (br_if $nd (i32.ge_u (local.get $i) (local.get $m)))
              (f64.store (local.get $pc) (f64.mul (f64.load (local.get $pc)) (local.get $inv)))
              (local.set $pc (i32.add (local.get $pc) (local.get $k8)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $nl)))
            (return)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $ploop))))

  (func $qr_mgs_blocked (export "qr_mgs_blocked")
    (param $m i32) (param $k i32) (param $A i32) (param $rdiag i32) (param $P i32)
    (local $k8 i32) (local $c0 i32) (local $a i32) (local $pe i32) (local $ri i32) (local $i i32)
    (local $j i32) (local $j0 i32) (local $jj i32) (local $c i32) (local $o i32) (local $o1 i32) (local $pw i32)
    (local $s f64) (local $inv f64) (local $x f64) (local $q f64)
    (local $q0 f64) (local $q1 f64) (local $q2 f64) (local $q3 f64)
    (local $w1 f64) (local $w2 f64) (local $w3 f64)
    (local $g10 f64) (local $g20 f64) (local $g21 f64) (local $g30 f64) (local $g31 f64) (local $g32 f64)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $u0 v128) (local $u1 v128) (local $u2 v128) (local $u3 v128)
    (local $a0 v128) (local $a1 v128) (local $qv v128)
    (local $Q00 v128) (local $Q01 v128) (local $Q02 v128) (local $Q03 v128)
    (local $Q10 v128) (local $Q11 v128) (local $Q12 v128) (local $Q13 v128)
    (local $W0 v128) (local $W1 v128) (local $W2 v128) (local $W3 v128)
    (local $t0 f64) (local $t1 f64) (local $t2 f64) (local $t3 f64)
    (local.set $k8 (i32.shl (local.get $k) (i32.const 3)))
    (local.set $pe (i32.mul (local.get $m) (local.get $k8))) ;; byte length of A
    (block $blocks_done
      (loop $blocks
        (br_if $blocks_done (i32.gt_u (i32.add (local.get $c0) (i32.const 4)) (local.get $k)))
        (local.set $a (i32.add (local.get $A) (i32.shl (local.get $c0) (i32.const 3))))
        ;; sweep 1: ‖a_0‖²
        (local.set $s (f64.const 0))
        (local.set $ri (local.get $a))
        (block $d1 (loop $l1
          (br_if $d1 (i32.ge_u (local.get $ri) (i32.add (local.get $a) (local.get $pe))))
          (local.set $x (f64.load (local.get $ri)))
          (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $x))))
          (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
          (br $l1)))
        (local.set $inv (call $pivot (local.get $m) (local.get $k) (local.get $A) (local.get $rdiag) (local.get $c0) (local.get $s)))
        ;; sweep 2: scale column 0, its projections on 1, 2, 3
        (local.set $w1 (f64.const 0)) (local.set $w2 (f64.const 0)) (local.set $w3 (f64.const 0))
        (local.set $ri (local.get $a))
        (block $d2 (loop $l2
          (br_if $d2 (i32.ge_u (local.get $ri) (i32.add (local.get $a) (local.get $pe))))
          (local.set $q (f64.mul (f64.load (local.get $ri)) (local.get $inv)))
          (f64.store (local.get $ri) (local.get $q))
          (local.set $w1 (f64.add (local.get $w1) (f64.mul (local.get $q) (f64.load offset=8 (local.get $ri)))))
          (local.set $w2 (f64.add (local.get $w2) (f64.mul (local.get $q) (f64.load offset=16 (local.get $ri)))))
          (local.set $w3 (f64.add (local.get $w3) (f64.mul (local.get $q) (f64.load offset=24 (local.get $ri)))))
          (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
          (br $l2)))
        ;; sweep 3: update 1, 2, 3; ‖a_1‖²
        (local.set $s (f64.const 0))
        (local.set $ri (local.get $a))
        (block $d3 (loop $l3
          (br_if $d3 (i32.ge_u (local.get $ri) (i32.add (local.get $a) (local.get $pe))))
          (local.set $q (f64.load (local.get $ri)))
          (local.set $x (f64.sub (f64.load offset=8 (local.get $ri)) (f64.mul (local.get $q) (local.get $w1))))
          (f64.store offset=8 (local.get $ri) (local.get $x))
          (f64.store offset=16 (local.get $ri) (f64.sub (f64.load offset=16 (local.get $ri)) (f64.mul (local.get $q) (local.get $w2))))
          (f64.store offset=24 (local.get $ri) (f64.sub (f64.load offset=24 (local.get $ri)) (f64.mul (local.get $q) (local.get $w3))))
          (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $x))))
          (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
          (br $l3)))
        (local.set $inv (call $pivot (local.get $m) (local.get $k) (local.get $A) (local.get $rdiag) (i32.add (local.get $c0) (i32.const 1)) (local.get $s)))
        ;; sweep 4: scale column 1, its projections on 2, 3
        (local.set $w2 (f64.const 0)) (local.set $w3 (f64.const 0))
        (local.set $ri (i32.add (local.get $a) (i32.const 8)))
        (block $d4 (loop $l4
          (br_if $d4 (i32.ge_u (local.get $ri) (i32.add (local.get $a) (local.get $pe))))
          (local.set $q (f64.mul (f64.load (local.get $ri)) (local.get $inv)))
          (f64.store (local.get $ri) (local.get $q))
          (local.set $w2 (f64.add (local.get $w2) (f64.mul (local.get $q) (f64.load offset=8 (local.get $ri)))))
          (local.set $w3 (f64.add (local.get $w3) (f64.mul (local.get $q) (f64.load offset=16 (local.get $ri)))))
          (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
          (br $l4)))
        ;; sweep 5: update 2, 3; ‖a_2‖²
        (local.set $s (f64.const 0))
        (local.set $ri (i32.add (local.get $a) (i32.const 8)))
        (block $d5 (loop $l5
          (br_if $d5 (i32.ge_u (local.get $ri) (i32.add (local.get $a) (local.get $pe))))
          (local.set $q (f64.load (local.get $ri)))
          (local.set $x (f64.sub (f64.load offset=8 (local.get $ri)) (f64.mul (local.get $q) (local.get $w2))))
          (f64.store offset=8 (local.get $ri) (local.get $x))
          (f64.store offset=16 (local.get $ri) (f64.sub (f64.load offset=16 (local.get $ri)) (f64.mul (local.get $q) (local.get $w3))))
          (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $x))))
          (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
          (br $l5)))
        (local.set $inv (call $pivot (local.get $m) (local.get $k) (local.get $A) (local.get $rdiag) (i32.add (local.get $c0) (i32.const 2)) (local.get $s)))
        ;; sweep 6: scale column 2, its projection on 3
        (local.set $w3 (f64.const 0))
        (local.set $ri (i32.add (local.get $a) (i32.const 16)))
        (block $d6 (loop $l6
          (br_if $d6 (i32.ge_u (local.get $ri) (i32.add (local.get $a) (local.get $pe))))
          (local.set $q (f64.mul (f64.load (local.get $ri)) (local.get $inv)))
          (f64.store (local.get $ri) (local.get $q))
          (local.set $w3 (f64.add (local.get $w3) (f64.mul (local.get $q) (f64.load offset=8 (local.get $ri)))))
          (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
          (br $l6)))
        ;; sweep 7: update 3; ‖a_3‖²
        (local.set $s (f64.const 0))
        (local.set $ri (i32.add (local.get $a) (i32.const 16)))
        (block $d7 (loop $l7
          (br_if $d7 (i32.ge_u (local.get $ri) (i32.add (local.get $a) (local.get $pe))))
          (local.set $x (f64.sub (f64.load offset=8 (local.get $ri)) (f64.mul (f64.load (local.get $ri)) (local.get $w3))))
          (f64.store offset=8 (local.get $ri) (local.get $x))
          (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $x))))
          (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
          (br $l7)))
        (local.set $inv (call $pivot (local.get $m) (local.get $k) (local.get $A) (local.get $rdiag) (i32.add (local.get $c0) (i32.const 3)) (local.get $s)))
        ;; sweep 8: scale column 3; L = strictly lower part of Q_bᵀQ_b
        (local.set $g10 (f64.const 0)) (local.set $g20 (f64.const 0)) (local.set $g21 (f64.const 0))
        (local.set $g30 (f64.const 0)) (local.set $g31 (f64.const 0)) (local.set $g32 (f64.const 0))
        (local.set $ri (local.get $a))
        (block $d8 (loop $l8
          (br_if $d8 (i32.ge_u (local.get $ri) (i32.add (local.get $a) (local.get $pe))))
          (local.set $q0 (f64.load (local.get $ri)))
          (local.set $q1 (f64.load offset=8 (local.get $ri)))
          (local.set $q2 (f64.load offset=16 (local.get $ri)))
          (local.set $q3 (f64.mul (f64.load offset=24 (local.get $ri)) (local.get $inv)))
          (f64.store offset=24 (local.get $ri) (local.get $q3))
          (local.set $g10 (f64.add (local.get $g10) (f64.mul (local.get $q1) (local.get $q0))))
          (local.set $g20 (f64.add (local.get $g20) (f64.mul (local.get $q2) (local.get $q0))))
          (local.set $g21 (f64.add (local.get $g21) (f64.mul (local.get $q2) (local.get $q1))))
          (local.set $g30 (f64.add (local.get $g30) (f64.mul (local.get $q3) (local.get $q0))))
          (local.set $g31 (f64.add (local.get $g31) (f64.mul (local.get $q3) (local.get $q1))))
          (local.set $g32 (f64.add (local.get $g32) (f64.mul (local.get $q3) (local.get $q2))))
          (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
          (br $l8)))
        (local.set $j0 (i32.add (local.get $c0) (i32.const 4)))
        (if (i32.eq (local.get $j0) (local.get $k)) (then (return)))
        ;; ---- w = (I + L)⁻¹·Q_bᵀ·A[:, j0:k] into P (row p at P + 8·p·k)
        (local.set $j (local.get $j0))
        ;; four columns per sweep
        (block $w4d (loop $w4
          (br_if $w4d (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $k)))
          (local.set $v0 (v128.const f64x2 0 0)) (local.set $v1 (v128.const f64x2 0 0))
          (local.set $v2 (v128.const f64x2 0 0)) (local.set $v3 (v128.const f64x2 0 0))
          (local.set $u0 (v128.const f64x2 0 0)) (local.set $u1 (v128.const f64x2 0 0))
          (local.set $u2 (v128.const f64x2 0 0)) (local.set $u3 (v128.const f64x2 0 0))
          (local.set $ri (local.get $A))
          (local.set $o (i32.sub (i32.shl (local.get $j) (i32.const 3)) (i32.shl (local.get $c0) (i32.const 3))))
          (block $pd (loop $pl
            (br_if $pd (i32.ge_u (local.get $ri) (i32.add (local.get $A) (local.get $pe))))
            (local.set $i (i32.add (local.get $ri) (i32.shl (local.get $c0) (i32.const 3)))) ;; &A[i, c0]
            (local.set $a0 (v128.load (i32.add (local.get $i) (local.get $o))))
            (local.set $a1 (v128.load offset=16 (i32.add (local.get $i) (local.get $o))))
            (local.set $qv (v128.load64_splat (local.get $i)))
            (local.set $v0 (f64x2.add (local.get $v0) (f64x2.mul (local.get $qv) (local.get $a0))))
            (local.set $u0 (f64x2.add (local.get $u0) (f64x2.mul (local.get $qv) (local.get $a1))))
            (local.set $qv (v128.load64_splat offset=8 (local.get $i)))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $qv) (local.get $a0))))
            (local.set $u1 (f64x2.add (local.get $u1) (f64x2.mul (local.get $qv) (local.get $a1))))
            (local.set $qv (v128.load64_splat offset=16 (local.get $i)))
            (local.set $v2 (f64x2.add (local.get $v2) (f64x2.mul (local.get $qv) (local.get $a0))))
            (local.set $u2 (f64x2.add (local.get $u2) (f64x2.mul (local.get $qv) (local.get $a1))))
            (local.set $qv (v128.load64_splat offset=24 (local.get $i)))
            (local.set $v3 (f64x2.add (local.get $v3) (f64x2.mul (local.get $qv) (local.get $a0))))
            (local.set $u3 (f64x2.add (local.get $u3) (f64x2.mul (local.get $qv) (local.get $a1))))
            (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
            (br $pl)))
          ;; (I + L)⁻¹ by forward substitution, in the twin's order
          (local.set $v1 (f64x2.sub (local.get $v1) (f64x2.mul (f64x2.splat (local.get $g10)) (local.get $v0))))
          (local.set $u1 (f64x2.sub (local.get $u1) (f64x2.mul (f64x2.splat (local.get $g10)) (local.get $u0))))
          (local.set $v2 (f64x2.sub (local.get $v2) (f64x2.mul (f64x2.splat (local.get $g20)) (local.get $v0))))
          (local.set $u2 (f64x2.sub (local.get $u2) (f64x2.mul (f64x2.splat (local.get $g20)) (local.get $u0))))
          (local.set $v2 (f64x2.sub (local.get $v2) (f64x2.mul (f64x2.splat (local.get $g21)) (local.get $v1))))
          (local.set $u2 (f64x2.sub (local.get $u2) (f64x2.mul (f64x2.splat (local.get $g21)) (local.get $u1))))
          (local.set $v3 (f64x2.sub (local.get $v3) (f64x2.mul (f64x2.splat (local.get $g30)) (local.get $v0))))
          (local.set $u3 (f64x2.sub (local.get $u3) (f64x2.mul (f64x2.splat (local.get $g30)) (local.get $u0))))
          (local.set $v3 (f64x2.sub (local.get $v3) (f64x2.mul (f64x2.splat (local.get $g31)) (local.get $v1))))
          (local.set $u3 (f64x2.sub (local.get $u3) (f64x2.mul (f64x2.splat (local.get $g31)) (local.get $u1))))
          (local.set $v3 (f64x2.sub (local.get $v3) (f64x2.mul (f64x2.splat (local.get $g32)) (local.get $v2))))
          (local.set $u3 (f64x2.sub (local.get $u3) (f64x2.mul (f64x2.splat (local.get $g32)) (local.get $u2))))
          (local.set $pw (i32.add (local.get $P) (i32.shl (local.get $j) (i32.const 3))))
          (v128.store (local.get $pw) (local.get $v0))
          (v128.store offset=16 (local.get $pw) (local.get $u0))
          (local.set $pw (i32.add (local.get $pw) (local.get $k8)))
          (v128.store (local.get $pw) (local.get $v1))
          (v128.store offset=16 (local.get $pw) (local.get $u1))
          (local.set $pw (i32.add (local.get $pw) (local.get $k8)))
          (v128.store (local.get $pw) (local.get $v2))
          (v128.store offset=16 (local.get $pw) (local.get $u2))
          (local.set $pw (i32.add (local.get $pw) (local.get $k8)))
          (v128.store (local.get $pw) (local.get $v3))
          (v128.store offset=16 (local.get $pw) (local.get $u3))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $w4)))
        ;; the rest one column at a time (scalar)
        (block $w1d (loop $w1l
          (br_if $w1d (i32.ge_u (local.get $j) (local.get $k)))
          (local.set $t0 (f64.const 0)) (local.set $t1 (f64.const 0))
          (local.set $t2 (f64.const 0)) (local.set $t3 (f64.const 0))
          (local.set $ri (local.get $A))
          (block $sd (loop $sl
            (br_if $sd (i32.ge_u (local.get $ri) (i32.add (local.get $A) (local.get $pe))))
            (local.set $x (f64.load (i32.add (local.get $ri) (i32.shl (local.get $j) (i32.const 3)))))
            (local.set $i (i32.add (local.get $ri) (i32.shl (local.get $c0) (i32.const 3))))
            (local.set $t0 (f64.add (local.get $t0) (f64.mul (f64.load (local.get $i)) (local.get $x))))
            (local.set $t1 (f64.add (local.get $t1) (f64.mul (f64.load offset=8 (local.get $i)) (local.get $x))))
            (local.set $t2 (f64.add (local.get $t2) (f64.mul (f64.load offset=16 (local.get $i)) (local.get $x))))
            (local.set $t3 (f64.add (local.get $t3) (f64.mul (f64.load offset=24 (local.get $i)) (local.get $x))))
            (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
            (br $sl)))
          (local.set $t1 (f64.sub (local.get $t1) (f64.mul (local.get $g10) (local.get $t0))))
          (local.set $t2 (f64.sub (local.get $t2) (f64.mul (local.get $g20) (local.get $t0))))
          (local.set $t2 (f64.sub (local.get $t2) (f64.mul (local.get $g21) (local.get $t1))))
          (local.set $t3 (f64.sub (local.get $t3) (f64.mul (local.get $g30) (local.get $t0))))
          (local.set $t3 (f64.sub (local.get $t3) (f64.mul (local.get $g31) (local.get $t1))))
          (local.set $t3 (f64.sub (local.get $t3) (f64.mul (local.get $g32) (local.get $t2))))
          (local.set $pw (i32.add (local.get $P) (i32.shl (local.get $j) (i32.const 3))))
          (f64.store (local.get $pw) (local.get $t0))
          (f64.store (i32.add (local.get $pw) (local.get $k8)) (local.get $t1))
          (f64.store (i32.add (local.get $pw) (i32.shl (local.get $k8) (i32.const 1))) (local.get $t2))
          (f64.store (i32.add (local.get $pw) (i32.mul (local.get $k8) (i32.const 3))) (local.get $t3))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $w1l)))
        ;; ---- A[:, j0:k] −= Q_b·w, two rows per sweep, two columns per f64x2
        (local.set $ri (local.get $A))
        (block $ud (loop $ul
          (br_if $ud (i32.gt_u (i32.add (local.get $ri) (i32.shl (local.get $k8) (i32.const 1))) (i32.add (local.get $A) (local.get $pe))))
          (local.set $i (i32.add (local.get $ri) (i32.shl (local.get $c0) (i32.const 3))))
          (local.set $Q00 (v128.load64_splat (local.get $i)))
          (local.set $Q01 (v128.load64_splat offset=8 (local.get $i)))
          (local.set $Q02 (v128.load64_splat offset=16 (local.get $i)))
          (local.set $Q03 (v128.load64_splat offset=24 (local.get $i)))
          (local.set $i (i32.add (local.get $i) (local.get $k8)))
          (local.set $Q10 (v128.load64_splat (local.get $i)))
          (local.set $Q11 (v128.load64_splat offset=8 (local.get $i)))
          (local.set $Q12 (v128.load64_splat offset=16 (local.get $i)))
          (local.set $Q13 (v128.load64_splat offset=24 (local.get $i)))
          (local.set $jj (local.get $j0))
          (block $cd (loop $cl
            (br_if $cd (i32.gt_u (i32.add (local.get $jj) (i32.const 2)) (local.get $k)))
            (local.set $pw (i32.add (local.get $P) (i32.shl (local.get $jj) (i32.const 3))))
            (local.set $W0 (v128.load (local.get $pw)))
            (local.set $W1 (v128.load (i32.add (local.get $pw) (local.get $k8))))
            (local.set $W2 (v128.load (i32.add (local.get $pw) (i32.shl (local.get $k8) (i32.const 1)))))
            (local.set $W3 (v128.load (i32.add (local.get $pw) (i32.mul (local.get $k8) (i32.const 3)))))
            (local.set $o (i32.add (local.get $ri) (i32.shl (local.get $jj) (i32.const 3))))
            (local.set $a0 (v128.load (local.get $o)))
            (local.set $a0 (f64x2.sub (local.get $a0) (f64x2.mul (local.get $Q00) (local.get $W0))))
            (local.set $a0 (f64x2.sub (local.get $a0) (f64x2.mul (local.get $Q01) (local.get $W1))))
            (local.set $a0 (f64x2.sub (local.get $a0) (f64x2.mul (local.get $Q02) (local.get $W2))))
            (local.set $a0 (f64x2.sub (local.get $a0) (f64x2.mul (local.get $Q03) (local.get $W3))))
            (v128.store (local.get $o) (local.get $a0))
            (local.set $o (i32.add (local.get $o) (local.get $k8)))
            (local.set $a1 (v128.load (local.get $o)))
            (local.set $a1 (f64x2.sub (local.get $a1) (f64x2.mul (local.get $Q10) (local.get $W0))))
            (local.set $a1 (f64x2.sub (local.get $a1) (f64x2.mul (local.get $Q11) (local.get $W1))))
            (local.set $a1 (f64x2.sub (local.get $a1) (f64x2.mul (local.get $Q12) (local.get $W2))))
            (local.set $a1 (f64x2.sub (local.get $a1) (f64x2.mul (local.get $Q13) (local.get $W3))))
            (v128.store (local.get $o) (local.get $a1))
            (local.set $jj (i32.add (local.get $jj) (i32.const 2)))
            (br $cl)))
          (if (i32.lt_u (local.get $jj) (local.get $k))
            (then
              (call $update_one (local.get $k) (local.get $ri) (local.get $c0) (local.get $jj) (local.get $P))
              (call $update_one (local.get $k) (i32.add (local.get $ri) (local.get $k8)) (local.get $c0) (local.get $jj) (local.get $P))))
          (local.set $ri (i32.add (local.get $ri) (i32.shl (local.get $k8) (i32.const 1))))
          (br $ul)))
        ;; an odd last row
        (if (i32.lt_u (local.get $ri) (i32.add (local.get $A) (local.get $pe)))
          (then
            (local.set $jj (local.get $j0))
            (block $od (loop $ol
              (br_if $od (i32.ge_u (local.get $jj) (local.get $k)))
              (call $update_one (local.get $k) (local.get $ri) (local.get $c0) (local.get $jj) (local.get $P))
              (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
              (br $ol)))))
        (local.set $c0 (i32.add (local.get $c0) (i32.const 4)))
        (br $blocks)))
    ;; ---- the last k mod 4 columns (all of them when k < 4): plain MGS
    (local.set $c (local.get $c0))
    (block $rd (loop $rl
      (br_if $rd (i32.ge_u (local.get $c) (local.get $k)))
      ;; normalise column c (twin: `normaliseColumn`)
      (local.set $s (f64.const 0))
      (local.set $ri (i32.add (local.get $A) (i32.shl (local.get $c) (i32.const 3))))
      (block $nd (loop $nl
        (br_if $nd (i32.ge_u (local.get $ri) (i32.add (local.get $A) (local.get $pe))))
        (local.set $x (f64.load (local.get $ri)))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $x) (local.get $x))))
        (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
        (br $nl)))
      (local.set $x (f64.sqrt (local.get $s)))
      (f64.store (i32.add (local.get $rdiag) (i32.shl (local.get $c) (i32.const 3))) (local.get $x))
      (if (f64.eq (local.get $x) (f64.const 0))
        (then (call $fill_null (local.get $m) (local.get $k) (local.get $A) (local.get $c)))
        (else
          (local.set $inv (f64.div (f64.const 1) (local.get $x)))
          (local.set $ri (i32.add (local.get $A) (i32.shl (local.get $c) (i32.const 3))))
          (block $sd2 (loop $sl2
            (br_if $sd2 (i32.ge_u (local.get $ri) (i32.add (local.get $A) (local.get $pe))))
            (f64.store (local.get $ri) (f64.mul (f64.load (local.get $ri)) (local.get $inv)))
            (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
            (br $sl2)))))
      ;; project it out of the later columns
      (local.set $jj (i32.add (local.get $c) (i32.const 1)))
      (block $pd2 (loop $pl2
        (br_if $pd2 (i32.ge_u (local.get $jj) (local.get $k)))
        (local.set $x (f64.const 0))
        (local.set $ri (local.get $A))
        (block $dd (loop $dl
          (br_if $dd (i32.ge_u (local.get $ri) (i32.add (local.get $A) (local.get $pe))))
          (local.set $x (f64.add (local.get $x)
            (f64.mul (f64.load (i32.add (local.get $ri) (i32.shl (local.get $c) (i32.const 3))))
                     (f64.load (i32.add (local.get $ri) (i32.shl (local.get $jj) (i32.const 3)))))))
          (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
          (br $dl)))
        (local.set $ri (local.get $A))
        (block $ud2 (loop $ul2
          (br_if $ud2 (i32.ge_u (local.get $ri) (i32.add (local.get $A) (local.get $pe))))
          (local.set $o (i32.add (local.get $ri) (i32.shl (local.get $jj) (i32.const 3))))
          (f64.store (local.get $o)
            (f64.sub (f64.load (local.get $o))
                     (f64.mul (f64.load (i32.add (local.get $ri) (i32.shl (local.get $c) (i32.const 3)))) (local.get $x))))
          (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
          (br $ul2)))
        (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
        (br $pl2)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $rl))))

  ;; A[i, jj] = A[i, jj] − q0·w0 − q1·w1 − q2·w2 − q3·w3 for one element (row pointer ri).
  (func $update_one (param $k i32) (param $ri i32) (param $c0 i32) (param $jj i32) (param $P i32)
    (local $k8 i32) (local $pq i32) (local $pw i32) (local $o i32)
    (local.set $k8 (i32.shl (local.get $k) (i32.const 3)))
    (local.set $pq (i32.add (local.get $ri) (i32.shl (local.get $c0) (i32.const 3))))
    (local.set $pw (i32.add (local.get $P) (i32.shl (local.get $jj) (i32.const 3))))
    (local.set $o (i32.add (local.get $ri) (i32.shl (local.get $jj) (i32.const 3))))
    (f64.store (local.get $o)
      (f64.sub
        (f64.sub
          (f64.sub
            (f64.sub (f64.load (local.get $o)) (f64.mul (f64.load (local.get $pq)) (f64.load (local.get $pw))))
            (f64.mul (f64.load offset=8 (local.get $pq)) (f64.load (i32.add (local.get $pw) (local.get $k8)))))
          (f64.mul (f64.load offset=16 (local.get $pq)) (f64.load (i32.add (local.get $pw) (i32.shl (local.get $k8) (i32.const 1))))))
        (f64.mul (f64.load offset=24 (local.get $pq)) (f64.load (i32.add (local.get $pw) (i32.mul (local.get $k8) (i32.const 3))))))))

  ;; ------------------------------------------------------------- small helpers
  ;; norms[c] = Σ_i A[i, c]² (rows in ascending order) for an m × k matrix.
  ;; Twin: the column-norm loop of spectrum.ts `orthonormalise` (bit for bit).
  (func $col_sumsq (export "col_sumsq") (param $m i32) (param $k i32) (param $A i32) (param $norms i32)
    (local $k8 i32) (local $c i32) (local $ri i32) (local $end i32) (local $s v128) (local $x v128) (local $t f64) (local $y f64)
    (local.set $k8 (i32.shl (local.get $k) (i32.const 3)))
    (local.set $end (i32.add (local.get $A) (i32.mul (local.get $m) (local.get $k8))))
    (block $d2 (loop $l2
      (br_if $d2 (i32.gt_u (i32.add (local.get $c) (i32.const 2)) (local.get $k)))
      (local.set $s (v128.const f64x2 0 0))
      (local.set $ri (i32.add (local.get $A) (i32.shl (local.get $c) (i32.const 3))))
      (block $rd (loop $rl
        (br_if $rd (i32.ge_u (local.get $ri) (local.get $end)))
        (local.set $x (v128.load (local.get $ri)))
        (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $x) (local.get $x))))
        (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
        (br $rl)))
      (v128.store (i32.add (local.get $norms) (i32.shl (local.get $c) (i32.const 3))) (local.get $s))
      (local.set $c (i32.add (local.get $c) (i32.const 2)))
      (br $l2)))
    (if (i32.lt_u (local.get $c) (local.get $k))
      (then
        (local.set $t (f64.const 0))
        (local.set $ri (i32.add (local.get $A) (i32.shl (local.get $c) (i32.const 3))))
        (block $rd1 (loop $rl1
          (br_if $rd1 (i32.ge_u (local.get $ri) (local.get $end)))
          (local.set $y (f64.load (local.get $ri)))
          (local.set $t (f64.add (local.get $t) (f64.mul (local.get $y) (local.get $y))))
          (local.set $ri (i32.add (local.get $ri) (local.get $k8)))
          (br $rl1)))
        (f64.store (i32.add (local.get $norms) (i32.shl (local.get $c) (i32.const 3))) (local.get $t)))))

  ;; dst ← src (len doubles).
  (func (export "copy") (param $dst i32) (param $src i32) (param $len i32)
    (memory.copy (local.get $dst) (local.get $src) (i32.shl (local.get $len) (i32.const 3))))

  ;; J[i, j] = d_i · A[i, j] (m × n). Twin: RnnMap.jacobian's fill (d·W, bit for bit).
  (func (export "scale_rows") (param $m i32) (param $n i32) (param $A i32) (param $d i32) (param $J i32)
    (local $i i32) (local $p i32) (local $q i32) (local $e i32) (local $dv v128) (local $n8 i32) (local $dd f64)
    (local.set $n8 (i32.shl (local.get $n) (i32.const 3)))
    (local.set $p (local.get $A))
    (local.set $q (local.get $J))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $dd (f64.load (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $dv (f64x2.splat (local.get $dd)))
      (local.set $e (i32.add (local.get $p) (i32.and (local.get $n8) (i32.const -16))))
      (block $jd (loop $jl
        (br_if $jd (i32.ge_u (local.get $p) (local.get $e)))
        (v128.store (local.get $q) (f64x2.mul (local.get $dv) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $jl)))
      (if (i32.and (local.get $n) (i32.const 1))
        (then
          (f64.store (local.get $q) (f64.mul (local.get $dd) (f64.load (local.get $p))))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (local.set $q (i32.add (local.get $q) (i32.const 8)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; ---------------------------------------------- the gradient meter's products
  ;; Σ x_i² over len doubles in two interleaved sums (even and odd i), added at
  ;; the end, then the odd tail. Twin: linalg.ts `sumSquares2` (bit for bit).
  (func $sumsq2 (export "sumsq2") (param $len i32) (param $x i32) (result f64)
    (local $p i32) (local $e i32) (local $s v128) (local $v v128) (local $t f64)
    (local.set $p (local.get $x))
    (local.set $e (i32.add (local.get $x) (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3))))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $p) (local.get $e)))
      (local.set $v (v128.load (local.get $p)))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $v) (local.get $v))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l)))
    (local.set $t (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))
    (if (i32.and (local.get $len) (i32.const 1))
      (then (local.set $t (f64.add (local.get $t) (f64.mul (f64.load (local.get $e)) (f64.load (local.get $e)))))))
    (local.get $t))

  ;; x ← x·s (len doubles). Twin: the scaling loops of linalg.ts / gradients.ts.
  (func (export "scale") (param $len i32) (param $x i32) (param $s f64)
    (local $p i32) (local $e i32) (local $sv v128)
    (local.set $sv (f64x2.splat (local.get $s)))
    (local.set $p (local.get $x))
    (local.set $e (i32.add (local.get $x) (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3))))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $p) (local.get $e)))
      (v128.store (local.get $p) (f64x2.mul (v128.load (local.get $p)) (local.get $sv)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l)))
    (if (i32.and (local.get $len) (i32.const 1))
      (then (f64.store (local.get $e) (f64.mul (f64.load (local.get $e)) (local.get $s))))))

  ;; y = Aᵀu for A m × n (y_j = Σ_i u_i·A[i, j], i ascending, from 0).
  ;; Twin: linalg.ts `matTvec` (bit for bit).
  (func (export "mat_t_vec") (param $m i32) (param $n i32) (param $A i32) (param $u i32) (param $y i32)
    (local $i i32) (local $n8 i32) (local $ri i32) (local $p i32) (local $q i32) (local $e i32) (local $av v128) (local $a f64)
    (local.set $n8 (i32.shl (local.get $n) (i32.const 3)))
    (memory.fill (local.get $y) (i32.const 0) (local.get $n8))
    (local.set $ri (local.get $A))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $a (f64.load (i32.add (local.get $u) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $av (f64x2.splat (local.get $a)))
      (local.set $p (local.get $ri))
      (local.set $q (local.get $y))
      (local.set $e (i32.add (local.get $ri) (i32.and (local.get $n8) (i32.const -16))))
      (block $jd (loop $jl
        (br_if $jd (i32.ge_u (local.get $p) (local.get $e)))
        (v128.store (local.get $q) (f64x2.add (v128.load (local.get $q)) (f64x2.mul (local.get $av) (v128.load (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $jl)))
      (if (i32.and (local.get $n) (i32.const 1))
        (then (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.mul (local.get $a) (f64.load (local.get $p)))))))
      (local.set $ri (i32.add (local.get $ri) (local.get $n8)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; z = A·y for A m × n, each z_i in two interleaved sums over even and odd j,
  ;; added at the end, then the odd tail. Twin: linalg.ts `matvecPairs` (bit for bit).
  (func (export "matvec_pairs") (param $m i32) (param $n i32) (param $A i32) (param $y i32) (param $z i32)
    (local $i i32) (local $n8 i32) (local $ri i32) (local $p i32) (local $q i32) (local $e i32)
    (local $s0 v128) (local $s1 v128) (local $yv v128) (local $t0 f64) (local $t1 f64)
    (local.set $n8 (i32.shl (local.get $n) (i32.const 3)))
    (local.set $ri (local.get $A))
    ;; two rows per sweep
    (block $d (loop $l
      (br_if $d (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $m)))
      (local.set $s0 (v128.const f64x2 0 0))
      (local.set $s1 (v128.const f64x2 0 0))
      (local.set $p (local.get $ri))
      (local.set $q (local.get $y))
      (local.set $e (i32.add (local.get $ri) (i32.and (local.get $n8) (i32.const -16))))
      (block $jd (loop $jl
        (br_if $jd (i32.ge_u (local.get $p) (local.get $e)))
        (local.set $yv (v128.load (local.get $q)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load (local.get $p)) (local.get $yv))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (v128.load (i32.add (local.get $p) (local.get $n8))) (local.get $yv))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $jl)))
      (local.set $t0 (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
      (local.set $t1 (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))
      (if (i32.and (local.get $n) (i32.const 1))
        (then
          (local.set $t0 (f64.add (local.get $t0) (f64.mul (f64.load (local.get $p)) (f64.load (local.get $q)))))
          (local.set $t1 (f64.add (local.get $t1) (f64.mul (f64.load (i32.add (local.get $p) (local.get $n8))) (f64.load (local.get $q)))))))
      (f64.store (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))) (local.get $t0))
      (f64.store (i32.add (local.get $z) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 3))) (local.get $t1))
      (local.set $ri (i32.add (local.get $ri) (i32.shl (local.get $n8) (i32.const 1))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $l)))
    (if (i32.lt_u (local.get $i) (local.get $m))
      (then
        (local.set $s0 (v128.const f64x2 0 0))
        (local.set $p (local.get $ri))
        (local.set $q (local.get $y))
        (local.set $e (i32.add (local.get $ri) (i32.and (local.get $n8) (i32.const -16))))
        (block $jd1 (loop $jl1
          (br_if $jd1 (i32.ge_u (local.get $p) (local.get $e)))
          (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (v128.load (local.get $p)) (v128.load (local.get $q)))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (br $jl1)))
        (local.set $t0 (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
        (if (i32.and (local.get $n) (i32.const 1))
          (then (local.set $t0 (f64.add (local.get $t0) (f64.mul (f64.load (local.get $p)) (f64.load (local.get $q)))))))
        (f64.store (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))) (local.get $t0)))))

  ;; ------------------------------------------------ RNN columns after W·[h⁽¹⁾ … h⁽ᶜ⁾]
  ;; The element-wise part of a step of C RNN columns at once (issue #17), for
  ;; tanh: with P = W·X and R = W·Q (n × C, row-major), per element (i, c)
  ;;   z = gain_c·P + bs_c·b_i (+ u_c·v_i when u ≠ 0), Xn = tanh(z),
  ;;   and when R ≠ 0: Y = (gain_c·R)·(1 − Xn²).
  ;; Twin: core/models/rnnColumns.ts (preActivations, tanhInto, the Y loop), bit
  ;; for bit. Blocks of 8 columns share one $tanh8; the rest run as pairs side by
  ;; side, and an odd last column as a pair with itself.
  (func (export "rnn_cols_tanh")
    (param $n i32) (param $C i32) (param $P i32) (param $R i32) (param $b i32) (param $gain i32) (param $bs i32)
    (param $u i32) (param $v i32) (param $Xn i32) (param $Y i32) (param $tab i32)
    (local $i i32) (local $c i32) (local $o i32) (local $C2 i32) (local $row i32) (local $j i32) (local $oc i32)
    (local $bi v128) (local $vi v128) (local $g v128) (local $z v128) (local $h v128)
    (local.set $C2 (i32.and (local.get $C) (i32.const -2)))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $bi (v128.load64_splat (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3)))))
      (if (local.get $u)
        (then (local.set $vi (v128.load64_splat (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3)))))))
      (local.set $row (i32.shl (i32.mul (local.get $i) (local.get $C)) (i32.const 3)))
      (local.set $c (i32.const 0))
      ;; blocks of 8 columns: the pre-activations into Xn, their tanh in place by $tanh8 (4 pairs
      ;; interleaved), then Y; the same operations per element as the pairs below
      (block $blocks_done (loop $blocks
        (br_if $blocks_done (i32.gt_u (i32.add (local.get $c) (i32.const 8)) (local.get $C)))
        (local.set $o (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $pre_done (loop $pre
          (br_if $pre_done (i32.ge_u (local.get $j) (i32.const 64)))
          (local.set $oc (i32.add (i32.shl (local.get $c) (i32.const 3)) (local.get $j)))
          (local.set $z (f64x2.add
            (f64x2.mul (v128.load (i32.add (local.get $gain) (local.get $oc))) (v128.load (i32.add (local.get $P) (i32.add (local.get $o) (local.get $j)))))
            (f64x2.mul (v128.load (i32.add (local.get $bs) (local.get $oc))) (local.get $bi))))
          (if (local.get $u)
            (then (local.set $z (f64x2.add (local.get $z) (f64x2.mul (v128.load (i32.add (local.get $u) (local.get $oc))) (local.get $vi))))))
          (v128.store (i32.add (local.get $Xn) (i32.add (local.get $o) (local.get $j))) (local.get $z))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br $pre)))
        (call $tanh8 (i32.add (local.get $Xn) (local.get $o)) (local.get $tab) (i32.add (local.get $Xn) (local.get $o)))
        (if (local.get $R)
          (then
            (local.set $j (i32.const 0))
            (block $y_done (loop $ys
              (br_if $y_done (i32.ge_u (local.get $j) (i32.const 64)))
              (local.set $oc (i32.add (i32.shl (local.get $c) (i32.const 3)) (local.get $j)))
              (local.set $h (v128.load (i32.add (local.get $Xn) (i32.add (local.get $o) (local.get $j)))))
              (v128.store (i32.add (local.get $Y) (i32.add (local.get $o) (local.get $j)))
                (f64x2.mul
                  (f64x2.mul (v128.load (i32.add (local.get $gain) (local.get $oc))) (v128.load (i32.add (local.get $R) (i32.add (local.get $o) (local.get $j)))))
                  (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $h) (local.get $h)))))
              (local.set $j (i32.add (local.get $j) (i32.const 16)))
              (br $ys)))))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (br $blocks)))
      (block $pairs_done (loop $pairs
        (br_if $pairs_done (i32.ge_u (local.get $c) (local.get $C2)))
        (local.set $o (i32.shl (local.get $c) (i32.const 3)))
        (local.set $g (v128.load (i32.add (local.get $gain) (local.get $o))))
        (local.set $z (f64x2.add
          (f64x2.mul (local.get $g) (v128.load (i32.add (local.get $P) (i32.add (local.get $row) (local.get $o)))))
          (f64x2.mul (v128.load (i32.add (local.get $bs) (local.get $o))) (local.get $bi))))
        (if (local.get $u)
          (then (local.set $z (f64x2.add (local.get $z) (f64x2.mul (v128.load (i32.add (local.get $u) (local.get $o))) (local.get $vi))))))
        (local.set $h (call $tanh2 (local.get $z) (local.get $tab)))
        (v128.store (i32.add (local.get $Xn) (i32.add (local.get $row) (local.get $o))) (local.get $h))
        (if (local.get $R)
          (then (v128.store (i32.add (local.get $Y) (i32.add (local.get $row) (local.get $o)))
            (f64x2.mul
              (f64x2.mul (local.get $g) (v128.load (i32.add (local.get $R) (i32.add (local.get $row) (local.get $o)))))
              (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $h) (local.get $h)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 2)))
        (br $pairs)))
      (if (i32.and (local.get $C) (i32.const 1))
        (then
          (local.set $o (i32.shl (local.get $c) (i32.const 3)))
          (local.set $g (v128.load64_splat (i32.add (local.get $gain) (local.get $o))))
          (local.set $z (f64x2.add
            (f64x2.mul (local.get $g) (v128.load64_splat (i32.add (local.get $P) (i32.add (local.get $row) (local.get $o)))))
            (f64x2.mul (v128.load64_splat (i32.add (local.get $bs) (local.get $o))) (local.get $bi))))
          (if (local.get $u)
            (then (local.set $z (f64x2.add (local.get $z) (f64x2.mul (v128.load64_splat (i32.add (local.get $u) (local.get $o))) (local.get $vi))))))
          (local.set $h (call $tanh2 (local.get $z) (local.get $tab)))
          (f64.store (i32.add (local.get $Xn) (i32.add (local.get $row) (local.get $o))) (f64x2.extract_lane 0 (local.get $h)))
          (if (local.get $R)
            (then (f64.store (i32.add (local.get $Y) (i32.add (local.get $row) (local.get $o)))
              (f64x2.extract_lane 0 (f64x2.mul
                (f64x2.mul (local.get $g) (v128.load64_splat (i32.add (local.get $R) (i32.add (local.get $row) (local.get $o)))))
                (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $h) (local.get $h))))))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))
  )

  ;; A[i, c] ← A[i, c]·s_c (m × k, row-major): each column scaled by its own number.
  ;; Twin: core/vector/columnBatch.ts's normalisation (bit for bit; s_c = 0 leaves column c).
  (func (export "scale_cols") (param $m i32) (param $k i32) (param $A i32) (param $s i32)
    (local $i i32) (local $c i32) (local $p i32) (local $k2 i32) (local $sv v128) (local $x v128) (local $o i32)
    (local.set $k2 (i32.and (local.get $k) (i32.const -2)))
    (local.set $p (local.get $A))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $c (i32.const 0))
      (block $pd (loop $pl
        (br_if $pd (i32.ge_u (local.get $c) (local.get $k2)))
        (local.set $o (i32.shl (local.get $c) (i32.const 3)))
        (local.set $sv (v128.load (i32.add (local.get $s) (local.get $o))))
        (local.set $x (v128.load (i32.add (local.get $p) (local.get $o))))
        ;; s = 0: keep x (a stopped or null column)
        (v128.store (i32.add (local.get $p) (local.get $o))
          (v128.bitselect (local.get $x) (f64x2.mul (local.get $x) (local.get $sv)) (f64x2.eq (local.get $sv) (v128.const f64x2 0 0))))
        (local.set $c (i32.add (local.get $c) (i32.const 2)))
        (br $pl)))
      (if (i32.and (local.get $k) (i32.const 1))
        (then
          (local.set $o (i32.shl (local.get $c) (i32.const 3)))
          (if (f64.ne (f64.load (i32.add (local.get $s) (local.get $o))) (f64.const 0))
            (then (f64.store (i32.add (local.get $p) (local.get $o))
              (f64.mul (f64.load (i32.add (local.get $p) (local.get $o))) (f64.load (i32.add (local.get $s) (local.get $o)))))))))
      (local.set $p (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 3))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))
  )

  ;; 1 when some x_i is not within [−bound, bound] (NaN included), else 0.
  ;; Twin: core/divergence.ts `isDiverged` over len doubles.
  (func (export "any_beyond") (param $len i32) (param $x i32) (param $bound f64) (result i32)
    (local $p i32) (local $e i32) (local $acc v128) (local $bv v128)
    (local.set $bv (f64x2.splat (local.get $bound)))
    (local.set $p (local.get $x))
    (local.set $e (i32.add (local.get $x) (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3))))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $p) (local.get $e)))
      (local.set $acc (v128.or (local.get $acc)
        (v128.not (f64x2.le (f64x2.abs (v128.load (local.get $p))) (local.get $bv)))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $l)))
    (if (i32.and (local.get $len) (i32.const 1))
      (then (if (i32.eqz (f64.le (f64.abs (f64.load (local.get $e))) (local.get $bound)))
        (then (return (i32.const 1))))))
    (v128.any_true (local.get $acc)))

  ;; ------------------------------------------------------------ tanh, columns at once
  ;; out_i = tanh(z_i) for n doubles, and d_i = 1 − out_i² when d ≠ 0; tab: the
  ;; 512 doubles of EXP2_TABLE (the arena puts them at byte 16). Twin:
  ;; core/linalg/elementary/exponential.ts `tanh` (its operations, in its order,
  ;; for both lanes: both branches are computed and the lane's one selected), and
  ;; `1 - h * h` for d. An odd last element runs as a pair with itself.
  (func (export "tanh_vec") (param $n i32) (param $z i32) (param $out i32) (param $d i32) (param $tab i32)
    (local $p i32) (local $e i32) (local $q i32) (local $r i32) (local $h v128)
    (local.set $p (local.get $z))
    (local.set $q (local.get $out))
    (local.set $r (local.get $d))
    ;; 8 at a time (4 pairs interleaved: $tanh8), then a pair, then an odd last one
    (local.set $e (i32.add (local.get $z) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 3))))
    (block $blocks_done (loop $blocks
      (br_if $blocks_done (i32.ge_u (local.get $p) (local.get $e)))
      (call $tanh8 (local.get $p) (local.get $tab) (local.get $q))
      (if (local.get $d)
        (then
          (local.set $h (v128.load offset=0 (local.get $q)))
          (v128.store offset=0 (local.get $r) (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $h) (local.get $h))))
          (local.set $h (v128.load offset=16 (local.get $q)))
          (v128.store offset=16 (local.get $r) (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $h) (local.get $h))))
          (local.set $h (v128.load offset=32 (local.get $q)))
          (v128.store offset=32 (local.get $r) (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $h) (local.get $h))))
          (local.set $h (v128.load offset=48 (local.get $q)))
          (v128.store offset=48 (local.get $r) (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $h) (local.get $h))))
          (local.set $r (i32.add (local.get $r) (i32.const 64)))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (local.set $q (i32.add (local.get $q) (i32.const 64)))
      (br $blocks)))
    (local.set $e (i32.add (local.get $z) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done (loop $pairs
      (br_if $done (i32.ge_u (local.get $p) (local.get $e)))
      (local.set $h (call $tanh2 (v128.load (local.get $p)) (local.get $tab)))
      (v128.store (local.get $q) (local.get $h))
      (if (local.get $d)
        (then
          (v128.store (local.get $r) (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $h) (local.get $h))))
          (local.set $r (i32.add (local.get $r) (i32.const 16)))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br $pairs)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $h (call $tanh2 (v128.load64_splat (local.get $p)) (local.get $tab)))
        (f64.store (local.get $q) (f64x2.extract_lane 0 (local.get $h)))
        (if (local.get $d)
          (then (f64.store (local.get $r) (f64x2.extract_lane 0
            (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $h) (local.get $h))))))))))

  ;; tanh of both lanes (see tanh_vec).
  (func $tanh2 (param $x v128) (param $tab i32) (result v128)
    (local $ax v128) (local $z v128) (local $z2 v128) (local $z4 v128) (local $poly v128)
    (local $y v128) (local $kd v128) (local $k v128) (local $r v128) (local $r2 v128) (local $pe v128)
    (local $th v128) (local $tl v128) (local $lo v128) (local $s v128) (local $scale v128) (local $elo v128)
    (local $ex v128) (local $eh v128) (local $el v128) (local $nh v128) (local $dh v128) (local $q v128)
    (local $u v128) (local $qh v128) (local $ql v128) (local $res v128) (local $inv v128) (local $t v128)
    (local $j0 i32) (local $j1 i32)
    (local.set $ax (f64x2.abs (local.get $x)))
    ;; |x| < 1/8: x + x·z·P(z), z = x² (only when a lane needs it)
    (if (v128.any_true (f64x2.lt (local.get $ax) (v128.const f64x2 0.125 0.125)))
      (then
        (local.set $z (f64x2.mul (local.get $x) (local.get $x)))
        (local.set $z2 (f64x2.mul (local.get $z) (local.get $z)))
        (local.set $z4 (f64x2.mul (local.get $z2) (local.get $z2)))
        (local.set $poly
          (f64x2.add
            (f64x2.add
              (f64x2.add (v128.const f64x2 -0.3333333333333333 -0.3333333333333333)
                         (f64x2.mul (local.get $z) (v128.const f64x2 0.13333333333333333 0.13333333333333333)))
              (f64x2.mul (local.get $z2)
                (f64x2.add (v128.const f64x2 -0.05396825396825397 -0.05396825396825397)
                           (f64x2.mul (local.get $z) (v128.const f64x2 0.021869488536155203 0.021869488536155203)))))
            (f64x2.mul (local.get $z4)
              (f64x2.add
                (f64x2.add
                  (f64x2.add (v128.const f64x2 -0.008863235529902197 -0.008863235529902197)
                             (f64x2.mul (local.get $z) (v128.const f64x2 0.003592128036572481 0.003592128036572481)))
                  (f64x2.mul (local.get $z2)
                    (f64x2.add (v128.const f64x2 -0.0014558343870513183 -0.0014558343870513183)
                               (f64x2.mul (local.get $z) (v128.const f64x2 0.000590027440945586 0.000590027440945586)))))
                (f64x2.mul (local.get $z4) (v128.const f64x2 -0.00023912911424355248 -0.00023912911424355248))))))
        (local.set $poly (f64x2.add (local.get $x) (f64x2.mul (f64x2.mul (local.get $x) (local.get $z)) (local.get $poly))))))
    ;; otherwise e = e^(−2|x|) by the table (|x| capped at 22 so k stays small; those lanes are ±1)
    (local.set $y (f64x2.mul (v128.const f64x2 -2 -2) (f64x2.min (local.get $ax) (v128.const f64x2 22 22))))
    (local.set $kd (f64x2.sub
      (f64x2.add (f64x2.mul (local.get $y) (v128.const f64x2 369.3299304675746 369.3299304675746))
                 (v128.const f64x2 6755399441055744 6755399441055744))
      (v128.const f64x2 6755399441055744 6755399441055744)))
    (local.set $k (i32x4.trunc_sat_f64x2_s_zero (local.get $kd)))
    (local.set $r (f64x2.sub
      (f64x2.sub (local.get $y) (f64x2.mul (local.get $kd) (v128.const f64x2 0.0027076061737716373 0.0027076061737716373)))
      (f64x2.mul (local.get $kd) (v128.const f64x2 2.9064910585985925e-13 2.9064910585985925e-13))))
    ;; table rows j = k & 255 (16 bytes each: high part, low part)
    (local.set $j0 (i32.add (local.get $tab) (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $k)) (i32.const 255)) (i32.const 4))))
    (local.set $j1 (i32.add (local.get $tab) (i32.shl (i32.and (i32x4.extract_lane 1 (local.get $k)) (i32.const 255)) (i32.const 4))))
    (local.set $th (f64x2.replace_lane 1 (f64x2.splat (f64.load (local.get $j0))) (f64.load (local.get $j1))))
    (local.set $tl (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=8 (local.get $j0))) (f64.load offset=8 (local.get $j1))))
    ;; 2^(k ≫ 8) from its bits (the table POW2 of the JS path holds the same doubles)
    (local.set $scale (i64x2.shl
      (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.shr_s (local.get $k) (i32.const 8))) (v128.const i64x2 1023 1023))
      (i32.const 52)))
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $pe (f64x2.add (local.get $r) (f64x2.mul (local.get $r2)
      (f64x2.add
        (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $r) (v128.const f64x2 0.16666666666666666 0.16666666666666666)))
        (f64x2.mul (local.get $r2)
          (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664)
                     (f64x2.mul (local.get $r) (v128.const f64x2 0.008333333333333333 0.008333333333333333))))))))
    (local.set $lo (f64x2.add (local.get $tl) (f64x2.mul (local.get $th) (local.get $pe))))
    (local.set $s (f64x2.add (local.get $th) (local.get $lo)))
    (local.set $elo (f64x2.mul (f64x2.add (f64x2.sub (local.get $th) (local.get $s)) (local.get $lo)) (local.get $scale)))
    (local.set $ex (f64x2.mul (local.get $s) (local.get $scale)))
    ;; (1 − e)/(1 + e), corrected once (see the twin)
    (local.set $eh (f64x2.sub (f64x2.add (local.get $ex) (v128.const f64x2 67108864 67108864)) (v128.const f64x2 67108864 67108864)))
    (local.set $el (f64x2.add (f64x2.sub (local.get $ex) (local.get $eh)) (local.get $elo)))
    (local.set $nh (f64x2.sub (v128.const f64x2 1 1) (local.get $eh)))
    (local.set $dh (f64x2.add (v128.const f64x2 1 1) (local.get $eh)))
    (local.set $q (f64x2.div (local.get $nh) (local.get $dh)))
    (local.set $u (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $q)))
    (local.set $qh (f64x2.sub (local.get $u) (f64x2.sub (local.get $u) (local.get $q))))
    (local.set $ql (f64x2.sub (local.get $q) (local.get $qh)))
    (local.set $res (f64x2.sub
      (f64x2.sub (local.get $nh) (f64x2.mul (local.get $qh) (local.get $dh)))
      (f64x2.mul (local.get $ql) (local.get $dh))))
    (local.set $inv (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $q))))
    (local.set $t (f64x2.add (local.get $q)
      (f64x2.mul
        (f64x2.sub (f64x2.sub (local.get $res) (local.get $el)) (f64x2.mul (local.get $q) (local.get $el)))
        (f64x2.sub (local.get $inv) (f64x2.mul (f64x2.mul (local.get $el) (local.get $inv)) (local.get $inv))))))
    ;; x < 0: −t
    (local.set $t (v128.bitselect (f64x2.neg (local.get $t)) (local.get $t) (f64x2.lt (local.get $x) (v128.const f64x2 0 0))))
    ;; |x| ≥ 22 (and ±∞): ±1
    (local.set $t (v128.bitselect
      (v128.bitselect (v128.const f64x2 -1 -1) (v128.const f64x2 1 1) (f64x2.lt (local.get $x) (v128.const f64x2 0 0)))
      (local.get $t)
      (f64x2.ge (local.get $ax) (v128.const f64x2 22 22))))
    ;; NaN stays itself
    (local.set $t (v128.bitselect (local.get $x) (local.get $t) (f64x2.ne (local.get $x) (local.get $x))))
    ;; |x| < 2⁻²⁸: x itself (−0 stays −0)
    (local.set $poly (v128.bitselect (local.get $x) (local.get $poly) (f64x2.lt (local.get $ax) (v128.const f64x2 3.725290298461914e-9 3.725290298461914e-9))))
    (v128.bitselect (local.get $poly) (local.get $t) (f64x2.lt (local.get $ax) (v128.const f64x2 0.125 0.125))))

  ;; tanh of 4 pairs at once (p[0 … 8) → q): $tanh2's operations for each pair, interleaved (more independent work in flight; the same bits).
  (func $tanh8 (param $p i32) (param $tab i32) (param $q i32)
    (local $axa v128) (local $axb v128) (local $axc v128) (local $axd v128)
    (local $za v128) (local $zb v128) (local $zc v128) (local $zd v128)
    (local $z2a v128) (local $z2b v128) (local $z2c v128) (local $z2d v128)
    (local $z4a v128) (local $z4b v128) (local $z4c v128) (local $z4d v128)
    (local $polya v128) (local $polyb v128) (local $polyc v128) (local $polyd v128)
    (local $ya v128) (local $yb v128) (local $yc v128) (local $yd v128)
    (local $kda v128) (local $kdb v128) (local $kdc v128) (local $kdd v128)
    (local $ka v128) (local $kb v128) (local $kc v128) (local $kd v128)
    (local $ra v128) (local $rb v128) (local $rc v128) (local $rd v128)
    (local $r2a v128) (local $r2b v128) (local $r2c v128) (local $r2d v128)
    (local $pea v128) (local $peb v128) (local $pec v128) (local $ped v128)
    (local $tha v128) (local $thb v128) (local $thc v128) (local $thd v128)
    (local $tla v128) (local $tlb v128) (local $tlc v128) (local $tld v128)
    (local $loa v128) (local $lob v128) (local $loc v128) (local $lod v128)
    (local $sa v128) (local $sb v128) (local $sc v128) (local $sd v128)
    (local $scalea v128) (local $scaleb v128) (local $scalec v128) (local $scaled v128)
    (local $eloa v128) (local $elob v128) (local $eloc v128) (local $elod v128)
    (local $exa v128) (local $exb v128) (local $exc v128) (local $exd v128)
    (local $eha v128) (local $ehb v128) (local $ehc v128) (local $ehd v128)
    (local $ela v128) (local $elb v128) (local $elc v128) (local $eld v128)
    (local $nha v128) (local $nhb v128) (local $nhc v128) (local $nhd v128)
    (local $dha v128) (local $dhb v128) (local $dhc v128) (local $dhd v128)
    (local $qa v128) (local $qb v128) (local $qc v128) (local $qd v128)
    (local $ua v128) (local $ub v128) (local $uc v128) (local $ud v128)
    (local $qha v128) (local $qhb v128) (local $qhc v128) (local $qhd v128)
    (local $qla v128) (local $qlb v128) (local $qlc v128) (local $qld v128)
    (local $resa v128) (local $resb v128) (local $resc v128) (local $resd v128)
    (local $inva v128) (local $invb v128) (local $invc v128) (local $invd v128)
    (local $ta v128) (local $tb v128) (local $tc v128) (local $td v128)
    (local $j0a i32) (local $j0b i32) (local $j0c i32) (local $j0d i32)
    (local $j1a i32) (local $j1b i32) (local $j1c i32) (local $j1d i32)
    (local $xa v128) (local $xb v128) (local $xc v128) (local $xd v128)
    (local.set $xa (v128.load offset=0 (local.get $p)))
    (local.set $xb (v128.load offset=16 (local.get $p)))
    (local.set $xc (v128.load offset=32 (local.get $p)))
    (local.set $xd (v128.load offset=48 (local.get $p)))
(local.set $axa (f64x2.abs (local.get $xa)))
(local.set $axb (f64x2.abs (local.get $xb)))
(local.set $axc (f64x2.abs (local.get $xc)))
(local.set $axd (f64x2.abs (local.get $xd)))
    (if (i32.or (i32.or (i32.or (v128.any_true (f64x2.lt (local.get $axa) (v128.const f64x2 0.125 0.125))) (v128.any_true (f64x2.lt (local.get $axb) (v128.const f64x2 0.125 0.125)))) (v128.any_true (f64x2.lt (local.get $axc) (v128.const f64x2 0.125 0.125)))) (v128.any_true (f64x2.lt (local.get $axd) (v128.const f64x2 0.125 0.125))))
      (then
        (local.set $za (f64x2.mul (local.get $xa) (local.get $xa)))
        (local.set $z2a (f64x2.mul (local.get $za) (local.get $za)))
        (local.set $z4a (f64x2.mul (local.get $z2a) (local.get $z2a)))
        (local.set $polya
          (f64x2.add
            (f64x2.add
              (f64x2.add (v128.const f64x2 -0.3333333333333333 -0.3333333333333333)
                         (f64x2.mul (local.get $za) (v128.const f64x2 0.13333333333333333 0.13333333333333333)))
              (f64x2.mul (local.get $z2a)
                (f64x2.add (v128.const f64x2 -0.05396825396825397 -0.05396825396825397)
                           (f64x2.mul (local.get $za) (v128.const f64x2 0.021869488536155203 0.021869488536155203)))))
            (f64x2.mul (local.get $z4a)
              (f64x2.add
                (f64x2.add
                  (f64x2.add (v128.const f64x2 -0.008863235529902197 -0.008863235529902197)
                             (f64x2.mul (local.get $za) (v128.const f64x2 0.003592128036572481 0.003592128036572481)))
                  (f64x2.mul (local.get $z2a)
                    (f64x2.add (v128.const f64x2 -0.0014558343870513183 -0.0014558343870513183)
                               (f64x2.mul (local.get $za) (v128.const f64x2 0.000590027440945586 0.000590027440945586)))))
                (f64x2.mul (local.get $z4a) (v128.const f64x2 -0.00023912911424355248 -0.00023912911424355248))))))
        (local.set $polya (f64x2.add (local.get $xa) (f64x2.mul (f64x2.mul (local.get $xa) (local.get $za)) (local.get $polya))))

        (local.set $zb (f64x2.mul (local.get $xb) (local.get $xb)))
        (local.set $z2b (f64x2.mul (local.get $zb) (local.get $zb)))
        (local.set $z4b (f64x2.mul (local.get $z2b) (local.get $z2b)))
        (local.set $polyb
          (f64x2.add
            (f64x2.add
              (f64x2.add (v128.const f64x2 -0.3333333333333333 -0.3333333333333333)
                         (f64x2.mul (local.get $zb) (v128.const f64x2 0.13333333333333333 0.13333333333333333)))
              (f64x2.mul (local.get $z2b)
                (f64x2.add (v128.const f64x2 -0.05396825396825397 -0.05396825396825397)
                           (f64x2.mul (local.get $zb) (v128.const f64x2 0.021869488536155203 0.021869488536155203)))))
            (f64x2.mul (local.get $z4b)
              (f64x2.add
                (f64x2.add
                  (f64x2.add (v128.const f64x2 -0.008863235529902197 -0.008863235529902197)
                             (f64x2.mul (local.get $zb) (v128.const f64x2 0.003592128036572481 0.003592128036572481)))
                  (f64x2.mul (local.get $z2b)
                    (f64x2.add (v128.const f64x2 -0.0014558343870513183 -0.0014558343870513183)
                               (f64x2.mul (local.get $zb) (v128.const f64x2 0.000590027440945586 0.000590027440945586)))))
                (f64x2.mul (local.get $z4b) (v128.const f64x2 -0.00023912911424355248 -0.00023912911424355248))))))
        (local.set $polyb (f64x2.add (local.get $xb) (f64x2.mul (f64x2.mul (local.get $xb) (local.get $zb)) (local.get $polyb))))

        (local.set $zc (f64x2.mul (local.get $xc) (local.get $xc)))
        (local.set $z2c (f64x2.mul (local.get $zc) (local.get $zc)))
        (local.set $z4c (f64x2.mul (local.get $z2c) (local.get $z2c)))
        (local.set $polyc
          (f64x2.add
            (f64x2.add
              (f64x2.add (v128.const f64x2 -0.3333333333333333 -0.3333333333333333)
                         (f64x2.mul (local.get $zc) (v128.const f64x2 0.13333333333333333 0.13333333333333333)))
              (f64x2.mul (local.get $z2c)
                (f64x2.add (v128.const f64x2 -0.05396825396825397 -0.05396825396825397)
                           (f64x2.mul (local.get $zc) (v128.const f64x2 0.021869488536155203 0.021869488536155203)))))
            (f64x2.mul (local.get $z4c)
              (f64x2.add
                (f64x2.add
                  (f64x2.add (v128.const f64x2 -0.008863235529902197 -0.008863235529902197)
                             (f64x2.mul (local.get $zc) (v128.const f64x2 0.003592128036572481 0.003592128036572481)))
                  (f64x2.mul (local.get $z2c)
                    (f64x2.add (v128.const f64x2 -0.0014558343870513183 -0.0014558343870513183)
                               (f64x2.mul (local.get $zc) (v128.const f64x2 0.000590027440945586 0.000590027440945586)))))
                (f64x2.mul (local.get $z4c) (v128.const f64x2 -0.00023912911424355248 -0.00023912911424355248))))))
        (local.set $polyc (f64x2.add (local.get $xc) (f64x2.mul (f64x2.mul (local.get $xc) (local.get $zc)) (local.get $polyc))))

        (local.set $zd (f64x2.mul (local.get $xd) (local.get $xd)))
        (local.set $z2d (f64x2.mul (local.get $zd) (local.get $zd)))
        (local.set $z4d (f64x2.mul (local.get $z2d) (local.get $z2d)))
        (local.set $polyd
          (f64x2.add
            (f64x2.add
              (f64x2.add (v128.const f64x2 -0.3333333333333333 -0.3333333333333333)
                         (f64x2.mul (local.get $zd) (v128.const f64x2 0.13333333333333333 0.13333333333333333)))
              (f64x2.mul (local.get $z2d)
                (f64x2.add (v128.const f64x2 -0.05396825396825397 -0.05396825396825397)
                           (f64x2.mul (local.get $zd) (v128.const f64x2 0.021869488536155203 0.021869488536155203)))))
            (f64x2.mul (local.get $z4d)
              (f64x2.add
                (f64x2.add
                  (f64x2.add (v128.const f64x2 -0.008863235529902197 -0.008863235529902197)
                             (f64x2.mul (local.get $zd) (v128.const f64x2 0.003592128036572481 0.003592128036572481)))
                  (f64x2.mul (local.get $z2d)
                    (f64x2.add (v128.const f64x2 -0.0014558343870513183 -0.0014558343870513183)
                               (f64x2.mul (local.get $zd) (v128.const f64x2 0.000590027440945586 0.000590027440945586)))))
                (f64x2.mul (local.get $z4d) (v128.const f64x2 -0.00023912911424355248 -0.00023912911424355248))))))
        (local.set $polyd (f64x2.add (local.get $xd) (f64x2.mul (f64x2.mul (local.get $xd) (local.get $zd)) (local.get $polyd))))))
    (local.set $ya (f64x2.mul (v128.const f64x2 -2 -2) (f64x2.min (local.get $axa) (v128.const f64x2 22 22))))
    (local.set $yb (f64x2.mul (v128.const f64x2 -2 -2) (f64x2.min (local.get $axb) (v128.const f64x2 22 22))))
    (local.set $yc (f64x2.mul (v128.const f64x2 -2 -2) (f64x2.min (local.get $axc) (v128.const f64x2 22 22))))
    (local.set $yd (f64x2.mul (v128.const f64x2 -2 -2) (f64x2.min (local.get $axd) (v128.const f64x2 22 22))))
    (local.set $kda (f64x2.sub
      (f64x2.add (f64x2.mul (local.get $ya) (v128.const f64x2 369.3299304675746 369.3299304675746))
                 (v128.const f64x2 6755399441055744 6755399441055744))
      (v128.const f64x2 6755399441055744 6755399441055744)))
    (local.set $kdb (f64x2.sub
      (f64x2.add (f64x2.mul (local.get $yb) (v128.const f64x2 369.3299304675746 369.3299304675746))
                 (v128.const f64x2 6755399441055744 6755399441055744))
      (v128.const f64x2 6755399441055744 6755399441055744)))
    (local.set $kdc (f64x2.sub
      (f64x2.add (f64x2.mul (local.get $yc) (v128.const f64x2 369.3299304675746 369.3299304675746))
                 (v128.const f64x2 6755399441055744 6755399441055744))
      (v128.const f64x2 6755399441055744 6755399441055744)))
    (local.set $kdd (f64x2.sub
      (f64x2.add (f64x2.mul (local.get $yd) (v128.const f64x2 369.3299304675746 369.3299304675746))
                 (v128.const f64x2 6755399441055744 6755399441055744))
      (v128.const f64x2 6755399441055744 6755399441055744)))
    (local.set $ka (i32x4.trunc_sat_f64x2_s_zero (local.get $kda)))
    (local.set $kb (i32x4.trunc_sat_f64x2_s_zero (local.get $kdb)))
    (local.set $kc (i32x4.trunc_sat_f64x2_s_zero (local.get $kdc)))
    (local.set $kd (i32x4.trunc_sat_f64x2_s_zero (local.get $kdd)))
    (local.set $ra (f64x2.sub
      (f64x2.sub (local.get $ya) (f64x2.mul (local.get $kda) (v128.const f64x2 0.0027076061737716373 0.0027076061737716373)))
      (f64x2.mul (local.get $kda) (v128.const f64x2 2.9064910585985925e-13 2.9064910585985925e-13))))
    (local.set $rb (f64x2.sub
      (f64x2.sub (local.get $yb) (f64x2.mul (local.get $kdb) (v128.const f64x2 0.0027076061737716373 0.0027076061737716373)))
      (f64x2.mul (local.get $kdb) (v128.const f64x2 2.9064910585985925e-13 2.9064910585985925e-13))))
    (local.set $rc (f64x2.sub
      (f64x2.sub (local.get $yc) (f64x2.mul (local.get $kdc) (v128.const f64x2 0.0027076061737716373 0.0027076061737716373)))
      (f64x2.mul (local.get $kdc) (v128.const f64x2 2.9064910585985925e-13 2.9064910585985925e-13))))
    (local.set $rd (f64x2.sub
      (f64x2.sub (local.get $yd) (f64x2.mul (local.get $kdd) (v128.const f64x2 0.0027076061737716373 0.0027076061737716373)))
      (f64x2.mul (local.get $kdd) (v128.const f64x2 2.9064910585985925e-13 2.9064910585985925e-13))))
    (local.set $j0a (i32.add (local.get $tab) (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $ka)) (i32.const 255)) (i32.const 4))))
    (local.set $j0b (i32.add (local.get $tab) (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $kb)) (i32.const 255)) (i32.const 4))))
    (local.set $j0c (i32.add (local.get $tab) (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $kc)) (i32.const 255)) (i32.const 4))))
    (local.set $j0d (i32.add (local.get $tab) (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $kd)) (i32.const 255)) (i32.const 4))))
    (local.set $j1a (i32.add (local.get $tab) (i32.shl (i32.and (i32x4.extract_lane 1 (local.get $ka)) (i32.const 255)) (i32.const 4))))
    (local.set $j1b (i32.add (local.get $tab) (i32.shl (i32.and (i32x4.extract_lane 1 (local.get $kb)) (i32.const 255)) (i32.const 4))))
    (local.set $j1c (i32.add (local.get $tab) (i32.shl (i32.and (i32x4.extract_lane 1 (local.get $kc)) (i32.const 255)) (i32.const 4))))
    (local.set $j1d (i32.add (local.get $tab) (i32.shl (i32.and (i32x4.extract_lane 1 (local.get $kd)) (i32.const 255)) (i32.const 4))))
    (local.set $tha (f64x2.replace_lane 1 (f64x2.splat (f64.load (local.get $j0a))) (f64.load (local.get $j1a))))
    (local.set $thb (f64x2.replace_lane 1 (f64x2.splat (f64.load (local.get $j0b))) (f64.load (local.get $j1b))))
    (local.set $thc (f64x2.replace_lane 1 (f64x2.splat (f64.load (local.get $j0c))) (f64.load (local.get $j1c))))
    (local.set $thd (f64x2.replace_lane 1 (f64x2.splat (f64.load (local.get $j0d))) (f64.load (local.get $j1d))))
    (local.set $tla (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=8 (local.get $j0a))) (f64.load offset=8 (local.get $j1a))))
    (local.set $tlb (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=8 (local.get $j0b))) (f64.load offset=8 (local.get $j1b))))
    (local.set $tlc (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=8 (local.get $j0c))) (f64.load offset=8 (local.get $j1c))))
    (local.set $tld (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=8 (local.get $j0d))) (f64.load offset=8 (local.get $j1d))))
    (local.set $scalea (i64x2.shl
      (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.shr_s (local.get $ka) (i32.const 8))) (v128.const i64x2 1023 1023))
      (i32.const 52)))
    (local.set $scaleb (i64x2.shl
      (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.shr_s (local.get $kb) (i32.const 8))) (v128.const i64x2 1023 1023))
      (i32.const 52)))
    (local.set $scalec (i64x2.shl
      (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.shr_s (local.get $kc) (i32.const 8))) (v128.const i64x2 1023 1023))
      (i32.const 52)))
    (local.set $scaled (i64x2.shl
      (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.shr_s (local.get $kd) (i32.const 8))) (v128.const i64x2 1023 1023))
      (i32.const 52)))
    (local.set $r2a (f64x2.mul (local.get $ra) (local.get $ra)))
    (local.set $r2b (f64x2.mul (local.get $rb) (local.get $rb)))
    (local.set $r2c (f64x2.mul (local.get $rc) (local.get $rc)))
    (local.set $r2d (f64x2.mul (local.get $rd) (local.get $rd)))
    (local.set $pea (f64x2.add (local.get $ra) (f64x2.mul (local.get $r2a)
      (f64x2.add
        (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $ra) (v128.const f64x2 0.16666666666666666 0.16666666666666666)))
        (f64x2.mul (local.get $r2a)
          (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664)
                     (f64x2.mul (local.get $ra) (v128.const f64x2 0.008333333333333333 0.008333333333333333))))))))
    (local.set $peb (f64x2.add (local.get $rb) (f64x2.mul (local.get $r2b)
      (f64x2.add
        (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $rb) (v128.const f64x2 0.16666666666666666 0.16666666666666666)))
        (f64x2.mul (local.get $r2b)
          (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664)
                     (f64x2.mul (local.get $rb) (v128.const f64x2 0.008333333333333333 0.008333333333333333))))))))
    (local.set $pec (f64x2.add (local.get $rc) (f64x2.mul (local.get $r2c)
      (f64x2.add
        (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $rc) (v128.const f64x2 0.16666666666666666 0.16666666666666666)))
        (f64x2.mul (local.get $r2c)
          (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664)
                     (f64x2.mul (local.get $rc) (v128.const f64x2 0.008333333333333333 0.008333333333333333))))))))
    (local.set $ped (f64x2.add (local.get $rd) (f64x2.mul (local.get $r2d)
      (f64x2.add
        (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $rd) (v128.const f64x2 0.16666666666666666 0.16666666666666666)))
        (f64x2.mul (local.get $r2d)
          (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664)
                     (f64x2.mul (local.get $rd) (v128.const f64x2 0.008333333333333333 0.008333333333333333))))))))
    (local.set $loa (f64x2.add (local.get $tla) (f64x2.mul (local.get $tha) (local.get $pea))))
    (local.set $lob (f64x2.add (local.get $tlb) (f64x2.mul (local.get $thb) (local.get $peb))))
    (local.set $loc (f64x2.add (local.get $tlc) (f64x2.mul (local.get $thc) (local.get $pec))))
    (local.set $lod (f64x2.add (local.get $tld) (f64x2.mul (local.get $thd) (local.get $ped))))
    (local.set $sa (f64x2.add (local.get $tha) (local.get $loa)))
    (local.set $sb (f64x2.add (local.get $thb) (local.get $lob)))
    (local.set $sc (f64x2.add (local.get $thc) (local.get $loc)))
    (local.set $sd (f64x2.add (local.get $thd) (local.get $lod)))
    (local.set $eloa (f64x2.mul (f64x2.add (f64x2.sub (local.get $tha) (local.get $sa)) (local.get $loa)) (local.get $scalea)))
    (local.set $elob (f64x2.mul (f64x2.add (f64x2.sub (local.get $thb) (local.get $sb)) (local.get $lob)) (local.get $scaleb)))
    (local.set $eloc (f64x2.mul (f64x2.add (f64x2.sub (local.get $thc) (local.get $sc)) (local.get $loc)) (local.get $scalec)))
    (local.set $elod (f64x2.mul (f64x2.add (f64x2.sub (local.get $thd) (local.get $sd)) (local.get $lod)) (local.get $scaled)))
    (local.set $exa (f64x2.mul (local.get $sa) (local.get $scalea)))
    (local.set $exb (f64x2.mul (local.get $sb) (local.get $scaleb)))
    (local.set $exc (f64x2.mul (local.get $sc) (local.get $scalec)))
    (local.set $exd (f64x2.mul (local.get $sd) (local.get $scaled)))
    (local.set $eha (f64x2.sub (f64x2.add (local.get $exa) (v128.const f64x2 67108864 67108864)) (v128.const f64x2 67108864 67108864)))
    (local.set $ehb (f64x2.sub (f64x2.add (local.get $exb) (v128.const f64x2 67108864 67108864)) (v128.const f64x2 67108864 67108864)))
    (local.set $ehc (f64x2.sub (f64x2.add (local.get $exc) (v128.const f64x2 67108864 67108864)) (v128.const f64x2 67108864 67108864)))
    (local.set $ehd (f64x2.sub (f64x2.add (local.get $exd) (v128.const f64x2 67108864 67108864)) (v128.const f64x2 67108864 67108864)))
    (local.set $ela (f64x2.add (f64x2.sub (local.get $exa) (local.get $eha)) (local.get $eloa)))
    (local.set $elb (f64x2.add (f64x2.sub (local.get $exb) (local.get $ehb)) (local.get $elob)))
    (local.set $elc (f64x2.add (f64x2.sub (local.get $exc) (local.get $ehc)) (local.get $eloc)))
    (local.set $eld (f64x2.add (f64x2.sub (local.get $exd) (local.get $ehd)) (local.get $elod)))
    (local.set $nha (f64x2.sub (v128.const f64x2 1 1) (local.get $eha)))
    (local.set $nhb (f64x2.sub (v128.const f64x2 1 1) (local.get $ehb)))
    (local.set $nhc (f64x2.sub (v128.const f64x2 1 1) (local.get $ehc)))
    (local.set $nhd (f64x2.sub (v128.const f64x2 1 1) (local.get $ehd)))
    (local.set $dha (f64x2.add (v128.const f64x2 1 1) (local.get $eha)))
    (local.set $dhb (f64x2.add (v128.const f64x2 1 1) (local.get $ehb)))
    (local.set $dhc (f64x2.add (v128.const f64x2 1 1) (local.get $ehc)))
    (local.set $dhd (f64x2.add (v128.const f64x2 1 1) (local.get $ehd)))
    (local.set $qa (f64x2.div (local.get $nha) (local.get $dha)))
    (local.set $qb (f64x2.div (local.get $nhb) (local.get $dhb)))
    (local.set $qc (f64x2.div (local.get $nhc) (local.get $dhc)))
    (local.set $qd (f64x2.div (local.get $nhd) (local.get $dhd)))
    (local.set $ua (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $qa)))
    (local.set $ub (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $qb)))
    (local.set $uc (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $qc)))
    (local.set $ud (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $qd)))
    (local.set $qha (f64x2.sub (local.get $ua) (f64x2.sub (local.get $ua) (local.get $qa))))
    (local.set $qhb (f64x2.sub (local.get $ub) (f64x2.sub (local.get $ub) (local.get $qb))))
    (local.set $qhc (f64x2.sub (local.get $uc) (f64x2.sub (local.get $uc) (local.get $qc))))
    (local.set $qhd (f64x2.sub (local.get $ud) (f64x2.sub (local.get $ud) (local.get $qd))))
    (local.set $qla (f64x2.sub (local.get $qa) (local.get $qha)))
    (local.set $qlb (f64x2.sub (local.get $qb) (local.get $qhb)))
    (local.set $qlc (f64x2.sub (local.get $qc) (local.get $qhc)))
    (local.set $qld (f64x2.sub (local.get $qd) (local.get $qhd)))
    (local.set $resa (f64x2.sub
      (f64x2.sub (local.get $nha) (f64x2.mul (local.get $qha) (local.get $dha)))
      (f64x2.mul (local.get $qla) (local.get $dha))))
    (local.set $resb (f64x2.sub
      (f64x2.sub (local.get $nhb) (f64x2.mul (local.get $qhb) (local.get $dhb)))
      (f64x2.mul (local.get $qlb) (local.get $dhb))))
    (local.set $resc (f64x2.sub
      (f64x2.sub (local.get $nhc) (f64x2.mul (local.get $qhc) (local.get $dhc)))
      (f64x2.mul (local.get $qlc) (local.get $dhc))))
    (local.set $resd (f64x2.sub
      (f64x2.sub (local.get $nhd) (f64x2.mul (local.get $qhd) (local.get $dhd)))
      (f64x2.mul (local.get $qld) (local.get $dhd))))
    (local.set $inva (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $qa))))
    (local.set $invb (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $qb))))
    (local.set $invc (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $qc))))
    (local.set $invd (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $qd))))
    (local.set $ta (f64x2.add (local.get $qa)
      (f64x2.mul
        (f64x2.sub (f64x2.sub (local.get $resa) (local.get $ela)) (f64x2.mul (local.get $qa) (local.get $ela)))
        (f64x2.sub (local.get $inva) (f64x2.mul (f64x2.mul (local.get $ela) (local.get $inva)) (local.get $inva))))))
    (local.set $tb (f64x2.add (local.get $qb)
      (f64x2.mul
        (f64x2.sub (f64x2.sub (local.get $resb) (local.get $elb)) (f64x2.mul (local.get $qb) (local.get $elb)))
        (f64x2.sub (local.get $invb) (f64x2.mul (f64x2.mul (local.get $elb) (local.get $invb)) (local.get $invb))))))
    (local.set $tc (f64x2.add (local.get $qc)
      (f64x2.mul
        (f64x2.sub (f64x2.sub (local.get $resc) (local.get $elc)) (f64x2.mul (local.get $qc) (local.get $elc)))
        (f64x2.sub (local.get $invc) (f64x2.mul (f64x2.mul (local.get $elc) (local.get $invc)) (local.get $invc))))))
    (local.set $td (f64x2.add (local.get $qd)
      (f64x2.mul
        (f64x2.sub (f64x2.sub (local.get $resd) (local.get $eld)) (f64x2.mul (local.get $qd) (local.get $eld)))
        (f64x2.sub (local.get $invd) (f64x2.mul (f64x2.mul (local.get $eld) (local.get $invd)) (local.get $invd))))))
    (local.set $ta (v128.bitselect (f64x2.neg (local.get $ta)) (local.get $ta) (f64x2.lt (local.get $xa) (v128.const f64x2 0 0))))
    (local.set $tb (v128.bitselect (f64x2.neg (local.get $tb)) (local.get $tb) (f64x2.lt (local.get $xb) (v128.const f64x2 0 0))))
    (local.set $tc (v128.bitselect (f64x2.neg (local.get $tc)) (local.get $tc) (f64x2.lt (local.get $xc) (v128.const f64x2 0 0))))
    (local.set $td (v128.bitselect (f64x2.neg (local.get $td)) (local.get $td) (f64x2.lt (local.get $xd) (v128.const f64x2 0 0))))
    (local.set $ta (v128.bitselect
      (v128.bitselect (v128.const f64x2 -1 -1) (v128.const f64x2 1 1) (f64x2.lt (local.get $xa) (v128.const f64x2 0 0)))
      (local.get $ta)
      (f64x2.ge (local.get $axa) (v128.const f64x2 22 22))))
    (local.set $tb (v128.bitselect
      (v128.bitselect (v128.const f64x2 -1 -1) (v128.const f64x2 1 1) (f64x2.lt (local.get $xb) (v128.const f64x2 0 0)))
      (local.get $tb)
      (f64x2.ge (local.get $axb) (v128.const f64x2 22 22))))
    (local.set $tc (v128.bitselect
      (v128.bitselect (v128.const f64x2 -1 -1) (v128.const f64x2 1 1) (f64x2.lt (local.get $xc) (v128.const f64x2 0 0)))
      (local.get $tc)
      (f64x2.ge (local.get $axc) (v128.const f64x2 22 22))))
    (local.set $td (v128.bitselect
      (v128.bitselect (v128.const f64x2 -1 -1) (v128.const f64x2 1 1) (f64x2.lt (local.get $xd) (v128.const f64x2 0 0)))
      (local.get $td)
      (f64x2.ge (local.get $axd) (v128.const f64x2 22 22))))
    (local.set $ta (v128.bitselect (local.get $xa) (local.get $ta) (f64x2.ne (local.get $xa) (local.get $xa))))
    (local.set $tb (v128.bitselect (local.get $xb) (local.get $tb) (f64x2.ne (local.get $xb) (local.get $xb))))
    (local.set $tc (v128.bitselect (local.get $xc) (local.get $tc) (f64x2.ne (local.get $xc) (local.get $xc))))
    (local.set $td (v128.bitselect (local.get $xd) (local.get $td) (f64x2.ne (local.get $xd) (local.get $xd))))
    (local.set $polya (v128.bitselect (local.get $xa) (local.get $polya) (f64x2.lt (local.get $axa) (v128.const f64x2 3.725290298461914e-9 3.725290298461914e-9))))
    (local.set $polyb (v128.bitselect (local.get $xb) (local.get $polyb) (f64x2.lt (local.get $axb) (v128.const f64x2 3.725290298461914e-9 3.725290298461914e-9))))
    (local.set $polyc (v128.bitselect (local.get $xc) (local.get $polyc) (f64x2.lt (local.get $axc) (v128.const f64x2 3.725290298461914e-9 3.725290298461914e-9))))
    (local.set $polyd (v128.bitselect (local.get $xd) (local.get $polyd) (f64x2.lt (local.get $axd) (v128.const f64x2 3.725290298461914e-9 3.725290298461914e-9))))
    (v128.store offset=0 (local.get $q) (v128.bitselect (local.get $polya) (local.get $ta) (f64x2.lt (local.get $axa) (v128.const f64x2 0.125 0.125))))
    (v128.store offset=16 (local.get $q) (v128.bitselect (local.get $polyb) (local.get $tb) (f64x2.lt (local.get $axb) (v128.const f64x2 0.125 0.125))))
    (v128.store offset=32 (local.get $q) (v128.bitselect (local.get $polyc) (local.get $tc) (f64x2.lt (local.get $axc) (v128.const f64x2 0.125 0.125))))
    (v128.store offset=48 (local.get $q) (v128.bitselect (local.get $polyd) (local.get $td) (f64x2.lt (local.get $axd) (v128.const f64x2 0.125 0.125)))))


  ;; ==================================================== blocked QR (issue #17)
  ;; The products of the blocked QR of wide frames (src/core/linalg/blockedQr.ts
  ;; `qrBlocked`: panels of b columns factorised by qr_mgs_blocked, then the
  ;; columns to their right updated at once by two GEMMs and a small triangular
  ;; solve). Twins, bit for bit, in src/core/linalg/blockedQr.ts:
  ;;   pack_slabs → `packSlabs`, unpack_slabs → `unpackSlabs`, pack_rows4 → `packRows4`,
  ;;   gram_lower → `gramLower`,
  ;;   gemm_tn_slabs → `gemmTnSlabs`, trsm_unit_lower → `trsmUnitLower`,
  ;;   gemm_nn_sub → `gemmNnSub`.
  ;; Every element is one sum in ascending index order (from +0, or from the
  ;; element itself for the updates); f64x2 lanes are two neighbouring columns.
  ;;
  ;; Strided operands: an m × n block at byte X with leading dimension ld
  ;; (doubles) has (i, j) at X + 8·(i·ld + j). Slab layout (no power-of-two
  ;; strides in the inner loops): an m × n matrix as ceil(n/4) slabs of 4 columns,
  ;; each m × 4 row-major and contiguous: (i, j) at 8·(4m·floor(j/4) + 4i + j mod 4);
  ;; the columns of a last partial slab are zero-padded.

  ;; The m × w block at dst (leading dimension ldd) from its slab layout at src
  ;; (the inverse of pack_slabs), row by row.
  (func (export "unpack_slabs") (param $m i32) (param $w i32) (param $src i32) (param $dst i32) (param $ldd i32)
    (local $g i32) (local $i i32) (local $t i32) (local $d8 i32) (local $sl i32) (local $w4 i32) (local $ps i32) (local $pd i32)
    (local.set $d8 (i32.shl (local.get $ldd) (i32.const 3)))
    (local.set $sl (i32.shl (local.get $m) (i32.const 5)))
    (local.set $w4 (i32.and (local.get $w) (i32.const -4)))
    (block $id (loop $il
      (br_if $id (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $pd (i32.add (local.get $dst) (i32.mul (local.get $i) (local.get $d8))))
      (local.set $ps (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 5))))
      (local.set $g (i32.const 0))
      (block $gd (loop $gl
        (br_if $gd (i32.ge_u (local.get $g) (local.get $w4)))
        (v128.store (local.get $pd) (v128.load (local.get $ps)))
        (v128.store offset=16 (local.get $pd) (v128.load offset=16 (local.get $ps)))
        (local.set $pd (i32.add (local.get $pd) (i32.const 32)))
        (local.set $ps (i32.add (local.get $ps) (local.get $sl)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (br $gl)))
      (local.set $t (i32.const 0))
      (block $td (loop $tl
        (br_if $td (i32.ge_u (i32.add (local.get $g) (local.get $t)) (local.get $w)))
        (f64.store (i32.add (local.get $pd) (i32.shl (local.get $t) (i32.const 3)))
          (f64.load (i32.add (local.get $ps) (i32.shl (local.get $t) (i32.const 3)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tl)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $il))))

  ;; The slab layout of the m × w block at src (leading dimension lds) into dst
  ;; (m·4·ceil(w/4) doubles), row by row (each row of src read in order).
  (func (export "pack_slabs") (param $m i32) (param $w i32) (param $src i32) (param $lds i32) (param $dst i32)
    (local $g i32) (local $i i32) (local $t i32) (local $s8 i32) (local $sl i32) (local $w4 i32) (local $ps i32) (local $pd i32)
    (local.set $s8 (i32.shl (local.get $lds) (i32.const 3)))
    (local.set $sl (i32.shl (local.get $m) (i32.const 5))) ;; bytes of one slab
    (local.set $w4 (i32.and (local.get $w) (i32.const -4)))
    (block $id (loop $il
      (br_if $id (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $ps (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $s8))))
      (local.set $pd (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 5))))
      (local.set $g (i32.const 0))
      (block $gd (loop $gl
        (br_if $gd (i32.ge_u (local.get $g) (local.get $w4)))
        (v128.store (local.get $pd) (v128.load (local.get $ps)))
        (v128.store offset=16 (local.get $pd) (v128.load offset=16 (local.get $ps)))
        (local.set $ps (i32.add (local.get $ps) (i32.const 32)))
        (local.set $pd (i32.add (local.get $pd) (local.get $sl)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (br $gl)))
      ;; a last partial group, zero-padded
      (if (i32.lt_u (local.get $g) (local.get $w))
        (then
          (local.set $t (i32.const 0))
          (block $td (loop $tl
            (br_if $td (i32.ge_u (local.get $t) (i32.const 4)))
            (f64.store (i32.add (local.get $pd) (i32.shl (local.get $t) (i32.const 3)))
              (if (result f64) (i32.lt_u (i32.add (local.get $g) (local.get $t)) (local.get $w))
                (then (f64.load (i32.add (local.get $ps) (i32.shl (local.get $t) (i32.const 3)))))
                (else (f64.const 0))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tl)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $il))))

  ;; The row-4 layout of the m × w block at src (leading dimension lds) into dst
  ;; (4·ceil(m/4)·w doubles): rows in groups of 4, each group w × 4 (column
  ;; by column): (i, q) at 8·(4w·floor(i/4) + 4q + i mod 4); a last partial
  ;; group of rows is zero-padded. (The slab layout of the transpose.)
  (func (export "pack_rows4") (param $m i32) (param $w i32) (param $src i32) (param $lds i32) (param $dst i32)
    (local $i i32) (local $q i32) (local $s8 i32) (local $ps i32) (local $pd i32)
    (local.set $s8 (i32.shl (local.get $lds) (i32.const 3)))
    (block $id (loop $il
      (br_if $id (i32.ge_u (local.get $i) (i32.and (i32.add (local.get $m) (i32.const 3)) (i32.const -4))))
      (local.set $ps (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $s8))))
      (local.set $pd (i32.add (local.get $dst) (i32.shl (i32.mul (i32.shr_u (local.get $i) (i32.const 2)) (local.get $w)) (i32.const 5))))
      (local.set $pd (i32.add (local.get $pd) (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 3))))
      (local.set $q (i32.const 0))
      (block $qd (loop $ql
        (br_if $qd (i32.ge_u (local.get $q) (local.get $w)))
        (f64.store (local.get $pd)
          (if (result f64) (i32.lt_u (local.get $i) (local.get $m))
            (then (f64.load (local.get $ps)))
            (else (f64.const 0))))
        (local.set $ps (i32.add (local.get $ps) (i32.const 8)))
        (local.set $pd (i32.add (local.get $pd) (i32.const 32)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $ql)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $il))))

  ;; A 4 × 4 tile of XᵀY from two slabs (m × 4 each, rows of 32 bytes at pa, pb):
  ;; C(t, u) = Σ_i X(i, t)·Y(i, u), stored at pc + t·ldc8 + 8u.
  (func $tn_tile4 (param $m i32) (param $pa i32) (param $pb i32) (param $pc i32) (param $ldc8 i32)
    (local $pe i32) (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $pe (i32.add (local.get $pa) (i32.shl (local.get $m) (i32.const 5))))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $pa) (local.get $pe)))
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $x (v128.load64_splat (local.get $pa)))
      (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=8 (local.get $pa)))
      (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=16 (local.get $pa)))
      (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=24 (local.get $pa)))
      (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br $l)))
    (v128.store (local.get $pc) (local.get $s00))
    (v128.store offset=16 (local.get $pc) (local.get $s01))
    (local.set $pc (i32.add (local.get $pc) (local.get $ldc8)))
    (v128.store (local.get $pc) (local.get $s10))
    (v128.store offset=16 (local.get $pc) (local.get $s11))
    (local.set $pc (i32.add (local.get $pc) (local.get $ldc8)))
    (v128.store (local.get $pc) (local.get $s20))
    (v128.store offset=16 (local.get $pc) (local.get $s21))
    (local.set $pc (i32.add (local.get $pc) (local.get $ldc8)))
    (v128.store (local.get $pc) (local.get $s30))
    (v128.store offset=16 (local.get $pc) (local.get $s31)))

  ;; L (p × p, row-major) = the strictly lower part of XᵀX, X m × p in slabs
  ;; (p a multiple of 4); zeros on and above the diagonal.
  (func (export "gram_lower") (param $m i32) (param $p i32) (param $X i32) (param $L i32)
    (local $a i32) (local $c i32) (local $p8 i32) (local $sl i32)
    (local.set $p8 (i32.shl (local.get $p) (i32.const 3)))
    (local.set $sl (i32.shl (local.get $m) (i32.const 5))) ;; bytes of one slab
    (block $ad (loop $al
      (br_if $ad (i32.ge_u (local.get $a) (local.get $p)))
      (local.set $c (i32.const 0))
      (block $cd (loop $cl
        (br_if $cd (i32.gt_u (local.get $c) (local.get $a)))
        (call $tn_tile4 (local.get $m)
          (i32.add (local.get $X) (i32.mul (i32.shr_u (local.get $a) (i32.const 2)) (local.get $sl)))
          (i32.add (local.get $X) (i32.mul (i32.shr_u (local.get $c) (i32.const 2)) (local.get $sl)))
          (i32.add (local.get $L) (i32.add (i32.mul (local.get $a) (local.get $p8)) (i32.shl (local.get $c) (i32.const 3))))
          (local.get $p8))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $cl)))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (br $al)))
    ;; zero the diagonal and above
    (local.set $a (i32.const 0))
    (block $zd (loop $zl
      (br_if $zd (i32.ge_u (local.get $a) (local.get $p)))
      (local.set $c (local.get $a))
      (block $z2d (loop $z2l
        (br_if $z2d (i32.ge_u (local.get $c) (local.get $p)))
        (f64.store (i32.add (local.get $L) (i32.add (i32.mul (local.get $a) (local.get $p8)) (i32.shl (local.get $c) (i32.const 3)))) (f64.const 0))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $z2l)))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br $zl))))

  ;; G (p × r, slab layout) = XᵀB: X m × p and B m × r both in slabs (p a
  ;; multiple of 4; B's padding columns give G's). Tiles of 4 × 4: for each slab
  ;; of B (8 KB at m = 256, kept in L1) every slab of X.
  (func (export "gemm_tn_slabs") (param $p i32) (param $r i32) (param $m i32) (param $X i32) (param $B i32) (param $G i32)
    (local $g i32) (local $a i32) (local $sl i32) (local $pg i32) (local $pb i32)
    (local.set $sl (i32.shl (local.get $m) (i32.const 5)))
    (local.set $pb (local.get $B))
    (block $gd (loop $gl
      (br_if $gd (i32.ge_u (local.get $g) (local.get $r)))
      (local.set $pg (i32.add (local.get $G) (i32.shl (i32.mul (local.get $g) (local.get $p)) (i32.const 3))))
      (local.set $a (i32.const 0))
      (block $ad (loop $al
        (br_if $ad (i32.ge_u (local.get $a) (local.get $p)))
        (call $tn_tile4 (local.get $m)
          (i32.add (local.get $X) (i32.mul (i32.shr_u (local.get $a) (i32.const 2)) (local.get $sl)))
          (local.get $pb)
          (i32.add (local.get $pg) (i32.shl (local.get $a) (i32.const 5)))
          (i32.const 32))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $al)))
      (local.set $pb (i32.add (local.get $pb) (local.get $sl)))
      (local.set $g (i32.add (local.get $g) (i32.const 4)))
      (br $gl))))

  ;; G ← (I + L)⁻¹·G in place by forward substitution: G p × r in slab layout
  ;; (all 4ceil(r/4) columns), L p × p row-major, strictly lower part used:
  ;; G(a, j) = G(a, j) − L(a, 0)·G(0, j) − … − L(a, a−1)·G(a−1, j), a ascending.
  ;; Four slabs at a time (eight independent chains).
  (func (export "trsm_unit_lower") (param $p i32) (param $r i32) (param $L i32) (param $G i32)
    (local $g i32) (local $a i32) (local $c i32) (local $sl i32) (local $p8 i32) (local $pa i32) (local $pc i32) (local $pl i32)
    (local $x v128) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $v4 v128) (local $v5 v128) (local $v6 v128) (local $v7 v128)
    (local.set $sl (i32.shl (local.get $p) (i32.const 5))) ;; bytes of one slab of G
    (local.set $p8 (i32.shl (local.get $p) (i32.const 3)))
    ;; four slabs (16 columns) at a time
    (block $gd (loop $gl
      (br_if $gd (i32.gt_u (i32.add (local.get $g) (i32.const 16)) (i32.and (i32.add (local.get $r) (i32.const 3)) (i32.const -4))))
      (local.set $a (i32.const 1))
      (block $ad (loop $al
        (br_if $ad (i32.ge_u (local.get $a) (local.get $p)))
        (local.set $pa (i32.add (i32.add (local.get $G) (i32.shl (i32.mul (local.get $g) (local.get $p)) (i32.const 3))) (i32.shl (local.get $a) (i32.const 5))))
        (local.set $v0 (v128.load (local.get $pa)))
        (local.set $v1 (v128.load offset=16 (local.get $pa)))
        (local.set $v2 (v128.load (i32.add (local.get $pa) (local.get $sl))))
        (local.set $v3 (v128.load offset=16 (i32.add (local.get $pa) (local.get $sl))))
        (local.set $v4 (v128.load (i32.add (local.get $pa) (i32.shl (local.get $sl) (i32.const 1)))))
        (local.set $v5 (v128.load offset=16 (i32.add (local.get $pa) (i32.shl (local.get $sl) (i32.const 1)))))
        (local.set $v6 (v128.load (i32.add (local.get $pa) (i32.mul (local.get $sl) (i32.const 3)))))
        (local.set $v7 (v128.load offset=16 (i32.add (local.get $pa) (i32.mul (local.get $sl) (i32.const 3)))))
        (local.set $pc (i32.add (local.get $G) (i32.shl (i32.mul (local.get $g) (local.get $p)) (i32.const 3))))
        (local.set $pl (i32.add (local.get $L) (i32.mul (local.get $a) (local.get $p8))))
        (local.set $c (i32.const 0))
        (block $cd (loop $cl
          (br_if $cd (i32.ge_u (local.get $c) (local.get $a)))
          (local.set $x (v128.load64_splat (local.get $pl)))
          (local.set $v0 (f64x2.sub (local.get $v0) (f64x2.mul (local.get $x) (v128.load (local.get $pc)))))
          (local.set $v1 (f64x2.sub (local.get $v1) (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $pc)))))
          (local.set $v2 (f64x2.sub (local.get $v2) (f64x2.mul (local.get $x) (v128.load (i32.add (local.get $pc) (local.get $sl))))))
          (local.set $v3 (f64x2.sub (local.get $v3) (f64x2.mul (local.get $x) (v128.load offset=16 (i32.add (local.get $pc) (local.get $sl))))))
          (local.set $v4 (f64x2.sub (local.get $v4) (f64x2.mul (local.get $x) (v128.load (i32.add (local.get $pc) (i32.shl (local.get $sl) (i32.const 1)))))))
          (local.set $v5 (f64x2.sub (local.get $v5) (f64x2.mul (local.get $x) (v128.load offset=16 (i32.add (local.get $pc) (i32.shl (local.get $sl) (i32.const 1)))))))
          (local.set $v6 (f64x2.sub (local.get $v6) (f64x2.mul (local.get $x) (v128.load (i32.add (local.get $pc) (i32.mul (local.get $sl) (i32.const 3)))))))
          (local.set $v7 (f64x2.sub (local.get $v7) (f64x2.mul (local.get $x) (v128.load offset=16 (i32.add (local.get $pc) (i32.mul (local.get $sl) (i32.const 3)))))))
          (local.set $pl (i32.add (local.get $pl) (i32.const 8)))
          (local.set $pc (i32.add (local.get $pc) (i32.const 32)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $cl)))
        (v128.store (local.get $pa) (local.get $v0))
        (v128.store offset=16 (local.get $pa) (local.get $v1))
        (v128.store (i32.add (local.get $pa) (local.get $sl)) (local.get $v2))
        (v128.store offset=16 (i32.add (local.get $pa) (local.get $sl)) (local.get $v3))
        (v128.store (i32.add (local.get $pa) (i32.shl (local.get $sl) (i32.const 1))) (local.get $v4))
        (v128.store offset=16 (i32.add (local.get $pa) (i32.shl (local.get $sl) (i32.const 1))) (local.get $v5))
        (v128.store (i32.add (local.get $pa) (i32.mul (local.get $sl) (i32.const 3))) (local.get $v6))
        (v128.store offset=16 (i32.add (local.get $pa) (i32.mul (local.get $sl) (i32.const 3))) (local.get $v7))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $al)))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (br $gl)))
    ;; the remaining slabs one at a time
    (block $g1d (loop $g1l
      (br_if $g1d (i32.ge_u (local.get $g) (local.get $r)))
      (local.set $a (i32.const 1))
      (block $a1d (loop $a1l
        (br_if $a1d (i32.ge_u (local.get $a) (local.get $p)))
        (local.set $pa (i32.add (i32.add (local.get $G) (i32.shl (i32.mul (local.get $g) (local.get $p)) (i32.const 3))) (i32.shl (local.get $a) (i32.const 5))))
        (local.set $v0 (v128.load (local.get $pa)))
        (local.set $v1 (v128.load offset=16 (local.get $pa)))
        (local.set $pc (i32.add (local.get $G) (i32.shl (i32.mul (local.get $g) (local.get $p)) (i32.const 3))))
        (local.set $pl (i32.add (local.get $L) (i32.mul (local.get $a) (local.get $p8))))
        (local.set $c (i32.const 0))
        (block $c1d (loop $c1l
          (br_if $c1d (i32.ge_u (local.get $c) (local.get $a)))
          (local.set $x (v128.load64_splat (local.get $pl)))
          (local.set $v0 (f64x2.sub (local.get $v0) (f64x2.mul (local.get $x) (v128.load (local.get $pc)))))
          (local.set $v1 (f64x2.sub (local.get $v1) (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $pc)))))
          (local.set $pl (i32.add (local.get $pl) (i32.const 8)))
          (local.set $pc (i32.add (local.get $pc) (i32.const 32)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $c1l)))
        (v128.store (local.get $pa) (local.get $v0))
        (v128.store offset=16 (local.get $pa) (local.get $v1))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $a1l)))
      (local.set $g (i32.add (local.get $g) (i32.const 4)))
      (br $g1l))))

  ;; C −= X·G: C m × r, X m × p in the row-4 layout (p a multiple of 4), G
  ;; p × r, C and G in slab layout, all 4·ceil(r/4) columns (zero padding stays
  ;; +0). Each element in one chain: C(i, j) − X(i, 0)·G(0, j) − … −
  ;; X(i, p−1)·G(p−1, j). Tiles of 4 rows × 4 columns (128 contiguous bytes of
  ;; C), down each slab of C (walked in order; G's slab, 32p bytes, stays in
  ;; L1); the last m mod 4 rows element by element.
  (func (export "gemm_nn_sub") (param $m i32) (param $r i32) (param $p i32) (param $X i32) (param $G i32) (param $C i32)
    (local $i i32) (local $j i32) (local $sl i32) (local $m4 i32) (local $r4 i32)
    (local.set $sl (i32.shl (local.get $m) (i32.const 5))) ;; bytes of one slab of C
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (local.set $r4 (i32.and (i32.add (local.get $r) (i32.const 3)) (i32.const -4)))
    (block $jd (loop $jl
      (br_if $jd (i32.ge_u (local.get $j) (local.get $r4)))
      (local.set $i (i32.const 0))
      (block $id (loop $il
        (br_if $id (i32.ge_u (local.get $i) (local.get $m4)))
        (call $nn_sub_tile4 (local.get $p)
          (i32.add (local.get $X) (i32.shl (i32.mul (local.get $i) (local.get $p)) (i32.const 3)))
          (i32.add (local.get $G) (i32.shl (i32.mul (local.get $j) (local.get $p)) (i32.const 3)))
          (i32.add (local.get $C) (i32.add (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $sl)) (i32.shl (local.get $i) (i32.const 5))))
          (i32.const 32))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $il)))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $jl)))
    (local.set $i (local.get $m4))
    ;; the last m mod 4 rows
    (block $i1d (loop $i1l
      (br_if $i1d (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $j (i32.const 0))
      (block $j2d (loop $j2l
        (br_if $j2d (i32.ge_u (local.get $j) (local.get $r4)))
        (call $nn_sub_elem (local.get $m) (local.get $p) (local.get $X) (local.get $G) (local.get $C) (local.get $i) (local.get $j))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $j2l)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $i1l))))

  ;; One 4 × 4 tile of C −= X·G (px: X's row group holding rows i … i+3, in the
  ;; row-4 layout; pg: G's slab holding the tile's columns; pc: &C(i, j)).
  ;; Per q: X(i+t, q) at px + 8t, G(q, ·) at pg, both stepping 32 bytes.
  (func $nn_sub_tile4 (param $p i32) (param $px i32) (param $pg i32) (param $pc i32) (param $c8 i32)
    (local $ge i32) (local $w0 v128) (local $w1 v128) (local $x v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $s00 (v128.load (local.get $pc)))
    (local.set $s01 (v128.load offset=16 (local.get $pc)))
    (local.set $s10 (v128.load (i32.add (local.get $pc) (local.get $c8))))
    (local.set $s11 (v128.load offset=16 (i32.add (local.get $pc) (local.get $c8))))
    (local.set $s20 (v128.load (i32.add (local.get $pc) (i32.shl (local.get $c8) (i32.const 1)))))
    (local.set $s21 (v128.load offset=16 (i32.add (local.get $pc) (i32.shl (local.get $c8) (i32.const 1)))))
    (local.set $s30 (v128.load (i32.add (local.get $pc) (i32.mul (local.get $c8) (i32.const 3)))))
    (local.set $s31 (v128.load offset=16 (i32.add (local.get $pc) (i32.mul (local.get $c8) (i32.const 3)))))
    (local.set $ge (i32.add (local.get $pg) (i32.shl (local.get $p) (i32.const 5))))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $pg) (local.get $ge)))
      (local.set $w0 (v128.load (local.get $pg)))
      (local.set $w1 (v128.load offset=16 (local.get $pg)))
      (local.set $x (v128.load64_splat (local.get $px)))
      (local.set $s00 (f64x2.sub (local.get $s00) (f64x2.mul (local.get $x) (local.get $w0))))
      (local.set $s01 (f64x2.sub (local.get $s01) (f64x2.mul (local.get $x) (local.get $w1))))
      (local.set $x (v128.load64_splat offset=8 (local.get $px)))
      (local.set $s10 (f64x2.sub (local.get $s10) (f64x2.mul (local.get $x) (local.get $w0))))
      (local.set $s11 (f64x2.sub (local.get $s11) (f64x2.mul (local.get $x) (local.get $w1))))
      (local.set $x (v128.load64_splat offset=16 (local.get $px)))
      (local.set $s20 (f64x2.sub (local.get $s20) (f64x2.mul (local.get $x) (local.get $w0))))
      (local.set $s21 (f64x2.sub (local.get $s21) (f64x2.mul (local.get $x) (local.get $w1))))
      (local.set $x (v128.load64_splat offset=24 (local.get $px)))
      (local.set $s30 (f64x2.sub (local.get $s30) (f64x2.mul (local.get $x) (local.get $w0))))
      (local.set $s31 (f64x2.sub (local.get $s31) (f64x2.mul (local.get $x) (local.get $w1))))
      (local.set $px (i32.add (local.get $px) (i32.const 32)))
      (local.set $pg (i32.add (local.get $pg) (i32.const 32)))
      (br $l)))
    (v128.store (local.get $pc) (local.get $s00))
    (v128.store offset=16 (local.get $pc) (local.get $s01))
    (local.set $pc (i32.add (local.get $pc) (local.get $c8)))
    (v128.store (local.get $pc) (local.get $s10))
    (v128.store offset=16 (local.get $pc) (local.get $s11))
    (local.set $pc (i32.add (local.get $pc) (local.get $c8)))
    (v128.store (local.get $pc) (local.get $s20))
    (v128.store offset=16 (local.get $pc) (local.get $s21))
    (local.set $pc (i32.add (local.get $pc) (local.get $c8)))
    (v128.store (local.get $pc) (local.get $s30))
    (v128.store offset=16 (local.get $pc) (local.get $s31)))

  ;; One element of C −= X·G (see gemm_nn_sub), scalar.
  (func $nn_sub_elem (param $m i32) (param $p i32) (param $X i32) (param $G i32) (param $C i32) (param $i i32) (param $j i32)
    (local $q i32) (local $s f64) (local $pc i32)
    ;; C(i, j) at 8·(4m·floor(j/4) + 4i + j mod 4)
    (local.set $pc (i32.add (local.get $C) (i32.shl
      (i32.add (i32.add (i32.mul (i32.and (local.get $j) (i32.const -4)) (local.get $m)) (i32.shl (local.get $i) (i32.const 2))) (i32.and (local.get $j) (i32.const 3)))
      (i32.const 3))))
    (local.set $s (f64.load (local.get $pc)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $q) (local.get $p)))
      (local.set $s (f64.sub (local.get $s) (f64.mul
        ;; X(i, q) at 8·(4p·floor(i/4) + 4q + i mod 4)
        (f64.load (i32.add (local.get $X) (i32.shl
          (i32.add (i32.add (i32.mul (i32.and (local.get $i) (i32.const -4)) (local.get $p)) (i32.shl (local.get $q) (i32.const 2))) (i32.and (local.get $i) (i32.const 3)))
          (i32.const 3))))
        ;; G(q, j) at 8·(4p·floor(j/4) + 4q + j mod 4)
        (f64.load (i32.add (local.get $G) (i32.shl
          (i32.add (i32.add (i32.mul (i32.and (local.get $j) (i32.const -4)) (local.get $p)) (i32.shl (local.get $q) (i32.const 2))) (i32.and (local.get $j) (i32.const 3)))
          (i32.const 3)))))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $l)))
    (f64.store (local.get $pc) (local.get $s)))

  ;; ============================================ packed product (issue #17)
  ;; C = diag(d)·A·B (d = 0: C = A·B), C m × k row-major, from A m × n in the
  ;; row-4 layout (pack_rows4: (i, q) at 8·(4n·floor(i/4) + 4q + i mod 4), a
  ;; last partial group of rows zero-padded) and B n × k in the slab layout
  ;; (pack_slabs). Twin: src/core/linalg/packedGemm.ts `matmulPacked`, and the
  ;; same bits as `matmul` (each C(i, c) summed in ascending q from +0, then
  ;; × d_i). Both operands of the 4 × 4 tile are read contiguously (32 bytes a
  ;; step), so no inner loop walks a power-of-two stride; for each slab of B
  ;; (8 KB at n = 256, kept in L1) every group of 4 rows of A. slab ≠ 0: C in
  ;; the slab layout instead (m × 4·ceil(k/4), padding columns set to +0).
  (func (export "matmul_packed")
    (param $m i32) (param $n i32) (param $k i32) (param $A i32) (param $B i32) (param $C i32) (param $d i32) (param $slab i32)
    (local $i i32) (local $j i32) (local $sl i32) (local $k8 i32) (local $rows i32) (local $cols i32) (local $pc i32) (local $t i32)
    (local.set $sl (i32.shl (local.get $n) (i32.const 5))) ;; bytes of one slab / one row group
    (local.set $k8 (i32.shl (local.get $k) (i32.const 3)))
    (if (local.get $slab) (then (local.set $k8 (i32.const 32))))
    (block $jd (loop $jl
      (br_if $jd (i32.ge_u (local.get $j) (local.get $k)))
      (local.set $cols (i32.sub (local.get $k) (local.get $j)))
      (if (i32.gt_u (local.get $cols) (i32.const 4)) (then (local.set $cols (i32.const 4))))
      (if (local.get $slab) (then (local.set $cols (i32.const 4))))
      (local.set $i (i32.const 0))
      (block $id (loop $il
        (br_if $id (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $rows (i32.sub (local.get $m) (local.get $i)))
        (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
        (local.set $pc (if (result i32) (local.get $slab)
          (then (i32.add (local.get $C) (i32.add (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (i32.shl (local.get $m) (i32.const 5))) (i32.shl (local.get $i) (i32.const 5)))))
          (else (i32.add (local.get $C) (i32.add (i32.mul (local.get $i) (local.get $k8)) (i32.shl (local.get $j) (i32.const 3)))))))
        (call $mmp_tile4 (local.get $n)
          (i32.add (local.get $A) (i32.mul (i32.shr_u (local.get $i) (i32.const 2)) (local.get $sl)))
          (i32.add (local.get $B) (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $sl)))
          (local.get $pc)
          (local.get $k8)
          (if (result i32) (local.get $d)
            (then (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 3))))
            (else (i32.const 0)))
          (local.get $rows) (local.get $cols))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $il)))
      ;; slab output: the padding columns of a last partial slab to +0
      (if (i32.and (local.get $slab) (i32.lt_u (i32.sub (local.get $k) (local.get $j)) (i32.const 4)))
        (then
          (local.set $pc (i32.add (local.get $C) (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (i32.shl (local.get $m) (i32.const 5)))))
          (local.set $i (i32.const 0))
          (block $zd (loop $zl
            (br_if $zd (i32.ge_u (local.get $i) (local.get $m)))
            (local.set $t (i32.sub (local.get $k) (local.get $j)))
            (block $td (loop $tl
              (br_if $td (i32.ge_u (local.get $t) (i32.const 4)))
              (f64.store (i32.add (local.get $pc) (i32.shl (local.get $t) (i32.const 3))) (f64.const 0))
              (local.set $t (i32.add (local.get $t) (i32.const 1)))
              (br $tl)))
            (local.set $pc (i32.add (local.get $pc) (i32.const 32)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $zl)))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $jl))))

  ;; One 4 × 4 tile of matmul_packed: pa A's row group, pb B's slab, pc &C(i, j),
  ;; dp &d[i] or 0; only the first rows × cols elements are scaled and stored.
  (func $mmp_tile4 (param $n i32) (param $pa i32) (param $pb i32) (param $pc i32) (param $k8 i32) (param $dp i32) (param $rows i32) (param $cols i32)
    (local $pe i32) (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $pe (i32.add (local.get $pa) (i32.shl (local.get $n) (i32.const 5))))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $pa) (local.get $pe)))
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $x (v128.load64_splat (local.get $pa)))
      (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=8 (local.get $pa)))
      (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=16 (local.get $pa)))
      (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=24 (local.get $pa)))
      (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br $l)))
    (if (local.get $dp)
      (then
        (local.set $x (v128.load64_splat (local.get $dp)))
        (local.set $s00 (f64x2.mul (local.get $s00) (local.get $x)))
        (local.set $s01 (f64x2.mul (local.get $s01) (local.get $x)))
        (if (i32.gt_u (local.get $rows) (i32.const 1)) (then
          (local.set $x (v128.load64_splat offset=8 (local.get $dp)))
          (local.set $s10 (f64x2.mul (local.get $s10) (local.get $x)))
          (local.set $s11 (f64x2.mul (local.get $s11) (local.get $x)))))
        (if (i32.gt_u (local.get $rows) (i32.const 2)) (then
          (local.set $x (v128.load64_splat offset=16 (local.get $dp)))
          (local.set $s20 (f64x2.mul (local.get $s20) (local.get $x)))
          (local.set $s21 (f64x2.mul (local.get $s21) (local.get $x)))))
        (if (i32.gt_u (local.get $rows) (i32.const 3)) (then
          (local.set $x (v128.load64_splat offset=24 (local.get $dp)))
          (local.set $s30 (f64x2.mul (local.get $s30) (local.get $x)))
          (local.set $s31 (f64x2.mul (local.get $s31) (local.get $x)))))))
    (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 4)))
      (then
        (v128.store (local.get $pc) (local.get $s00))
        (v128.store offset=16 (local.get $pc) (local.get $s01))
        (local.set $pc (i32.add (local.get $pc) (local.get $k8)))
        (v128.store (local.get $pc) (local.get $s10))
        (v128.store offset=16 (local.get $pc) (local.get $s11))
        (local.set $pc (i32.add (local.get $pc) (local.get $k8)))
        (v128.store (local.get $pc) (local.get $s20))
        (v128.store offset=16 (local.get $pc) (local.get $s21))
        (local.set $pc (i32.add (local.get $pc) (local.get $k8)))
        (v128.store (local.get $pc) (local.get $s30))
        (v128.store offset=16 (local.get $pc) (local.get $s31)))
      (else
        (call $mmp_store_row (local.get $pc) (local.get $s00) (local.get $s01) (local.get $cols))
        (if (i32.gt_u (local.get $rows) (i32.const 1))
          (then (call $mmp_store_row (i32.add (local.get $pc) (local.get $k8)) (local.get $s10) (local.get $s11) (local.get $cols))))
        (if (i32.gt_u (local.get $rows) (i32.const 2))
          (then (call $mmp_store_row (i32.add (local.get $pc) (i32.shl (local.get $k8) (i32.const 1))) (local.get $s20) (local.get $s21) (local.get $cols))))
        (if (i32.gt_u (local.get $rows) (i32.const 3))
          (then (call $mmp_store_row (i32.add (local.get $pc) (i32.mul (local.get $k8) (i32.const 3))) (local.get $s30) (local.get $s31) (local.get $cols)))))))

  ;; The first cols (1 … 4) of a tile's row (lanes of v0, then v1) at pc.
  (func $mmp_store_row (param $pc i32) (param $v0 v128) (param $v1 v128) (param $cols i32)
    (f64.store (local.get $pc) (f64x2.extract_lane 0 (local.get $v0)))
    (if (i32.gt_u (local.get $cols) (i32.const 1)) (then (f64.store offset=8 (local.get $pc) (f64x2.extract_lane 1 (local.get $v0)))))
    (if (i32.gt_u (local.get $cols) (i32.const 2)) (then (f64.store offset=16 (local.get $pc) (f64x2.extract_lane 0 (local.get $v1)))))
    (if (i32.gt_u (local.get $cols) (i32.const 3)) (then (f64.store offset=24 (local.get $pc) (f64x2.extract_lane 1 (local.get $v1))))))
)
