;; Device calls from Wasm for DeviceCallBenchmark: loops that call pinion_gpio.write, pinion_sensor.read and,
;; for the floor, an empty host function of the same shape (two i32 in, one i32 out). Each loop returns the sum
;; of the errnos it got, which the benchmark checks is 0.
(module
  (import "pinion_gpio" "open" (func $gpio_open (param i32 i32 i32 i32) (result i32)))
  (import "pinion_gpio" "write" (func $gpio_write (param i32 i32) (result i32)))
  (import "pinion_sensor" "open" (func $sensor_open (param i32 i32 i32) (result i32)))
  (import "pinion_sensor" "read" (func $sensor_read (param i32 i32) (result i32)))
  (import "env" "empty" (func $empty (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "led")
  (data (i32.const 32) "room_temp")

  (func (export "open_led") (result i32)
    (if (call $gpio_open (i32.const 16) (i32.const 3) (i32.const 1) (i32.const 64))
      (then (return (i32.const -1))))
    (i32.load (i32.const 64)))

  (func (export "open_sensor") (result i32)
    (if (call $sensor_open (i32.const 32) (i32.const 9) (i32.const 64))
      (then (return (i32.const -1))))
    (i32.load (i32.const 64)))

  ;; n writes, alternating on and off
  (func (export "gpio_loop") (param $h i32) (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc)
          (call $gpio_write (local.get $h) (i32.and (local.get $n) (i32.const 1)))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; n readings into the f64 at 128
  (func (export "sensor_loop") (param $h i32) (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $sensor_read (local.get $h) (i32.const 128))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; n empty host calls with the same arguments
  (func (export "empty_loop") (param $h i32) (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $empty (local.get $h) (i32.const 128))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc)))
