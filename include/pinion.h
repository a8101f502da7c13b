/*
 * pinion.h: the Pinion IoT host API for WebAssembly modules (wasm32-wasi, C and C++).
 *
 * A module reaches the gateway's devices only through these imports, and only the devices the operator granted
 * it, by logical name ("led", "button", "room_temp", "eeprom"), never by pin or bus number, so the same module
 * runs on any board. The full ABI (for bindings in other languages) is in docs/abi.md.
 *
 * Conventions, as in WASI preview1:
 *   - Every function returns an errno: 0 on success, else a WASI errno value. wasi-libc's <errno.h> uses the
 *     same numbers, so compare with EACCES, EBADF, ... directly.
 *   - Results are written through pointers; nothing is written when a call fails (unless said otherwise).
 *   - Handles are opaque int32 values, valid only in the instance that opened them.
 *
 * Errors every call can return:
 *   EACCES     the name is not granted to this module in this mode (also: the name does not exist, or is a
 *              device of another kind; a module cannot tell these apart)
 *   EBADF      the handle is not open in this instance, or is of another kind (e.g. a GPIO handle to i2c)
 *   EFAULT     a pointer/length pair does not lie inside linear memory
 *   EINVAL     a bad argument (an unknown mode or level, a buffer over the call's size limit)
 *   EIO        the device failed: I2C NACK, device unplugged or gone; the gateway logs the reason
 *   EMFILE     the instance already holds 64 open handles
 *
 * Build:  clang --target=wasm32-wasi -O2 -I include app.c -o app.wasm
 * Try:    pinion run --board sim --grant led:out --grant button:in app.wasm
 */
#ifndef PINION_H
#define PINION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef PINION_IMPORT
#define PINION_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#endif

/** An open device; valid only in the instance that opened it. */
typedef int32_t pinion_handle_t;

/** Wait forever (for pinion_gpio_wait_edge and pinion_serial_read timeouts). */
#define PINION_FOREVER UINT64_MAX

/* ---- pinion_gpio: digital lines ----------------------------------------------------------------------- */

/** pinion_gpio_open modes. The grant must say the same: NAME:in or NAME:out. */
#define PINION_GPIO_IN 0
#define PINION_GPIO_OUT 1

/** pinion_edge_t.kind values. Edges are logical: with an active-low line, a press is RISING. */
#define PINION_EDGE_RISING 1
#define PINION_EDGE_FALLING 2

/** One edge event (16 bytes, 8-byte aligned). */
typedef struct pinion_edge {
    uint64_t timestamp_ns; /* monotonic clock (kernel CLOCK_MONOTONIC style): only differences mean something */
    uint32_t sequence;     /* 1, 2, 3, ... per line since the board opened it; a gap means edges were dropped */
    uint32_t kind;         /* PINION_EDGE_RISING or PINION_EDGE_FALLING */
} pinion_edge_t;

/**
 * Opens the GPIO line `name` (UTF-8, not NUL-terminated, `name_len` bytes) as an input or output.
 * An input handle queues the line's edges from now on (64 at most; the oldest are dropped first).
 * Errors: EACCES (not granted in this mode), EINVAL (mode is neither IN nor OUT), EFAULT, EMFILE.
 */
PINION_IMPORT("pinion_gpio", "open")
int32_t pinion_gpio_open(const char *name, size_t name_len, uint32_t mode, pinion_handle_t *handle);

/** Closes a GPIO handle; its queued edges are discarded. Errors: EBADF. */
PINION_IMPORT("pinion_gpio", "close")
int32_t pinion_gpio_close(pinion_handle_t handle);

/**
 * Drives an output: `value` non-zero = active. Never blocks.
 * Errors: EBADF (not an output handle: an input cannot be driven), EIO.
 */
PINION_IMPORT("pinion_gpio", "write")
int32_t pinion_gpio_write(pinion_handle_t handle, uint32_t value);

