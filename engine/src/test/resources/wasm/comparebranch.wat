;; Compares whose result a br_if, if or br_if-not consumes: tier 2 fuses them into one JVM compare-and-jump
;; (CompareBranchTest). Each function returns what the branch decided and, where the compare's result is kept
;; in a local (local.tee), that local, so both the jump and the value it leaves are checked.
(module
  ;; f64.lt on the branch: 1 if a < b (false for NaN), else 0
  (func (export "f64_lt_br") (param $a f64) (param $b f64) (result i32)
    (block $yes
      (br_if $yes (f64.lt (local.get $a) (local.get $b)))
      (return (i32.const 0)))
    (i32.const 1))
  ;; f64.ge under i32.eqz: the branch is taken when a >= b is false (also for NaN)
  (func (export "f64_not_ge_br") (param $a f64) (param $b f64) (result i32)
    (block $yes
      (br_if $yes (i32.eqz (f64.ge (local.get $a) (local.get $b))))
      (return (i32.const 0)))
    (i32.const 1))
  ;; f64.ne kept in a local and branched on: returns branch * 10 + the local
  (func (export "f64_ne_tee") (param $a f64) (param $b f64) (result i32)
    (local $c i32)
    (block $yes
      (br_if $yes (local.tee $c (f64.ne (local.get $a) (local.get $b))))
      (return (local.get $c)))
    (i32.add (i32.const 10) (local.get $c)))
  ;; i64.lt_u in an if: 1 if a < b unsigned
  (func (export "i64_lt_u_if") (param $a i64) (param $b i64) (result i32)
    (if (result i32) (i64.lt_u (local.get $a) (local.get $b))
      (then (i32.const 1))
      (else (i32.const 0))))
  ;; i64.gt_s kept in a local in a loop's exit test: counts a down to b, returns steps * 10 + the last compare
  (func (export "i64_gt_s_loop") (param $a i64) (param $b i64) (result i32)
    (local $c i32) (local $n i32)
    (loop $again
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $a (i64.sub (local.get $a) (i64.const 1)))
      (br_if $again (local.tee $c (i64.gt_s (local.get $a) (local.get $b)))))
    (i32.add (i32.mul (local.get $n) (i32.const 10)) (local.get $c)))
  ;; f64.le on a loop's back edge (the branch charges the loop's fuel): iterations until x doubled passes lim
  (func (export "f64_le_loop") (param $x f64) (param $lim f64) (result i32)
    (local $n i32)
    (loop $again
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $x (f64.add (local.get $x) (local.get $x)))
      (br_if $again (f64.le (local.get $x) (local.get $lim))))
    (local.get $n))
  ;; i64.eq as br_if's condition with a value on the branch: a == b ? 7 : 3
  (func (export "i64_eq_value") (param $a i64) (param $b i64) (result i32)
    (block $out (result i32)
      (drop (br_if $out (i32.const 7) (i64.eq (local.get $a) (local.get $b))))
      (i32.const 3))))
