/*
 * A WASI program whose heap grows in 1 MiB steps: malloc(1 MiB) until N MiB (default 256), touching both ends
 * of each block, or every byte of it when the second argument is "touch" (the worst case for resident memory). dlmalloc asks for more linear memory (memory.grow of ~17 pages) at almost every step, so this
 * measures what growing a memory costs the runtime, in time and in resident memory (bench/heap-growth.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *blocks[4096]; /* kept, so the compiler cannot drop the allocations */

int main(int argc, char **argv) {
    long target = argc > 1 ? atol(argv[1]) : 256;
    if (target > 4096) target = 4096;
    int touch = argc > 2 && strcmp(argv[2], "touch") == 0;
    long n = 0;
    for (; n < target; n++) {
        char *p = malloc(1 << 20);
        if (!p) break;
        if (touch) memset(p, (int) n, 1 << 20);
        p[0] = (char) n;
        p[(1 << 20) - 1] = (char) n;
        blocks[n] = p;
    }
    long sum = 0;
    for (long i = 0; i < n; i++) sum += blocks[i][0] + blocks[i][(1 << 20) - 1];
    if (sum == -1) puts("unreachable");
    unsigned long long pages = __builtin_wasm_memory_size(0);
    printf("allocated %ld MiB; linear memory %llu MiB\n", n, pages * 65536 / (1024 * 1024));
    return n == target ? 0 : 1;
}
