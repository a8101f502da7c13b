/* Gateway demo: each press of the button (a rising edge: presses are logical, whatever the wiring) toggles the LED. */
#include "pinion.h"

PINION_DEFAULT_ALLOCATOR

static pinion_handle_t led;
static int opened, lit;

PINION_EXPORT("on_edge")
int32_t on_edge(const char *device, int32_t device_len, int32_t rising, int64_t timestamp_ns) {
    (void)device, (void)device_len, (void)timestamp_ns;
    if (!rising) return 0;
    if (!opened) {
        int32_t err = pinion_gpio_open_str("led", PINION_GPIO_OUT, &led);
        if (err) return err;
        opened = 1;
    }
    lit = !lit;
    return pinion_gpio_write(led, (uint32_t)lit);
}
