;; Imports a host function and exports functions that call it and that the host calls back.
(module $host
  (import "env" "add_and_call_back" (func $host (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "via_host") (param i32 i32) (result i32)
    (i32.mul (call $host (local.get 0) (local.get 1)) (i32.const 2)))
  (func (export "double") (param i32) (result i32)
    (i32.shl (local.get 0) (i32.const 1)))
)
