;; A one-call loop (on-stack replacement in the tiered mode) calling a function in call's convention that calls
;; another, which calls a host import (a slow path that publishes the callee's call depth to the context).
;; TieringTest.osrLoopCallingThroughCompiledCodeToTheHost_returnsToItsCaller; main_trap, the same loop ending in a
;; trap, for ...AndATrapAfterItHasTheInterpretersBacktrace.
(module
  (import "test" "tick" (func $tick (param i32)))
  (func $c (param $x i32) (result i32)
    (call $tick (local.get $x))
    (i32.add (local.get $x) (i32.const 1)))
  (func $b (param $x i32) (result i32)
    (call $c (local.get $x)))
  (func $inner (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (call $b (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))
  (func (export "main") (param $n i32) (result i32)
    (i32.add (call $inner (local.get $n)) (i32.const 7)))
  (func $inner_trap (param $n i32) (result i32)
    (drop (call $inner (local.get $n)))
    (local.set $n (i32.const 0))
    (loop $l
      (drop (call $b (local.get $n)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $n) (i32.const 20000))))
    unreachable)
  (func (export "main_trap") (param $n i32) (result i32)
    (i32.add (call $inner_trap (local.get $n)) (i32.const 7)))
)
