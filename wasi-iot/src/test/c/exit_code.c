/* Prints, then exits with the code given as argv[1] (stdio must be flushed by exit). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int code = argc > 1 ? atoi(argv[1]) : 0;
    printf("exiting with %d\n", code);
    exit(code);
}
