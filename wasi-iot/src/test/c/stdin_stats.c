/* Reads all of stdin, echoes it upper-cased and reports byte and line counts. */
#include <ctype.h>
#include <stdio.h>

int main(void) {
    long bytes = 0, lines = 0;
    int c;
    while ((c = getchar()) != EOF) {
        bytes++;
        if (c == '\n') lines++;
        putchar(toupper(c));
    }
    printf("bytes=%ld lines=%ld\n", bytes, lines);
    return 0;
}
