/* Prints, sleeps argv[1] milliseconds (poll_oneoff underneath), prints again. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
    long ms = argc > 1 ? atol(argv[1]) : 0;
    printf("sleeping %ld ms\n", ms);
    fflush(stdout);
    struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&d, &d) != 0) {
        /* EINTR: sleep on; only the engine's deadline ends this */
    }
    printf("woke up\n");
    return 0;
}
