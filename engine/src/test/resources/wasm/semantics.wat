;; Small functions exercising the interpreter: arithmetic, control flow, multi-value, br_table,
;; call_indirect, memory, bulk memory and table instructions.
(module $semantics
  (type $bin (func (param i32 i32) (result i32)))
  (memory (export "memory") 1 4)
  (table $t 4 8 funcref)
  (elem (table $t) (i32.const 0) func $add $sub $mul)
  (elem $passive func $sub $add)
  (data $hello "hello")

  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $bin) (i32.mul (local.get 0) (local.get 1)))

  ;; sum 1..n with a loop and a fused compare-and-branch
  (func (export "sum") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    (block $done
      (loop $next
        (br_if $done (i32.gt_s (local.get $i) (local.get $n)))
        (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_s (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  (func $fac (export "fac") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))

  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "trunc_sat") (param f64) (result i32) (i32.trunc_sat_f64_u (local.get 0)))
  (func (export "fmin") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))

  ;; multi-value: a block with two results, and a function returning two values
  (func $swap (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
  (func (export "divmod") (param i32 i32) (result i32 i32)
    (local.get 0) (local.get 1)
    (block (param i32 i32) (result i32 i32)
      (local.set 1) (local.set 0)
      (i32.div_u (local.get 0) (local.get 1))
      (i32.rem_u (local.get 0) (local.get 1))))
  (func (export "swap_sub") (param i32 i32) (result i32)
    (call $swap (local.get 0) (local.get 1))
    (i32.sub))

  ;; br_table with a default, the branch carrying a value
  (func (export "classify") (param i32) (result i32)
    (block $d (result i32)
      (block $two (result i32)
        (block $one (result i32)
          (block $zero (result i32)
            (i32.const 100)
            (br_table $zero $one $two $d (local.get 0)))
          (i32.add (i32.const 1)))
        (i32.add (i32.const 10)))
      (i32.add (i32.const 100))))

  (func (export "apply") (param i32 i32 i32) (result i32)
    (call_indirect $t (type $bin) (local.get 1) (local.get 2) (local.get 0)))

  ;; memory
  (func (export "store_load") (param i32 i64) (result i64)
    (i64.store offset=8 (local.get 0) (local.get 1))
    (i64.add (i64.load offset=8 (local.get 0)) (i64.load8_u offset=8 (local.get 0))))
  (func (export "load8_s") (param i32) (result i32) (i32.load8_s (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))

  ;; bulk memory: copy "hello" in, fill and copy within memory
  (func (export "bulk") (result i32)
    (memory.init $hello (i32.const 100) (i32.const 0) (i32.const 5))
    (memory.copy (i32.const 200) (i32.const 100) (i32.const 5))
    (memory.fill (i32.const 201) (i32.const 0x41) (i32.const 2))
    (data.drop $hello)
    (i32.load (i32.const 200)))
  (func (export "init_after_drop")
    (memory.init $hello (i32.const 0) (i32.const 0) (i32.const 1)))

  ;; tables: init from a passive segment, grow, size, get/set, fill
  (func (export "table_ops") (result i32)
    (table.init $t $passive (i32.const 2) (i32.const 0) (i32.const 2))
    (drop (table.grow $t (ref.null func) (i32.const 2)))
    (table.set $t (i32.const 5) (table.get $t (i32.const 0)))
    (table.fill $t (i32.const 4) (ref.func $mul) (i32.const 1))
    (i32.add
      (i32.mul (table.size $t) (i32.const 1000))
      (i32.add
        (call_indirect $t (type $bin) (i32.const 7) (i32.const 2) (i32.const 2))    ;; $sub -> 5
        (i32.add
          (call_indirect $t (type $bin) (i32.const 7) (i32.const 2) (i32.const 5))  ;; $add -> 9
          (call_indirect $t (type $bin) (i32.const 7) (i32.const 2) (i32.const 4)))))) ;; $mul -> 14
  (func (export "ref_is_null") (param i32) (result i32)
    (ref.is_null (table.get $t (local.get 0))))

  (func (export "select") (param i32) (result i64)
    (select (i64.const 10) (i64.const 20) (local.get 0)))
  (func (export "unreachable") (unreachable))
)
