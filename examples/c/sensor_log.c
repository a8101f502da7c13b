/*
 * Reads a sensor N times (argument 2, default 3), 100 ms apart, and logs each reading through pinion_log.
 * The sensor's name is argument 1 (default room_temp).
 *
 *   pinion run --board sim --grant room_temp:read examples/c/sensor_log.wasm room_temp 3
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pinion.h"

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "room_temp";
    int samples = argc > 2 ? atoi(argv[2]) : 3;
    pinion_handle_t sensor;
    int32_t err = pinion_sensor_open_str(name, &sensor);
    if (err != 0) {
        fprintf(stderr, "open %s: %s\n", name, strerror(err));
        return 1;
    }
    char unit[32];
    size_t unit_len;
    err = pinion_sensor_unit(sensor, unit, sizeof unit - 1, &unit_len);
    if (err != 0) {
        fprintf(stderr, "unit of %s: %s\n", name, strerror(err));
        return 1;
    }
    unit[unit_len] = '\0';

    double sum = 0;
    for (int i = 1; i <= samples; i++) {
        double value;
        err = pinion_sensor_read(sensor, &value);
        if (err != 0) {
            fprintf(stderr, "read %s: %s\n", name, strerror(err));
            return 1;
        }
        sum += value;
        char line[128];
        snprintf(line, sizeof line, "%s sample %d: %.2f %s", name, i, value, unit);
        pinion_log(PINION_LOG_INFO, line);
        printf("%s\n", line);
        if (i < samples) {
            struct timespec pause = {0, 100 * 1000 * 1000};
            nanosleep(&pause, NULL);
        }
    }
    printf("%s average: %.2f %s\n", name, sum / samples, unit);
    pinion_sensor_close(sensor);
    return 0;
}
