;; Guests that never stop on their own, for --timeout and for the backtrace of a call-stack exhaustion. No name
;; section (wat2wasm leaves it out without --debug-names): frames print as wasmtime's <wasm function N>.
(module
  (func (export "spin") (loop $l (br $l)))
  (func $down (export "recurse") (call $down))
  (func $ping (export "ping_pong") (call $pong))
  (func $pong (call $ping)))
