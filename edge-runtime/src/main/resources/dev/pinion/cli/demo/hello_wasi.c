/*
 * Demo WASI program: what a module sees of its host through WASI preview1 - arguments, environment,
 * the clock, stdout/stderr and its exit code.
 * Build: clang --target=wasm32-wasi -O2 -Wl,--strip-debug hello_wasi.c -o hello_wasi.wasm
 * (--strip-debug drops the DWARF sections Debian's wasi-libc carries: 150 KB -> 30 KB; the name section stays)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
    printf("hello from C through WASI preview1\n");
    for (int i = 0; i < argc; i++) {
        printf("  argv[%d] = %s\n", i, argv[i]);
    }
    const char *device = getenv("PINION_DEVICE");
    printf("  PINION_DEVICE = %s\n", device ? device : "(not set)");

    struct timespec now;
    if (clock_gettime(CLOCK_REALTIME, &now) != 0) {
        fprintf(stderr, "clock_gettime failed\n");
        return 3;
    }
    printf("  seconds since 1970: %lld\n", (long long) now.tv_sec);
    /* A distinctive exit code, so a runner can show that it reached the host. */
    return argc > 1 ? 7 : 0;
}
