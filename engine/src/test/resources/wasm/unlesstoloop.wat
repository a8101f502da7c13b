;; An `if` without `else` right before a loop: the lowerer's BR_UNLESS (skip the then-branch) targets the loop's
;; header. LoopHeadersTest: once marked for tiering and unmarked again (a function the compiler rejects), that
;; forward branch must stay a plain target, since the interpreter's BR_UNLESS does not decode back-edges.
(module
  (func (export "count") (param $n i32) (param $flag i32) (result i32)
    (local $i i32)
    (if (local.get $flag) (then (local.set $i (i32.const 100))))
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_s (local.get $i) (local.get $n))))
    (local.get $i))
  (func (export "twice") (param $x i32) (result i32)
    (i32.add (local.get $x) (local.get $x))))
