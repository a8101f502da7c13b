/* A reactor: _initialize sets up state, exports are called afterwards (pinion run --invoke). */
#include <stdio.h>

static int initialized;

__attribute__((constructor)) static void init(void) {
    initialized = 42;
}

__attribute__((export_name("add"))) int add(int a, int b) {
    return a + b;
}

__attribute__((export_name("initialized_value"))) int initialized_value(void) {
    return initialized;
}

__attribute__((export_name("mul64"))) long long mul64(long long a, long long b) {
    return a * b;
}

__attribute__((export_name("half"))) double half(double x) {
    return x / 2;
}

__attribute__((export_name("greet"))) void greet(void) {
    printf("hello from a reactor\n");
    fflush(stdout);
}
