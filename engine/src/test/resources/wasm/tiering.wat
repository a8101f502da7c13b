;; Tier changes in the middle of running code (TieringTest): a one-call main with hot loops, deep recursion that
;; asks the host to compile it halfway down, and a loop that waits at one iteration for its compiled entry.
(module $tiering
  (import "test" "tick" (func $tick (param i32)))
  (memory 1)
  (func $mix (param i32) (result i32)
    (i32.xor (i32.mul (local.get 0) (i32.const 0x9E3779B1)) (i32.shr_u (local.get 0) (i32.const 7))))
  ;; one call, nested loops: writes a checksum per outer iteration to memory[i*4], returns the total
  (func (export "main") (param $n i32) (result i64)
    (local $i i32) (local $j i32) (local $acc i32) (local $sum i64)
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (loop $inner
          (local.set $acc (i32.add (local.get $acc) (call $mix (i32.add (local.get $i) (local.get $j)))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $inner (i32.lt_u (local.get $j) (i32.const 100))))
        (i32.store (i32.shl (i32.and (local.get $i) (i32.const 1023)) (i32.const 2)) (local.get $acc))
        (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $acc))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.get $sum))
  ;; one flat loop that calls the host at every iteration (the test holds iteration `at` until OSR code exists)
  (func (export "ticking") (param $n i32) (param $at i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (if (i32.eq (local.get $i) (local.get $at)) (then (call $tick (local.get $i))))
      (local.set $acc (i32.add (call $mix (local.get $acc)) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))
  ;; sum of mix(k) for k = n..1, recursively; calls the host once at depth `at`
  (func $rec (export "rec") (param $n i32) (param $at i32) (result i32)
    (if (i32.eq (local.get $n) (local.get $at)) (then (call $tick (local.get $n))))
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (call $mix (local.get $n)) (call $rec (i32.sub (local.get $n) (i32.const 1)) (local.get $at))))))
  ;; loops n times (fuel charged at every iteration), then traps: called by the host from inside "outer"
  (func (export "spin_trap") (param $n i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (unreachable))
  ;; loops n times, then traps in an indirect call's checks (slot 1 of a table of one): called like spin_trap
  (table 1 funcref)
  (elem (i32.const 0) $mix)
  (func (export "spin_indirect_trap") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (call_indirect (param i32) (result i32) (local.get $i) (i32.const 1)))
  ;; asks the host to run spin_trap (the host catches its trap), then loops n times itself
  (func (export "outer") (param $n i32) (result i32)
    (local $i i32)
    (call $tick (i32.const 0))
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  ;; traps at depth `at` with an out-of-bounds load
  (func $deep_trap (export "deep_trap") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.load (i32.const 65536)))
      (else (i32.add (i32.const 1) (call $deep_trap (i32.sub (local.get $n) (i32.const 1)))))))
;; returns its argument plus one; "warm_then_loop" calls it once
  (func $setup (export "setup") (param $x i32) (result i32)
    (i32.add (local.get $x) (i32.const 1)))
  ;; the sum 1..k by a loop; "warm_then_loop" calls it once, with k = 3
  (func $triangle (export "triangle") (param $k i32) (result i32)
    (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (local.get $k)))
      (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (local.get $s))
  ;; calls setup and triangle once, then loops n times: the loop gets hot, setup and triangle do not
  (func (export "warm_then_loop") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (local.set $acc (i32.add (call $setup (local.get $n)) (call $triangle (i32.const 3))))
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))
)
