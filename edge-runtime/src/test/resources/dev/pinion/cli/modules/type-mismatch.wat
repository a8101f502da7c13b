;; Invalid: the body leaves an i64 where the function type promises an i32 ("type mismatch").
(module
  (func (result i32)
    i64.const 0))
