;; Valid, but imports a function no gateway offers.
(module
  (import "pinion_test" "self_destruct" (func $boom (param i32)))
  (func (export "on_message") (param $n i32)
    (call $boom (local.get $n))))
