;; Demo module: a bug that would hang a gateway. wait_for_button polls a flag that nothing ever sets.
;; The host stops it with a fuel budget or a deadline; the instance stays usable afterwards.
;; Build: wat2wasm --debug-names runaway.wat -o runaway.wasm
(module $runaway
  (global $pressed (mut i32) (i32.const 0))

  (func $wait_for_button (export "wait_for_button") (result i32)
    (local $polls i32)
    loop $poll
      local.get $polls
      i32.const 1
      i32.add
      local.set $polls
      global.get $pressed
      i32.eqz
      br_if $poll
    end
    local.get $polls)

  ;; A well-behaved call, to show the instance still works after a trap.
  (func $press (export "press") (result i32)
    i32.const 1
    global.set $pressed
    call $wait_for_button))
