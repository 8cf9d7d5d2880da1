;; The inner loop of NumberArrayReader (number-array-reader.ts) for WebAssembly: it reads a comma-separated run of
;; non-negative integers from memory at [$at, $end) and writes each as an f64 from $out on. It stops at the end of
;; its input, at a "]" ($stop 1), or at any byte it does not expect ($stop 2: the JavaScript loop then reads that
;; byte again and gives the exact error), so it never has to know a section's name or an error's wording.
;; The state of a number split across inputs comes in as parameters and goes out in globals.
;; Built into number-scan-module.ts by `npm run build:wasm`; number-scan.test.ts checks the two agree.
(module
  (memory (export "memory") 96)
  (global $value (export "value") (mut f64) (f64.const 0))
  (global $digits (export "digits") (mut i32) (i32.const 0))
  (global $needComma (export "needComma") (mut i32) (i32.const 0))
  (global $stop (export "stop") (mut i32) (i32.const 0))
  (global $at (export "at") (mut i32) (i32.const 0))
  (func (export "scan")
    (param $at i32) (param $end i32) (param $out i32)
    (param $value f64) (param $digits i32) (param $needComma i32)
    (result i32)
    (local $byte i32) (local $digit i32)
    (global.set $stop (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $byte (i32.load8_u (local.get $at)))
        (local.set $digit (i32.sub (local.get $byte) (i32.const 48)))
        (if (i32.lt_u (local.get $digit) (i32.const 10))
          (then
            ;; A digit right after a number and a space ("1 2"): no comma between them.
            (if (i32.and (i32.eqz (local.get $digits)) (local.get $needComma))
              (then (global.set $stop (i32.const 2)) (br $done)))
            ;; f64 as in JavaScript: exact up to 15 digits, the most a number may have.
            (local.set $value
              (f64.add (f64.mul (local.get $value) (f64.const 10)) (f64.convert_i32_u (local.get $digit))))
            (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
            (local.set $at (i32.add (local.get $at) (i32.const 1)))
            (br $next)))
        (if (local.get $digits)
          (then
            (if (i32.gt_u (local.get $digits) (i32.const 15))
              (then (global.set $stop (i32.const 2)) (br $done)))
            (f64.store (local.get $out) (local.get $value))
            (local.set $out (i32.add (local.get $out) (i32.const 8)))
            (local.set $value (f64.const 0))
            (local.set $digits (i32.const 0))
            (local.set $needComma (i32.const 1))))
        (if (i32.eq (local.get $byte) (i32.const 44))
          (then
            (if (i32.eqz (local.get $needComma)) (then (global.set $stop (i32.const 2)) (br $done)))
            (local.set $needComma (i32.const 0)))
          (else
            (if (i32.eq (local.get $byte) (i32.const 93)) (then (global.set $stop (i32.const 1)) (br $done)))
            ;; Space, newline, carriage return and tab are allowed between values, as JSON has it.
            (if (i32.eqz
                  (i32.or
                    (i32.or (i32.eq (local.get $byte) (i32.const 32)) (i32.eq (local.get $byte) (i32.const 10)))
                    (i32.or (i32.eq (local.get $byte) (i32.const 13)) (i32.eq (local.get $byte) (i32.const 9)))))
              (then (global.set $stop (i32.const 2)) (br $done)))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $next)))
    (global.set $value (local.get $value))
    (global.set $digits (local.get $digits))
    (global.set $needComma (local.get $needComma))
    (global.set $at (local.get $at))
    (local.get $out)))
