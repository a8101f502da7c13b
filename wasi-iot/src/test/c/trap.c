/* Prints a line, then executes unreachable. */
#include <stdio.h>

__attribute__((noinline)) static void explode(void) {
    __builtin_trap();
}

int main(void) {
    printf("before trap\n");
    fflush(stdout);
    explode();
    return 0;
}
