;; Wasm calls the host, which calls back into Wasm: unbounded recursion through the JVM stack.
(module
  (import "env" "again" (func $again))
  (func (export "f") (call $again))
)
