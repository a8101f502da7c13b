;; Limits through compiled loops (CompiledLoopLimitsTest): nested loops over i32 (a JVM int
;; local in tier 2), f64 (a double) and i64 locals, a memory counter bumped every inner iteration, a trap
;; two calls deep after the loops, and a loop that never ends.
(module
  (memory (export "memory") 1)

  ;; sum over i < n, j < 100 of i*j (i64), x += 0.5 per inner iteration, memory[0] counts the iterations
  (func $mix (export "mix") (param $n i32) (param $k i64) (result i64)
    (local $i i32) (local $j i32) (local $x f64) (local $acc i64)
    (local.set $acc (local.get $k))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $outer
        (local.set $j (i32.const 0))
        (loop $inner
          (local.set $acc (i64.add (local.get $acc)
            (i64.extend_i32_u (i32.mul (local.get $i) (local.get $j)))))
          (local.set $x (f64.add (local.get $x) (f64.const 0.5)))
          (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $inner (i32.lt_u (local.get $j) (i32.const 100))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $outer (i32.lt_u (local.get $i) (local.get $n)))))
    (i64.add (local.get $acc) (i64.trunc_f64_s (local.get $x))))

  ;; mix(n, 0), for a one-argument export
  (func (export "mix_n") (param $n i32) (result i64)
    (call $mix (local.get $n) (i64.const 0)))

  ;; mix, then a trap: the backtrace is trap_after, its caller spin_trap
  (func $trap_after (param $n i32) (result i32)
    (drop (call $mix (local.get $n) (i64.const 0)))
    unreachable)
  (func (export "spin_trap") (param $n i32) (result i32)
    (i32.add (call $trap_after (local.get $n)) (i32.const 1)))

  ;; counts forever (a deadline or interrupt ends it), memory[4] the count
  (func $forever (param $step i32)
    (loop $l
      (i32.store (i32.const 4) (i32.add (i32.load (i32.const 4)) (local.get $step)))
      (br $l)))
  (func (export "forever") (param $step i32) (result i32)
    (call $forever (local.get $step))
    (i32.const 0))
)
