/*
 * Echo: publishes every message it receives, payload unchanged, to fleet/out at QoS 1. The fleet test and the
 * MQTT bench use it as the trivial function (payload in -> publish out). Rebuild: ./build.sh
 */
#include "pinion_triggers.h"

PINION_DEFAULT_ALLOCATOR

PINION_EXPORT("on_message")
int32_t on_message(const char *topic, int32_t topic_len, const uint8_t *payload, int32_t payload_len) {
    (void)topic;
    (void)topic_len;
    return pinion_mqtt_publish("fleet/out", 9, payload, payload_len, 1, 0);
}

/* The same at QoS 0, for the MQTT bench (QoS 0 end to end). */
PINION_EXPORT("on_message_qos0")
int32_t on_message_qos0(const char *topic, int32_t topic_len, const uint8_t *payload, int32_t payload_len) {
    (void)topic;
    (void)topic_len;
    return pinion_mqtt_publish("fleet/out", 9, payload, payload_len, 0, 0);
}
