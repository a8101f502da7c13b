;; A trap three calls deep; the name section names the functions.
(module $named
  (func $inner (export "inner") (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
  (func $middle (result i32) (call $inner))
  (func $outer (export "outer") (result i32) (call $middle))
)
