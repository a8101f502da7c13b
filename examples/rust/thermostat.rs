//! A heater thermostat in Rust with raw pinion_* bindings written from docs/abi.md: reads a sensor, switches a
//! relay on below the set point, and checks the relay through a sense input wired to it.
//!
//!   pinion run --board sim --grant room_temp:read --grant relay:out --grant relay_sense:in \
//!       examples/rust/thermostat.wasm 21.5 3
//!
//! Arguments: set point in degrees C (default 21.5), number of samples (default 3).

use std::fmt;
use std::thread::sleep;
use std::time::Duration;

mod sys {
    #[link(wasm_import_module = "pinion_gpio")]
    extern "C" {
        #[link_name = "open"]
        pub fn gpio_open(name: *const u8, name_len: usize, mode: u32, handle: *mut i32) -> i32;
        #[link_name = "write"]
        pub fn gpio_write(handle: i32, value: u32) -> i32;
        #[link_name = "read"]
        pub fn gpio_read(handle: i32, value: *mut u32) -> i32;
    }

    #[link(wasm_import_module = "pinion_sensor")]
    extern "C" {
        #[link_name = "open"]
        pub fn sensor_open(name: *const u8, name_len: usize, handle: *mut i32) -> i32;
        #[link_name = "read"]
        pub fn sensor_read(handle: i32, value: *mut f64) -> i32;
    }

    #[link(wasm_import_module = "pinion_log")]
    extern "C" {
        #[link_name = "write"]
        pub fn log_write(level: u32, msg: *const u8, len: usize) -> i32;
    }
}

/// A WASI errno from a pinion_* call.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Errno(i32);

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let name = match self.0 {
            2 => "EACCES (not granted)",
            8 => "EBADF",
            21 => "EFAULT",
            28 => "EINVAL",
            29 => "EIO",
            73 => "ETIMEDOUT",
            _ => "errno",
        };
        write!(f, "{} ({})", name, self.0)
    }
}

fn check(errno: i32) -> Result<(), Errno> {
    if errno == 0 { Ok(()) } else { Err(Errno(errno)) }
}

struct Output(i32);
struct Input(i32);
struct Sensor(i32);

impl Output {
    fn open(name: &str) -> Result<Output, Errno> {
        let mut h = 0;
        check(unsafe { sys::gpio_open(name.as_ptr(), name.len(), 1, &mut h) })?;
        Ok(Output(h))
    }
    fn set(&self, on: bool) -> Result<(), Errno> {
        check(unsafe { sys::gpio_write(self.0, on as u32) })
    }
}

impl Input {
    fn open(name: &str) -> Result<Input, Errno> {
        let mut h = 0;
        check(unsafe { sys::gpio_open(name.as_ptr(), name.len(), 0, &mut h) })?;
        Ok(Input(h))
    }
    fn read(&self) -> Result<bool, Errno> {
        let mut v = 0u32;
        check(unsafe { sys::gpio_read(self.0, &mut v) })?;
        Ok(v != 0)
    }
}

impl Sensor {
    fn open(name: &str) -> Result<Sensor, Errno> {
        let mut h = 0;
        check(unsafe { sys::sensor_open(name.as_ptr(), name.len(), &mut h) })?;
        Ok(Sensor(h))
    }
    fn read(&self) -> Result<f64, Errno> {
        let mut v = 0f64;
        check(unsafe { sys::sensor_read(self.0, &mut v) })?;
        Ok(v)
    }
}

fn log_info(msg: &str) {
    unsafe { sys::log_write(2, msg.as_ptr(), msg.len()) };
}

fn run(set_point: f64, samples: u32) -> Result<(), (&'static str, Errno)> {
    let sensor = Sensor::open("room_temp").map_err(|e| ("open room_temp", e))?;
    let relay = Output::open("relay").map_err(|e| ("open relay", e))?;
    let sense = Input::open("relay_sense").map_err(|e| ("open relay_sense", e))?;
    for i in 1..=samples {
        let t = sensor.read().map_err(|e| ("read room_temp", e))?;
        let heat = t < set_point;
        relay.set(heat).map_err(|e| ("drive relay", e))?;
        let confirmed = sense.read().map_err(|e| ("read relay_sense", e))?;
        let line = format!(
            "sample {}: {:.2} C, set point {:.1} C -> heater {} (sense {})",
            i, t, set_point, if heat { "on" } else { "off" }, if confirmed { "on" } else { "off" }
        );
        println!("{}", line);
        log_info(&line);
        if confirmed != heat {
            eprintln!("relay_sense disagrees with the relay: wiring fault?");
            std::process::exit(3);
        }
        if i < samples {
            sleep(Duration::from_millis(100));
        }
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let set_point = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(21.5);
    let samples = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3);
    if let Err((what, e)) = run(set_point, samples) {
        eprintln!("{}: {}", what, e);
        std::process::exit(1);
    }
}
