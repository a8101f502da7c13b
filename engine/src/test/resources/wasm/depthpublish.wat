;; A function in run's convention (two results) that makes a direct call to a compiled function whose host call
;; took the slow path (which publishes the callee's call depth to the context), and then calls a host function
;; of a type that is not passed in JVM arguments (two results), which re-enters the module: the re-entered
;; recursion must count its depth from f's, in every tier. CompiledDepthTest.
(module
  (import "test" "tick" (func $tick (param i32)))
  (import "test" "probe" (func $probe (result i32 i32)))
  (global $n (export "n") (mut i32) (i32.const 0))
  (func $g (export "g") (param $x i32) (result i32)
    (call $tick (local.get $x))
    (i32.add (local.get $x) (i32.const 1)))
  ;; x = 0: warm-up (no probe); otherwise: g(x) and probe's first result (the activations the re-entered
  ;; recursion made before the call-depth trap)
  (func (export "f") (param $x i32) (result i32 i32)
    (local $r i32)
    (local.set $r (call $g (local.get $x)))
    (local.get $r)
    (if (result i32 i32) (local.get $x)
      (then (call $probe))
      (else (i32.const 0) (i32.const 0)))
    (drop))
  ;; counts its activations in $n and recurses until the call-depth trap
  (func $rec (export "rec")
    (global.set $n (i32.add (global.get $n) (i32.const 1)))
    (call $rec))
)
