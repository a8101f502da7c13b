;; Calls between compiled functions in both of tier 2's conventions (Tier2CallsTest): up to 8 parameter slots and
;; at most one result slot travel as JVM arguments and return value, anything else through the value-stack frame.
;; The weights in each callee catch swapped, dropped or truncated arguments.
(module $calls
  (import "env" "host" (func $host (param i32) (result i32)))
  (memory 1)
  (global $count (mut i32) (i32.const 0))
  (table 9 funcref)
  (elem (i32.const 0) $p8 $p9 $multi $p2 $p0 $none $pf32 $pf64 $pneg)
  (type $t8 (func (param i64 i32 f64 f32 i64 i32 i64 i32) (result i64)))
  (type $t9 (func (param i64 i64 i64 i64 i64 i64 i64 i64 i32) (result i64)))
  (type $tm (func (param i32 i64) (result i64 i32)))
  (type $t2 (func (param i32 i64) (result i64)))
  (type $t0 (func (result i32)))
  (type $tn (func (param i32)))
  (type $tf32 (func (param f32 i32) (result f32)))
  (type $tf64 (func (param f64 i32) (result f64)))
  (type $tneg (func (param i32) (result i32)))

  ;; 8 slots: the most passed as JVM arguments
  (func $p8 (type $t8)
    (i64.add
      (i64.add
        (i64.add (local.get 0) (i64.mul (i64.extend_i32_s (local.get 1)) (i64.const 3)))
        (i64.add (i64.mul (i64.trunc_sat_f64_s (local.get 2)) (i64.const 5))
                 (i64.mul (i64.trunc_sat_f32_s (local.get 3)) (i64.const 7))))
      (i64.add
        (i64.add (i64.mul (local.get 4) (i64.const 11)) (i64.mul (i64.extend_i32_u (local.get 5)) (i64.const 13)))
        (i64.add (i64.mul (local.get 6) (i64.const 17)) (i64.mul (i64.extend_i32_s (local.get 7)) (i64.const 19))))))
  ;; 9 slots: one past, through the frame
  (func $p9 (type $t9)
    (i64.add
      (i64.add
        (i64.add (local.get 0) (i64.mul (local.get 1) (i64.const 3)))
        (i64.add (i64.mul (local.get 2) (i64.const 5)) (i64.mul (local.get 3) (i64.const 7))))
      (i64.add
        (i64.add (i64.mul (local.get 4) (i64.const 11)) (i64.mul (local.get 5) (i64.const 13)))
        (i64.add (i64.add (i64.mul (local.get 6) (i64.const 17)) (i64.mul (local.get 7) (i64.const 19)))
                 (i64.mul (i64.extend_i32_s (local.get 8)) (i64.const 23))))))
  ;; two results: through the frame
  (func $multi (type $tm)
    (i64.sub (local.get 1) (i64.extend_i32_s (local.get 0)))
    (i32.xor (local.get 0) (i32.wrap_i64 (local.get 1))))
  (func $p2 (type $t2) (i64.rotl (local.get 1) (i64.extend_i32_u (local.get 0))))
  (func $p0 (type $t0)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.get $count))
  ;; no result: a store
  (func $none (type $tn) (i32.store (i32.const 64) (i32.add (i32.load (i32.const 64)) (local.get 0))))
  ;; 32-bit results travel with the fuel budget in one long (CompiledCode.returns), 64-bit ones alone: every
  ;; bit of each must come back, so negative i32s, f32s with the sign bit set and NaNs with payloads
  (func $pf32 (type $tf32)
    (if (result f32) (i32.and (local.get 1) (i32.const 1))
      (then (f32.reinterpret_i32 (i32.or (i32.const 0xFFA00000) (local.get 1))))
      (else (f32.neg (f32.mul (local.get 0) (f32.convert_i32_s (local.get 1)))))))
  (func $pf64 (type $tf64)
    (if (result f64) (i32.and (local.get 1) (i32.const 1))
      (then (f64.reinterpret_i64 (i64.or (i64.const 0xFFF4000000000000) (i64.extend_i32_u (local.get 1)))))
      (else (f64.neg (f64.mul (local.get 0) (f64.convert_i32_s (local.get 1)))))))
  (func $pneg (type $tneg) (i32.sub (i32.const -1000) (i32.mul (local.get 0) (local.get 0))))
  ;; a v128 parameter (two slots, three in all) and a v128 result (two result slots: through the frame)
  (func $vparam (param v128 i32) (result i32)
    (i32.add (i32x4.extract_lane 2 (local.get 0)) (local.get 1)))
  (func $vresult (param i32) (result v128) (i32x4.splat (local.get 0)))

  ;; every convention, direct and through the table, n times; the sum of all results
  (func (export "mix") (param $n i32) (result i64)
    (local $i i32) (local $s i64) (local $x i64) (local $m i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i64.extend_i32_s (i32.sub (local.get $i) (i32.const 500))))
        (local.set $s (i64.add (local.get $s)
          (call $p8 (local.get $x) (i32.sub (i32.const 7) (local.get $i)) (f64.convert_i32_s (local.get $i))
                    (f32.const -2.5) (i64.mul (local.get $x) (local.get $x)) (i32.const -1) (i64.const 1)
                    (local.get $i))))
        (local.set $s (i64.add (local.get $s)
          (call $p9 (local.get $x) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6)
                    (i64.const 7) (local.get $x) (i32.const -9))))
        (call $multi (local.get $i) (local.get $x))
        (local.set $m)
        (local.set $s (i64.add (i64.add (local.get $s) (i64.extend_i32_s (local.get $m)))))
        (local.set $s (i64.add (local.get $s) (call $p2 (local.get $i) (local.get $x))))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (call $p0))))
        (call $none (local.get $i))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_s
          (call $vparam (i32x4.splat (local.get $i)) (i32.const 3)))))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_s
          (i32x4.extract_lane 1 (call $vresult (local.get $i))))))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_s (call $host (local.get $i)))))
        ;; the same callees through call_indirect
        (local.set $s (i64.add (local.get $s)
          (call_indirect (type $t8) (local.get $x) (i32.const 1) (f64.const 2.75) (f32.const 3.5) (i64.const 4)
                    (i32.const 5) (i64.const 6) (local.get $i) (i32.const 0))))
        (local.set $s (i64.add (local.get $s)
          (call_indirect (type $t9) (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5)
                    (i64.const 6) (i64.const 7) (local.get $x) (local.get $i) (i32.const 1))))
        (call_indirect (type $tm) (local.get $i) (i64.const -3) (i32.const 2))
        (local.set $m)
        (local.set $s (i64.add (i64.add (local.get $s) (i64.extend_i32_s (local.get $m)))))
        (local.set $s (i64.add (local.get $s) (call_indirect (type $t2) (i32.const 5) (local.get $x) (i32.const 3))))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (call_indirect (type $t0) (i32.const 4)))))
        (call_indirect (type $tn) (i32.const 2) (i32.const 5))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (i32.reinterpret_f32
          (call $pf32 (f32.const 1.5) (local.get $i))))))
        (local.set $s (i64.add (local.get $s) (i64.rotl (i64.reinterpret_f64
          (call $pf64 (f64.const -2.25) (local.get $i))) (i64.const 7))))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_s (call $pneg (local.get $i)))))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (i32.reinterpret_f32
          (call_indirect (type $tf32) (f32.const -0.5) (local.get $i) (i32.const 6))))))
        (local.set $s (i64.add (local.get $s) (i64.rotl (i64.reinterpret_f64
          (call_indirect (type $tf64) (f64.const 3.5) (local.get $i) (i32.const 7))) (i64.const 11))))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_s
          (call_indirect (type $tneg) (local.get $i) (i32.const 8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i64.add (local.get $s) (i64.extend_i32_u (i32.load (i32.const 64)))))

  ;; n calls deep through 8-slot frames, then an integer division by zero (a trap in a callee called directly)
  (func $chain8 (export "chain8") (param i32 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (if (result i64) (i32.eqz (local.get 0))
      (then (i64.div_s (local.get 1) (local.get 2)))
      (else (i64.add (local.get 7)
        (call $chain8 (i32.sub (local.get 0) (i32.const 1)) (local.get 1) (local.get 2) (local.get 3)
                      (local.get 4) (local.get 5) (local.get 6) (local.get 7))))))
  ;; unbounded recursion alternating between the conventions: 1 slot, 9 slots, two results
  (func $r1 (export "r1") (param i32) (result i32)
    (i32.wrap_i64 (call $r9 (i64.extend_i32_s (local.get 0)) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0)
                       (i64.const 0) (i64.const 0) (i64.const 0) (i32.add (local.get 0) (i32.const 1)))))
  (func $r9 (type $t9)
    (call $r2 (local.get 8) (local.get 0))
    (drop)
    (i64.add (local.get 1)))
  (func $r2 (type $tm)
    (i64.extend_i32_s (call $r1 (local.get 0)))
    (i32.const 0))
  ;; unbounded recursion through the host import (which calls "viaHost" again) after 5 direct calls each time
  (func (export "viaHost") (param i32) (result i32) (call $down (i32.const 5) (local.get 0)))
  (func $down (param i32 i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.add (i32.const 1) (call $host (i32.add (local.get 1) (i32.const 1)))))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)) (local.get 1))))))
)
