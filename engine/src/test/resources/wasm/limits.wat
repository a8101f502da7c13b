;; Functions that never end, grow without bound or recurse without bound.
(module $limits
  (memory 1)
  (func (export "spin") (loop $l (br $l)))
  (func $down (export "recurse") (param i32) (result i32)
    (i32.add (i32.const 1) (call $down (local.get 0))))
  ;; grows one page at a time until memory.grow fails, then returns the page count reached
  (func (export "grow_until_fail") (result i32)
    (block $stop
      (loop $more
        (br_if $stop (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
    (memory.size))
  (func (export "count") (param i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (local.get $i))
)
