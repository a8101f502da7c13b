/* Gateway demo: every tick, reads the room_temp sensor and publishes {"celsius":N} to sensors/room/reading. */
#include <stdio.h>

#include "pinion.h"

static pinion_handle_t sensor;
static int opened;

PINION_EXPORT("on_timer")
int32_t on_timer(void) {
    if (!opened) {
        int32_t err = pinion_sensor_open_str("room_temp", &sensor);
        if (err) return err;
        opened = 1;
    }
    double celsius;
    int32_t err = pinion_sensor_read(sensor, &celsius);
    if (err) return err;
    char json[64];
    int n = snprintf(json, sizeof json, "{\"celsius\":%.1f}", celsius);
    static const char topic[] = "sensors/room/reading";
    return pinion_mqtt_publish(topic, sizeof topic - 1, json, n, 0, 0);
}
