;; Host-call overhead: "loop" calls the imported env.tick n times; "loop_empty" does the same loop without
;; the call, so (loop - loop_empty) / n is the cost of one Wasm-to-host call and return.
(module
  (import "env" "tick" (func $tick (param i32) (result i32)))
  (func (export "loop") (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $tick (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc))
  (func (export "loop_empty") (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (i32.xor (local.get $n) (i32.const 1))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc)))
