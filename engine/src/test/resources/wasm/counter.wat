;; State that must not leak between instances.
(module
  (global $n (mut i32) (i32.const 0))
  (memory (export "memory") 1)
  (func (export "bump") (result i32)
    (global.set $n (i32.add (global.get $n) (i32.const 1)))
    (i32.store (i32.const 0) (global.get $n))
    (global.get $n))
)
