;; The demo's faulty "alert" v3: it links and starts like the real one but traps on every reading, so the
;; gateway's health gate rolls it back to v2. Rebuild: wat2wasm alert_faulty.wat -o alert_faulty.wasm
(module
  (memory (export "memory") 1)
  (global $bump (mut i32) (i32.const 1024))
  (func (export "pinion_alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $bump))
    (global.set $bump (i32.add (global.get $bump) (local.get $n)))
    (local.get $p))
  (func (export "pinion_free") (param i32)
    (global.set $bump (i32.const 1024)))
  (func (export "on_reading") (param i32 i32 i32 i32) (result i32)
    unreachable))