/**
 * Reads a line's logical level into *value (0 or 1); on an output handle, the level it drives. Never blocks.
 * Errors: EBADF, EFAULT, EIO.
 */
PINION_IMPORT("pinion_gpio", "read")
int32_t pinion_gpio_read(pinion_handle_t handle, uint32_t *value);

/**
 * Takes the next edge of an input handle, waiting up to `timeout_ns` nanoseconds for one (0: do not wait;
 * PINION_FOREVER: no limit). Blocks the module (it runs one call at a time); the gateway's deadline for the
 * call still applies and ends the wait with EINTR.
 * Errors: ETIMEDOUT (no edge in time), EINTR (the call's deadline or a shutdown), EBADF (not an input
 * handle), EFAULT.
 */
PINION_IMPORT("pinion_gpio", "wait_edge")
int32_t pinion_gpio_wait_edge(pinion_handle_t handle, uint64_t timeout_ns, pinion_edge_t *event);

/* ---- pinion_sensor: numeric sensors --------------------------------------------------------------------- */

/** Opens the sensor `name`; the grant is NAME:read. Errors: EACCES, EFAULT, EMFILE. */
PINION_IMPORT("pinion_sensor", "open")
int32_t pinion_sensor_open(const char *name, size_t name_len, pinion_handle_t *handle);

/** Closes a sensor handle. Errors: EBADF. */
PINION_IMPORT("pinion_sensor", "close")
int32_t pinion_sensor_close(pinion_handle_t handle);

/**
 * Takes one fresh reading into *value, in the sensor's unit (see pinion_sensor_unit). May block for the
 * sensor's conversion time (a 1-Wire DS18B20 takes up to 750 ms); simulated and IIO/hwmon sensors do not.
 * Errors: EBADF, EFAULT, EIO (read failed, bad 1-Wire CRC, sensor gone).
 */
PINION_IMPORT("pinion_sensor", "read")
int32_t pinion_sensor_read(pinion_handle_t handle, double *value);

/**
 * Writes the unit's length to *len and the unit ("celsius", "volt", "percent", ...; UTF-8, no NUL) to buf.
 * Errors: ERANGE (buf_len is too small: nothing is written to buf, *len says the size needed), EBADF, EFAULT.
 */
PINION_IMPORT("pinion_sensor", "unit")
int32_t pinion_sensor_unit(pinion_handle_t handle, char *buf, size_t buf_len, size_t *len);

/* ---- pinion_i2c: one device on an I2C bus --------------------------------------------------------------- */

/**
 * Opens the I2C device `name` (the board fixes its bus and address). Any grant opens it; the grant's mode
 * decides what the handle may do: NAME:read allows pinion_i2c_read, NAME:write allows pinion_i2c_write,
 * NAME:rw allows both and pinion_i2c_write_read. Errors: EACCES, EFAULT, EMFILE.
 */
PINION_IMPORT("pinion_i2c", "open")
int32_t pinion_i2c_open(const char *name, size_t name_len, pinion_handle_t *handle);

/** Closes an I2C handle. Errors: EBADF. */
PINION_IMPORT("pinion_i2c", "close")
int32_t pinion_i2c_close(pinion_handle_t handle);

/**
 * One write message of `len` bytes (at most 8192). Blocks for the bus transfer.
 * Errors: EACCES (no write grant), EINVAL (len > 8192), EIO (NACK: nothing answers at the address), EBADF, EFAULT.
 */
PINION_IMPORT("pinion_i2c", "write")
int32_t pinion_i2c_write(pinion_handle_t handle, const void *buf, size_t len);

/** One read message filling `len` bytes (at most 8192). Errors: as pinion_i2c_write, with the read grant. */
PINION_IMPORT("pinion_i2c", "read")
int32_t pinion_i2c_read(pinion_handle_t handle, void *buf, size_t len);

