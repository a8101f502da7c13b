/*
 * Shared by every workload. Each workload defines one entry point,
 *     uint32_t run(uint32_t n)
 * that does an amount of work proportional to n and returns a checksum of its results, so that the same
 * source gives the same number natively (gcc) and in every Wasm engine, and no engine can skip the work.
 * The workloads use no WASI imports and no malloc: all data lives in static arrays.
 */
#ifndef PINION_WORKLOAD_H
#define PINION_WORKLOAD_H
#include <stdint.h>

uint32_t run(uint32_t n);

/* A small deterministic PRNG (xorshift32) so inputs are generated, not loaded. */
static inline uint32_t xorshift32(uint32_t *s) {
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

/* Mixes a value into a running checksum (FNV-1a style on a whole word). */
static inline uint32_t mix(uint32_t h, uint32_t v) {
    return (h ^ v) * 16777619u;
}
#endif
