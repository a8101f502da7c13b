;; Exports a memory, table, global and function for another instance to import.
(module
  (memory (export "mem") 1)
  (table (export "tab") 2 funcref)
  (global (export "g") (mut i32) (i32.const 7))
  (func $seven (result i32) (i32.const 7))
  (elem (i32.const 0) $seven)
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "get_g") (result i32) (global.get 0))
)
