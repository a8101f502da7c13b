/* Hashing over memory: table-driven CRC-32 (IEEE 802.3) of a generated 64 KiB buffer, n times. */
#include "workload.h"

#define BUF 65536
static uint8_t buf[BUF];
static uint32_t table[256];

static void make_table(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

uint32_t run(uint32_t n) {
    make_table();
    uint32_t seed = 12345, h = 2166136261u;
    for (uint32_t i = 0; i < BUF; i++) buf[i] = (uint8_t)xorshift32(&seed);
    for (uint32_t rep = 0; rep < n; rep++) {
        buf[rep % BUF] ^= (uint8_t)rep; /* each round hashes slightly different data */
        uint32_t crc = 0xffffffffu;
        for (uint32_t i = 0; i < BUF; i++) crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
        h = mix(h, ~crc);
    }
    return h;
}
