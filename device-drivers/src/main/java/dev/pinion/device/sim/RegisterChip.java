package dev.pinion.device.sim;

import java.time.Duration;

/**
 * A simulated I2C chip with 256 byte registers and an auto-incrementing register pointer, the way most sensors
 * and small EEPROMs work: a write's first byte sets the pointer and the rest are stored from there; a read
 * returns registers from the pointer on.
 *
 * <p>Models: {@code temp_sensor} (WHO_AM_I at 0x0F reads 0xA1; temperature at 0x00/0x01 as a signed 8.8
 * fixed-point big-endian value in degrees Celsius, latched when a read starts at 0x00, following a 20..23 C sine
 * over 60 s; CONFIG at 0x02 is writable; all other registers are read-only zeros) and {@code eeprom} (256 bytes,
 * erased to 0xFF, all writable, the pointer wraps at 256 like a 24C02).
 */
final class RegisterChip {
    static final String TEMP_SENSOR = "temp_sensor", EEPROM = "eeprom";
    static final int REG_TEMP = 0x00, REG_CONFIG = 0x02, REG_WHO_AM_I = 0x0F, WHO_AM_I = 0xA1;

    private final byte[] regs = new byte[256];
    private final boolean[] writable = new boolean[256];
    private final SimBoard board;
    private final Waveform temperature;
    private int pointer;

    private RegisterChip(SimBoard board, Waveform temperature) {
        this.board = board;
        this.temperature = temperature;
    }

    static RegisterChip create(String model, SimBoard board) {
        return switch (model) {
            case TEMP_SENSOR -> {
                RegisterChip c = new RegisterChip(board, new Waveform.Sine(20, 23, Duration.ofSeconds(60)));
                c.regs[REG_WHO_AM_I] = (byte) WHO_AM_I;
                c.writable[REG_CONFIG] = true;
                yield c;
            }
            case EEPROM -> {
                RegisterChip c = new RegisterChip(board, null);
                java.util.Arrays.fill(c.regs, (byte) 0xFF);
                java.util.Arrays.fill(c.writable, true);
                yield c;
            }
            default -> throw new IllegalArgumentException("unknown sim I2C model '" + model + "'; one of "
                    + SimBoard.I2C_MODELS);
        };
    }

    void write(byte[] data) {
        if (data.length == 0) return; // an address-only write (a probe): acknowledged, nothing changes
        pointer = data[0] & 0xFF;
        for (int i = 1; i < data.length; i++) {
            if (writable[pointer]) regs[pointer] = data[i];
            pointer = (pointer + 1) & 0xFF;
        }
    }

    void read(byte[] into) {
        if (temperature != null && pointer == REG_TEMP) latchTemperature();
        for (int i = 0; i < into.length; i++) {
            into[i] = regs[pointer];
            pointer = (pointer + 1) & 0xFF;
        }
    }

    private void latchTemperature() {
        int fixed = (int) Math.round(temperature.valueAt(board.elapsedNanos()) * 256);
        regs[REG_TEMP] = (byte) (fixed >> 8);
        regs[REG_TEMP + 1] = (byte) fixed;
    }
}
