/*
 * Reads registers of an I2C chip: the simulated board's temperature sensor at 0x48 (WHO_AM_I at 0x0F reads
 * 0xA1; temperature at 0x00/0x01, signed 8.8 fixed point in degrees C), then writes and reads back the EEPROM
 * at 0x50 if that is granted too.
 *
 *   pinion run --board sim --grant thermometer:rw --grant eeprom:rw examples/c/i2c_registers.wasm
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pinion.h"

static int read_reg(pinion_handle_t dev, uint8_t reg, uint8_t *out, size_t len) {
    return pinion_i2c_write_read(dev, &reg, 1, out, len);
}

int main(void) {
    pinion_handle_t thermo;
    int32_t err = pinion_i2c_open_str("thermometer", &thermo);
    if (err != 0) {
        fprintf(stderr, "open thermometer: %s\n", strerror(err));
        return 1;
    }
    uint8_t who;
    if ((err = read_reg(thermo, 0x0F, &who, 1)) != 0) {
        fprintf(stderr, "read WHO_AM_I: %s\n", strerror(err));
        return 1;
    }
    printf("thermometer WHO_AM_I = 0x%02x%s\n", who, who == 0xA1 ? " (expected chip)" : " (unknown chip)");
    uint8_t t[2];
    if ((err = read_reg(thermo, 0x00, t, 2)) != 0) {
        fprintf(stderr, "read temperature: %s\n", strerror(err));
        return 1;
    }
    int16_t fixed = (int16_t)((t[0] << 8) | t[1]);
    printf("thermometer temperature = %.2f C\n", fixed / 256.0);

    pinion_handle_t eeprom;
    err = pinion_i2c_open_str("eeprom", &eeprom);
    if (err == EACCES) {
        printf("eeprom: not granted\n");
        return 0;
    }
    if (err != 0) {
        fprintf(stderr, "open eeprom: %s\n", strerror(err));
        return 1;
    }
    const uint8_t page[] = {0x10, 'p', 'i', 'n', 'i', 'o', 'n'}; /* word address 0x10, then the data */
    if ((err = pinion_i2c_write(eeprom, page, sizeof page)) != 0) {
        fprintf(stderr, "write eeprom: %s\n", strerror(err));
        return 1;
    }
    char back[7] = {0};
    if ((err = read_reg(eeprom, 0x10, (uint8_t *)back, 6)) != 0) {
        fprintf(stderr, "read eeprom: %s\n", strerror(err));
        return 1;
    }
    printf("eeprom[0x10..0x15] = \"%s\"\n", back);
    return 0;
}
