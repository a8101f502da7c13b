/* Clock and randomness sanity checks; prints only verdicts, so native and Wasm output compare equal. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t id) {
    struct timespec t;
    if (clock_gettime(id, &t) != 0) return -1;
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
    long long real = ns(CLOCK_REALTIME);
    printf("realtime after 2020: %s\n", real > 1577836800LL * 1000000000LL ? "ok" : "BAD");
    printf("time() agrees: %s\n", (long long)time(NULL) - real / 1000000000LL <= 1 ? "ok" : "BAD");
    long long prev = ns(CLOCK_MONOTONIC), ok = 1;
    for (int i = 0; i < 1000; i++) {
        long long now = ns(CLOCK_MONOTONIC);
        if (now < prev) ok = 0;
        prev = now;
    }
    printf("monotonic never goes back: %s\n", ok ? "ok" : "BAD");
    struct timespec res;
    printf("monotonic resolution: %s\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 ? "ok" : "BAD");
    long long before = ns(CLOCK_MONOTONIC);
    struct timespec d = {0, 20 * 1000 * 1000};
    nanosleep(&d, NULL);
    long long slept = ns(CLOCK_MONOTONIC) - before;
    printf("nanosleep 20ms: %s\n", slept >= 20000000LL && slept < 2000000000LL ? "ok" : "BAD");
    printf("cputime clock: %s\n", ns(CLOCK_PROCESS_CPUTIME_ID) >= 0 ? "ok" : "BAD");
    unsigned char a[32], b[32];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    int r1 = getentropy(a, sizeof a), r2 = getentropy(b, sizeof b);
    printf("getentropy: %s\n", r1 == 0 && r2 == 0 && memcmp(a, b, sizeof a) != 0 ? "ok" : "BAD");
    return 0;
}
