/*
 * Fixed-point signal processing, as on a gateway without an FPU: n synthetic sensor samples (a slow ramp,
 * a square-wave disturbance and noise) pass through a Q16.16 biquad low-pass, a 16-tap moving average and
 * a hysteresis threshold detector. The checksum folds the filtered output and the event count.
 */
#include "workload.h"

typedef int32_t q16;
#define Q(x) ((q16)((x) * 65536.0))

static q16 qmul(q16 a, q16 b) {
    return (q16)(((int64_t)a * b) >> 16);
}

uint32_t run(uint32_t n) {
    /* Biquad low-pass coefficients (cutoff ~ fs/20, Q ~ 0.707), pre-scaled to Q16.16. */
    const q16 b0 = Q(0.0200833656), b1 = Q(0.0401667311), b2 = Q(0.0200833656);
    const q16 a1 = Q(-1.5610180758), a2 = Q(0.6413515381);
    q16 x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    q16 window[16] = {0};
    int64_t wsum = 0;
    uint32_t seed = 4242, events = 0, h = 2166136261u;
    int above = 0;
    for (uint32_t i = 0; i < n; i++) {
        q16 ramp = (q16)((i % 4096) << 6);
        q16 square = (i & 256) ? Q(3.0) : Q(-3.0);
        q16 noise = (q16)(xorshift32(&seed) & 0xffff) - 0x8000;
        q16 x = ramp + square + noise;
        q16 y = qmul(b0, x) + qmul(b1, x1) + qmul(b2, x2) - qmul(a1, y1) - qmul(a2, y2);
        x2 = x1; x1 = x; y2 = y1; y1 = y;
        wsum += y - window[i & 15];
        window[i & 15] = y;
        q16 avg = (q16)(wsum >> 4);
        if (!above && avg > Q(100.0)) { above = 1; events++; }
        else if (above && avg < Q(90.0)) above = 0;
        if ((i & 63) == 0) h = mix(h, (uint32_t)avg);
    }
    return mix(h, events);
}
