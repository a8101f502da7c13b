/* Prints its arguments (not argv[0], which differs per runtime) and three environment lookups. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    const char *names[] = {"PINION_A", "PINION_B", "PINION_MISSING"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(names[i]);
        printf("%s=%s\n", names[i], v ? v : "(unset)");
    }
    return 0;
}
