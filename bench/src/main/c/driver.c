/*
 * Native reference driver: links with exactly one workload (gcc -O2), calls run(n) once to get the checksum,
 * then repeats it for at least min_ms milliseconds and prints
 *     name,n,checksum,ns_per_call,calls
 * The checksum is the truth every Wasm engine is checked against; the time is the physical limit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint32_t run(uint32_t n);

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s NAME N [MIN_MS]\n", argv[0]);
        return 2;
    }
    const char *name = argv[1];
    uint32_t n = (uint32_t)strtoul(argv[2], NULL, 10);
    int64_t min_ns = (argc > 3 ? atoll(argv[3]) : 0) * 1000000;
    uint32_t checksum = run(n);
    /* Warm caches once more, then time whole calls; the minimum of the batch means is the least noisy. */
    run(n);
    int64_t calls = 0, start = now_ns(), elapsed = 0;
    do {
        uint32_t c = run(n);
        if (c != checksum) {
            fprintf(stderr, "%s: checksum changed between calls (%u then %u)\n", name, checksum, c);
            return 1;
        }
        calls++;
        elapsed = now_ns() - start;
    } while (elapsed < min_ns || calls < 3);
    printf("%s,%u,%u,%.1f,%lld\n", name, n, checksum, (double)elapsed / calls, (long long)calls);
    return 0;
}
