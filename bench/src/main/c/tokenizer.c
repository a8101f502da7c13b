/*
 * String tokenizing: generate a line-oriented text of words, numbers and punctuation in memory, then scan
 * it n times into tokens (identifier, integer, operator), hashing identifiers and summing integers, as a
 * config or telemetry parser would.
 */
#include "workload.h"

#define TEXT 32768
static char text[TEXT];
static uint32_t text_len;

static const char *const words[] = {"sensor", "temp", "gpio", "led", "humidity", "set", "get", "threshold",
                                    "mqtt", "topic", "pin", "value", "alarm", "room_temp", "fan", "speed"};

static void generate(void) {
    uint32_t seed = 99, len = 0;
    while (len < TEXT - 32) {
        uint32_t r = xorshift32(&seed);
        switch (r % 5) {
        case 0: case 1: case 2: {
            const char *w = words[(r >> 8) % 16];
            while (*w) text[len++] = *w++;
            break;
        }
        case 3: {
            uint32_t v = (r >> 8) % 100000, digits[6], k = 0;
            do { digits[k++] = v % 10; v /= 10; } while (v);
            while (k) text[len++] = (char)('0' + digits[--k]);
            break;
        }
        default: text[len++] = "=+-*/;:,.()"[(r >> 8) % 11]; break;
        }
        text[len++] = (r & 0x10000) ? '\n' : ' ';
    }
    text_len = len;
}

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

uint32_t run(uint32_t n) {
    generate();
    uint32_t h = 2166136261u;
    for (uint32_t rep = 0; rep < n; rep++) {
        uint32_t idents = 0, numbers = 0, ops = 0, lines = 0, ident_hash = 2166136261u;
        uint64_t sum = 0;
        uint32_t i = 0;
        while (i < text_len) {
            char c = text[i];
            if (c == ' ') { i++; }
            else if (c == '\n') { lines++; i++; }
            else if (is_alpha(c)) {
                uint32_t th = 2166136261u;
                while (i < text_len && (is_alpha(text[i]) || is_digit(text[i]))) th = (th ^ (uint8_t)text[i++]) * 16777619u;
                ident_hash = mix(ident_hash, th + rep);
                idents++;
            } else if (is_digit(c)) {
                uint32_t v = 0;
                while (i < text_len && is_digit(text[i])) v = v * 10 + (uint32_t)(text[i++] - '0');
                sum += v;
                numbers++;
            } else { ops++; i++; }
        }
        h = mix(h, ident_hash);
        h = mix(h, idents ^ (numbers << 8) ^ (ops << 16) ^ (lines << 24));
        h = mix(h, (uint32_t)sum ^ (uint32_t)(sum >> 32));
    }
    return h;
}
