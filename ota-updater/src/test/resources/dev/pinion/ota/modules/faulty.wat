;; Links like counter.wat but traps on every message: the "faulty v3" the health gate must roll back.
(module
  (import "pinion_test" "record" (func $record (param i32)))
  (func (export "on_message") (param $n i32)
    unreachable))
