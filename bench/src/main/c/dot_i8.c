/*
 * The inner loop of a quantised neural-network layer, as a tiny keyword-spotting or anomaly model on a gateway
 * would run it: int8 weights times int8 activations summed in int32 (a dot product per output), then
 * requantised to int8 with a ReLU. Two fully connected layers (256 -> 128 -> 64) per input vector; n input
 * vectors. Written as plain loops, so the compiler's auto-vectoriser decides what becomes SIMD
 * (clang -msimd128: i16x8 extends/multiplies and i32x4 adds).
 */
#include "workload.h"

#define IN 256
#define HID 128
#define OUT 64

static int8_t w1[HID][IN], w2[OUT][HID];
static int8_t x[IN], h[HID], y[OUT];

static int32_t dot(const int8_t *a, const int8_t *b, int len) {
    int32_t sum = 0;
    for (int i = 0; i < len; i++) sum += (int32_t)a[i] * (int32_t)b[i];
    return sum;
}

static int8_t requantise(int32_t acc) {
    int32_t v = acc >> 7;                 /* fixed scale */
    if (v < 0) v = 0;                     /* ReLU */
    if (v > 127) v = 127;
    return (int8_t)v;
}

uint32_t run(uint32_t n) {
    uint32_t seed = 12345, hash = 2166136261u;
    for (int j = 0; j < HID; j++)
        for (int i = 0; i < IN; i++) w1[j][i] = (int8_t)(xorshift32(&seed) >> 24);
    for (int j = 0; j < OUT; j++)
        for (int i = 0; i < HID; i++) w2[j][i] = (int8_t)(xorshift32(&seed) >> 24);
    for (uint32_t k = 0; k < n; k++) {
        for (int i = 0; i < IN; i++) x[i] = (int8_t)(xorshift32(&seed) >> 25);
        for (int j = 0; j < HID; j++) h[j] = requantise(dot(w1[j], x, IN));
        for (int j = 0; j < OUT; j++) y[j] = requantise(dot(w2[j], h, HID));
        for (int j = 0; j < OUT; j++) hash = mix(hash, (uint32_t)(uint8_t)y[j]);
    }
    return hash;
}