/**
 * A combined transaction: write `wlen` bytes, repeated start, read `rlen` bytes, with no stop between them
 * (how a register is read: write its address, read its value). Needs the rw grant.
 * Errors: EACCES, EINVAL (a length > 8192), EIO, EBADF, EFAULT.
 */
PINION_IMPORT("pinion_i2c", "write_read")
int32_t pinion_i2c_write_read(pinion_handle_t handle, const void *wbuf, size_t wlen, void *rbuf, size_t rlen);

/* ---- pinion_spi: one SPI device (bus + chip select) ----------------------------------------------------- */

/** Opens the SPI device `name`; the grant is NAME:rw (SPI is full duplex). Errors: EACCES, EFAULT, EMFILE. */
PINION_IMPORT("pinion_spi", "open")
int32_t pinion_spi_open(const char *name, size_t name_len, pinion_handle_t *handle);

/** Closes an SPI handle. Errors: EBADF. */
PINION_IMPORT("pinion_spi", "close")
int32_t pinion_spi_close(pinion_handle_t handle);

/**
 * One full-duplex transfer of `len` bytes (at most 4096) with chip select held throughout: tx is clocked out
 * while rx fills. tx and rx may be the same buffer. Mode, word size and clock come from the board.
 * Errors: EINVAL (len > 4096), EIO, EBADF, EFAULT.
 */
PINION_IMPORT("pinion_spi", "transfer")
int32_t pinion_spi_transfer(pinion_handle_t handle, const void *tx, void *rx, size_t len);

/* ---- pinion_serial: a UART ------------------------------------------------------------------------------ */

/**
 * Opens the serial port `name` (baud rate from the board, 8N1). NAME:read allows reading, NAME:write writing,
 * NAME:rw both. Errors: EACCES, EFAULT, EMFILE.
 */
PINION_IMPORT("pinion_serial", "open")
int32_t pinion_serial_open(const char *name, size_t name_len, pinion_handle_t *handle);

/** Closes a serial handle. Errors: EBADF. */
PINION_IMPORT("pinion_serial", "close")
int32_t pinion_serial_close(pinion_handle_t handle);

/**
 * Writes all `len` bytes (at most 65536); *written is set to len. Blocks until the bytes are handed to the
 * driver. Errors: EACCES (no write grant), EINVAL (len > 65536), EIO, EBADF, EFAULT.
 */
PINION_IMPORT("pinion_serial", "write")
int32_t pinion_serial_write(pinion_handle_t handle, const void *buf, size_t len, size_t *written);

/**
 * Reads what has arrived, up to `len` bytes, waiting up to `timeout_ns` for the first byte (0: do not wait;
 * PINION_FOREVER: no limit). *nread is the number of bytes read: 0 when nothing came in time, which is not
 * an error. Errors: EACCES (no read grant), EINTR (the call's deadline), EIO, EBADF, EFAULT.
 */
PINION_IMPORT("pinion_serial", "read")
int32_t pinion_serial_read(pinion_handle_t handle, void *buf, size_t len, uint64_t timeout_ns, size_t *nread);

/* ---- pinion_log: the gateway's log ---------------------------------------------------------------------- */

#define PINION_LOG_ERROR 0
#define PINION_LOG_WARN 1
#define PINION_LOG_INFO 2
#define PINION_LOG_DEBUG 3

/**
 * Writes one line to the gateway's log (journald under systemd), tagged with the module's name. Needs no
 * grant. Control characters become spaces, the text is cut at 1024 bytes, and at most 100 lines a second
 * (bursts of 200) are kept; lines over the limit are dropped silently and counted in the next one.
 * Errors: EINVAL (unknown level), EFAULT.
 */
PINION_IMPORT("pinion_log", "write")
int32_t pinion_log_write(uint32_t level, const char *msg, size_t len);

/* ---- conveniences (header-only) ------------------------------------------------------------------------- */

/** pinion_log_write with a NUL-terminated string. */
static inline int32_t pinion_log(uint32_t level, const char *msg) {
    return pinion_log_write(level, msg, __builtin_strlen(msg));
}

