/* Recursion plus memory traffic: quicksort of n pseudo-random int32 values (Hoare partition, middle pivot). */
#include "workload.h"

#define MAX 1000000
static int32_t a[MAX];

static void quicksort(int32_t *v, int lo, int hi) {
    while (lo < hi) {
        int32_t pivot = v[lo + (hi - lo) / 2];
        int i = lo - 1, j = hi + 1;
        for (;;) {
            do i++; while (v[i] < pivot);
            do j--; while (v[j] > pivot);
            if (i >= j) break;
            int32_t t = v[i]; v[i] = v[j]; v[j] = t;
        }
        /* recurse into the smaller half, loop on the larger: bounded stack depth */
        if (j - lo < hi - j - 1) { quicksort(v, lo, j); lo = j + 1; }
        else { quicksort(v, j + 1, hi); hi = j; }
    }
}

uint32_t run(uint32_t n) {
    if (n > MAX) n = MAX;
    uint32_t seed = 2463534242u, h = 2166136261u;
    for (uint32_t i = 0; i < n; i++) a[i] = (int32_t)xorshift32(&seed);
    quicksort(a, 0, (int)n - 1);
    for (uint32_t i = 1; i < n; i++)
        if (a[i - 1] > a[i]) return 0; /* not sorted: a checksum no engine should ever produce */
    for (uint32_t i = 0; i < n; i += 97) h = mix(h, (uint32_t)a[i]);
    return h;
}
