;; References crossing the host boundary and living in tables and globals.
(module
  (import "env" "wrap" (func $wrap (param externref) (result externref)))
  (table $t 2 externref)
  (global $g (mut externref) (ref.null extern))
  (func (export "round_trip") (param externref) (result externref)
    (call $wrap (local.get 0)))
  (func (export "stash") (param externref)
    (table.set $t (i32.const 1) (local.get 0))
    (global.set $g (local.get 0)))
  (func (export "from_table") (result externref) (table.get $t (i32.const 1)))
  (func (export "from_global") (result externref) (global.get $g))
  (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0)))
)