/** Open calls with a NUL-terminated name. */
static inline int32_t pinion_gpio_open_str(const char *name, uint32_t mode, pinion_handle_t *h) {
    return pinion_gpio_open(name, __builtin_strlen(name), mode, h);
}
static inline int32_t pinion_sensor_open_str(const char *name, pinion_handle_t *h) {
    return pinion_sensor_open(name, __builtin_strlen(name), h);
}
static inline int32_t pinion_i2c_open_str(const char *name, pinion_handle_t *h) {
    return pinion_i2c_open(name, __builtin_strlen(name), h);
}
static inline int32_t pinion_spi_open_str(const char *name, pinion_handle_t *h) {
    return pinion_spi_open(name, __builtin_strlen(name), h);
}
static inline int32_t pinion_serial_open_str(const char *name, pinion_handle_t *h) {
    return pinion_serial_open(name, __builtin_strlen(name), h);
}

/* ---- Triggers: how the gateway calls a module (docs/abi.md, "Triggers") ------------------------------------ */

#include <stdlib.h> /* malloc/free for PINION_DEFAULT_ALLOCATOR */

#ifndef PINION_EXPORT
#define PINION_EXPORT(name) __attribute__((export_name(name)))
#endif

/* WASI errno values pinion_mqtt returns (0 is success). */
#ifndef PINION_EACCES
#define PINION_EACCES 2
#endif
#ifndef PINION_EFAULT
#define PINION_EFAULT 21
#endif
#ifndef PINION_EINVAL
#define PINION_EINVAL 28
#endif
#ifndef PINION_EMSGSIZE
#define PINION_EMSGSIZE 35
#endif
#ifndef PINION_ENOENT
#define PINION_ENOENT 44
#endif

/*
 * The allocator the host calls before a message or edge handler: one buffer per event, holding the topic (or
 * device name) then the payload. The host calls pinion_free(ptr) after the handler returns, when the module
 * exports it. PINION_DEFAULT_ALLOCATOR defines both with malloc/free.
 */
#define PINION_DEFAULT_ALLOCATOR                                                                   \
    PINION_EXPORT("pinion_alloc") void *pinion_alloc(int32_t len) { return malloc(len > 0 ? (size_t)len : 1); } \
    PINION_EXPORT("pinion_free") void pinion_free(void *ptr) { free(ptr); }

/*
 * Handler signatures (export any name; the config file's trigger says which). Return 0 when handled; any other
 * value is counted as an error (pinion_module_errors_total) and logged with the event. A trap discards the
 * instance and the gateway creates a fresh one.
 *
 *   MQTT:     int32_t on_message(const char *topic, int32_t topic_len, const uint8_t *payload, int32_t payload_len);
 *   interval: int32_t on_timer(void);
 *   GPIO:     int32_t on_edge(const char *device, int32_t device_len, int32_t rising, int64_t timestamp_ns);
 *
 * The topic and payload are not NUL-terminated.
 */

/*
 * Publishes payload to topic (not NUL-terminated) with qos 0 or 1, retained if retain is 1. Returns 0, or
 * PINION_EACCES when topic is outside the module's `publish` grants, PINION_EINVAL for a topic with wildcards or
 * a bad qos, PINION_EMSGSIZE above limits.max_payload, PINION_EFAULT for a pointer outside memory.
 */
PINION_IMPORT("pinion_mqtt", "publish")
int32_t pinion_mqtt_publish(const char *topic, int32_t topic_len, const void *payload, int32_t payload_len,
                            int32_t qos, int32_t retain);

/*
 * Answers the MQTT 5 request being handled: publishes payload to its response topic with its correlation data.
 * PINION_ENOENT when the current event is not a message with a response topic.
 */
PINION_IMPORT("pinion_mqtt", "reply")
int32_t pinion_mqtt_reply(const void *payload, int32_t payload_len);


#ifdef __cplusplus
}
#endif

#endif /* PINION_H */
