;; Records every number it is given: the OTA tests' stand-in for a real module.
(module
  (import "pinion_test" "record" (func $record (param i32)))
  (func (export "on_message") (param $n i32)
    (call $record (local.get $n))))
