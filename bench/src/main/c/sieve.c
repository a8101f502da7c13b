/* Loops and arrays: sieve of Eratosthenes over a byte array, repeated n times. */
#include "workload.h"

#define LIMIT 65536
static uint8_t composite[LIMIT];

uint32_t run(uint32_t n) {
    uint32_t h = 2166136261u;
    for (uint32_t rep = 0; rep < n; rep++) {
        for (uint32_t i = 0; i < LIMIT; i++) composite[i] = 0;
        uint32_t count = 0;
        for (uint32_t i = 2; i < LIMIT; i++) {
            if (composite[i]) continue;
            count++;
            for (uint32_t j = i * 2; j < LIMIT; j += i) composite[j] = 1;
        }
        h = mix(h, count + rep);
    }
    return h;
}
