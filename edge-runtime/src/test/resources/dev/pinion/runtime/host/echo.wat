;; Answers every MQTT request with its own payload through pinion_mqtt.reply; returns reply's errno.
;; Rebuild: wat2wasm echo.wat -o echo.wasm
(module
  (import "pinion_mqtt" "reply" (func $reply (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $bump (mut i32) (i32.const 1024))
  (func (export "pinion_alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $bump))
    (global.set $bump (i32.add (global.get $bump) (local.get $n)))
    (local.get $p))
  (func (export "pinion_free") (param i32)
    (global.set $bump (i32.const 1024)))
  (func (export "on_message") (param $t i32) (param $tl i32) (param $p i32) (param $pl i32) (result i32)
    (call $reply (local.get $p) (local.get $pl))))
