/*
 * Pinion trigger ABI and pinion_mqtt: what a module exports so the gateway can call it, and what it imports to
 * publish. See docs/abi.md, "Triggers" and "pinion_mqtt". Build with Debian's clang:
 *   clang --target=wasm32-wasi -O2 -mexec-model=reactor -I include -Wl,--strip-debug x.c -o x.wasm
 */
#ifndef PINION_TRIGGERS_H
#define PINION_TRIGGERS_H

#include <stdint.h>
#include <stdlib.h>

#define PINION_EXPORT(name) __attribute__((export_name(name)))
#define PINION_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

/* WASI errno values the host functions return (0 is success). */
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

#endif
