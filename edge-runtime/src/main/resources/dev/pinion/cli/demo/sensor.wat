;; Demo module: fixed-point conversion of a TMP36 temperature sensor read through a 12-bit ADC
;; (3.3 V reference). Integer arithmetic only, as a microcontroller-style module would do it.
;; Build: wat2wasm --debug-names sensor.wat -o sensor.wasm
(module $sensor
  ;; The host provides the ADC: raw 0..4095 for a channel number.
  (import "demo" "read_adc" (func $read_adc (param $channel i32) (result i32)))

  (memory (export "memory") 1)

  ;; millivolts = raw * 3300 / 4095; milli-degrees Celsius = (millivolts - 500) * 100 (10 mV per degree,
  ;; 500 mV at 0 degrees).
  (func $to_millicelsius (export "to_millicelsius") (param $raw i32) (result i32)
    local.get $raw
    i32.const 3300
    i32.mul
    i32.const 4095
    i32.div_u
    i32.const 500
    i32.sub
    i32.const 100
    i32.mul)

  ;; Read a channel through the host import and convert it.
  (func $read_millicelsius (export "read_millicelsius") (param $channel i32) (result i32)
    local.get $channel
    call $read_adc
    call $to_millicelsius)

  ;; Mean of $count raw i32 samples stored at $ptr in linear memory, in milli-degrees Celsius.
  (func $average_millicelsius (export "average_millicelsius") (param $ptr i32) (param $count i32) (result i32)
    (local $sum i64) (local $i i32)
    local.get $count
    i32.eqz
    if
      i32.const 0
      return
    end
    loop $next
      local.get $sum
      local.get $ptr
      local.get $i
      i32.const 4
      i32.mul
      i32.add
      i32.load
      call $to_millicelsius
      i64.extend_i32_s
      i64.add
      local.set $sum
      local.get $i
      i32.const 1
      i32.add
      local.tee $i
      local.get $count
      i32.lt_u
      br_if $next
    end
    local.get $sum
    local.get $count
    i64.extend_i32_u
    i64.div_s
    i32.wrap_i64))
