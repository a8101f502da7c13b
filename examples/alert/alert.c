/*
 * Threshold alert: receives JSON readings such as {"sensor":"room","celsius":31.5} on sensors/<name>/reading
 * and publishes {"sensor":"room","celsius":31.5,"threshold":30.0} to alerts/<name> when the value is above
 * the threshold. A payload without a number under "celsius" is refused with PINION_EINVAL (the gateway logs
 * it and counts an error). Rebuild: examples/alert/build.sh
 */
#include <stdio.h>
#include <string.h>

#include "pinion.h"

#define THRESHOLD_CELSIUS 30.0

PINION_DEFAULT_ALLOCATOR

/* The number after "key": in a flat JSON object; 0 when there is none. */
static int json_number(const uint8_t *json, int32_t len, const char *key, double *out) {
    char buf[512];
    if (len <= 0 || len >= (int32_t)sizeof buf) return 0;
    memcpy(buf, json, (size_t)len);
    buf[len] = '\0';
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\"", key);
    const char *at = strstr(buf, pattern);
    if (!at) return 0;
    at += strlen(pattern);
    while (*at == ' ' || *at == '\t') at++;
    if (*at++ != ':') return 0;
    char *end;
    double value = strtod(at, &end);
    if (end == at) return 0;
    *out = value;
    return 1;
}

/* "sensors/<name>/reading" -> <name>; the whole topic when it has another shape. */
static void sensor_name(const char *topic, int32_t len, const char **name, int32_t *name_len) {
    const char *first = memchr(topic, '/', (size_t)len);
    if (first) {
        const char *start = first + 1;
        const char *second = memchr(start, '/', (size_t)(topic + len - start));
        if (second) {
            *name = start;
            *name_len = (int32_t)(second - start);
            return;
        }
    }
    *name = topic;
    *name_len = len;
}

PINION_EXPORT("on_reading")
int32_t on_reading(const char *topic, int32_t topic_len, const uint8_t *payload, int32_t payload_len) {
    double celsius;
    if (!json_number(payload, payload_len, "celsius", &celsius)) return PINION_EINVAL;
    if (celsius <= THRESHOLD_CELSIUS) return 0;

    const char *name;
    int32_t name_len;
    sensor_name(topic, topic_len, &name, &name_len);
    char alert_topic[128];
    int t = snprintf(alert_topic, sizeof alert_topic, "alerts/%.*s", (int)name_len, name);
    char alert[256];
    int n = snprintf(alert, sizeof alert, "{\"sensor\":\"%.*s\",\"celsius\":%.1f,\"threshold\":%.1f}",
                     (int)name_len, name, celsius, THRESHOLD_CELSIUS);
    if (t <= 0 || t >= (int)sizeof alert_topic || n <= 0 || n >= (int)sizeof alert) return PINION_EINVAL;
    return pinion_mqtt_publish(alert_topic, t, alert, n, 1, 0);
}
