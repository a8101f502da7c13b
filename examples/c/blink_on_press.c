/*
 * Toggles the LED each time the button is pressed, for N presses (argument 1, default 3), then exits.
 *
 *   pinion run --board sim --grant button:in --grant led:out examples/c/blink_on_press.wasm 3
 *
 * On the simulated board the button is pressed every 400 ms. Edges are logical, so a press of an active-low
 * button is a RISING edge whatever the wiring.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pinion.h"

static int check(int32_t err, const char *what) {
    if (err != 0) {
        fprintf(stderr, "%s: %s\n", what, strerror(err));
        exit(1);
    }
    return 0;
}

int main(int argc, char **argv) {
    int presses = argc > 1 ? atoi(argv[1]) : 3;
    pinion_handle_t button, led;
    check(pinion_gpio_open_str("button", PINION_GPIO_IN, &button), "open button");
    check(pinion_gpio_open_str("led", PINION_GPIO_OUT, &led), "open led");
    check(pinion_gpio_write(led, 0), "led off");

    uint32_t lit = 0;
    uint64_t first = 0;
    for (int n = 1; n <= presses;) {
        pinion_edge_t e;
        int32_t err = pinion_gpio_wait_edge(button, 5000000000ull, &e);
        if (err == ETIMEDOUT) {
            fprintf(stderr, "no press within 5 s\n");
            return 2;
        }
        check(err, "wait for the button");
        if (e.kind != PINION_EDGE_RISING) continue; /* a release */
        if (n == 1) first = e.timestamp_ns;
        lit = !lit;
        check(pinion_gpio_write(led, lit), "drive led");
        uint32_t readback;
        check(pinion_gpio_read(led, &readback), "read led");
        printf("press %d (edge #%u, +%llu ms): led %s\n", n, e.sequence,
               (unsigned long long)((e.timestamp_ns - first) / 1000000), readback ? "on" : "off");
        n++;
    }
    pinion_gpio_close(button);
    pinion_gpio_close(led);
    return 0;
}
