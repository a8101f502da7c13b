/* Gateway demo: a handler with a bug, a loop that never ends. Its fuel limit stops it; the gateway recreates it. */
#include "pinion.h"

PINION_DEFAULT_ALLOCATOR

PINION_EXPORT("on_message")
int32_t on_message(const char *topic, int32_t topic_len, const uint8_t *payload, int32_t payload_len) {
    (void)topic, (void)topic_len, (void)payload, (void)payload_len;
    volatile uint32_t polls = 0;
    for (;;) polls++; /* waits for a flag nothing sets */
    return 0;
}
