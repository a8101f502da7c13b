;; OTA test module for the supervisor: the faulty version: traps on every message (trigger ABI handler).
;; Rebuild: ./build.sh (wat2wasm)
(module
  (import "test" "record" (func $record (param i32 i32)))
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
    unreachable
    (i32.const 0)))
