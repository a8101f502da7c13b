/*
 * A 32-tap FIR low-pass filter over blocks of float samples, as a vibration or audio front end would run it.
 * The loops are ordered tap-outer, sample-inner (y[i] += h[k] * x[i + k]), so every output still sums its taps
 * in order k = 0..31 (the same roundings with or without SIMD) while the inner loop is vectorisable without
 * reassociation (clang -msimd128: f32x4.mul and f32x4.add). n blocks of 1024 samples.
 */
#include "workload.h"

#define TAPS 32
#define BLOCK 1024

static float hcoef[TAPS];
static float xin[BLOCK + TAPS], yout[BLOCK];

uint32_t run(uint32_t n) {
    uint32_t seed = 777, hash = 2166136261u;
    for (int k = 0; k < TAPS; k++) hcoef[k] = (float)((int)(k < TAPS / 2 ? k + 1 : TAPS - k)) / 272.0f;
    for (int i = 0; i < TAPS; i++) xin[BLOCK + i] = 0.0f;
    for (uint32_t b = 0; b < n; b++) {
        for (int i = 0; i < BLOCK; i++) xin[i] = (float)((int32_t)xorshift32(&seed) >> 16) / 32768.0f;
        for (int i = 0; i < BLOCK; i++) yout[i] = 0.0f;
        for (int k = 0; k < TAPS; k++) {
            float c = hcoef[k];
            for (int i = 0; i < BLOCK; i++) yout[i] += c * xin[i + k];
        }
        for (int i = 0; i < BLOCK; i += 16) {
            union { float f; uint32_t u; } v = {yout[i]};
            hash = mix(hash, v.u);
        }
    }
    return hash;
}
