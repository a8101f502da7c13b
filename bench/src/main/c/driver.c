/*
 * Native reference driver: links with exactly one workload (gcc -O2), calls run(n) once to get the checksum,
 * then times it in batches for at least min_ms milliseconds and prints
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
    /*
     * Time batches of about 50 ms for at least min_ms in total and report the fastest batch's mean: on a
     * shared machine a slow batch means someone else had the core, never that the code got slower.
     */
    run(n);
    int64_t calls = 0, total = 0;
    double best = -1;
    do {
        int64_t batch_calls = 0, start = now_ns(), elapsed;
        do {
            uint32_t c = run(n);
            if (c != checksum) {
                fprintf(stderr, "%s: checksum changed between calls (%u then %u)\n", name, checksum, c);
                return 1;
            }
            batch_calls++;
            elapsed = now_ns() - start;
        } while (elapsed < 50000000 && batch_calls < 1000000);
        double mean = (double)elapsed / batch_calls;
        if (best < 0 || mean < best) best = mean;
        calls += batch_calls;
        total += elapsed;
    } while (total < min_ns || calls < 3);
    printf("%s,%u,%u,%.1f,%lld\n", name, n, checksum, best, (long long)calls);
    return 0;
}
