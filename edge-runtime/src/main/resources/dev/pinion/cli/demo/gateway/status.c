/*
 * Gateway demo: answers requests. With MQTT 5 the answer goes to the request's response topic with its correlation
 * data (pinion_mqtt_reply); an MQTT 3.1.1 request has neither, so it is answered on a fixed topic instead.
 */
#include <stdio.h>

#include "pinion.h"

PINION_DEFAULT_ALLOCATOR

static int requests;

PINION_EXPORT("on_request")
int32_t on_request(const char *topic, int32_t topic_len, const uint8_t *payload, int32_t payload_len) {
    (void)topic, (void)topic_len;
    requests++;
    char answer[160];
    int n = snprintf(answer, sizeof answer, "{\"answer\":\"pong\",\"to\":\"%.*s\",\"requests\":%d}",
                     payload_len > 64 ? 64 : (int)payload_len, (const char *)payload, requests);
    int32_t err = pinion_mqtt_reply(answer, n);
    if (err == PINION_ENOENT) {
        static const char fallback[] = "pinion/demo-gw/responses/status";
        err = pinion_mqtt_publish(fallback, sizeof fallback - 1, answer, n, 1, 0);
    }
    return err;
}
