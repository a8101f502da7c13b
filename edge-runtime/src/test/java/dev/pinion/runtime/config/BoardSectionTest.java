package dev.pinion.runtime.config;

import static org.junit.jupiter.api.Assertions.*;

import dev.pinion.device.Board;
import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.sim.SimBoard;
import dev.pinion.device.sim.Waveform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardSectionTest {
    @TempDir Path tmp;

    private BoardDescription parse(String yaml) {
        return BoardSection.parse(ConfigNode.parse(yaml, "board.yaml", tmp).get("board"));
    }

    private ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml));
    }

    @Test
    void sim_isTheStandardBoard() {
        assertEquals(SimBoard.standardDescription(), parse("board: sim\n"));
    }

    @Test
    void everyKindAndProvider_parses() throws Exception {
        Files.writeString(tmp.resolve("trace.csv"), "0,1\n1,2\n");
        BoardDescription b = parse("""
                board:
                  sysfs_root: fake/sys
                  devices:
                    led: {kind: output, provider: gpiochip, chip: pinctrl-rp1, line: GPIO17, active_low: true}
                    button:
                      kind: input
                      provider: gpiochip
                      chip: gpiochip0
                      line: 27
                      bias: pull_up
                      edges: falling
                      debounce: 5ms
                    t1: {kind: sensor, provider: iio, device: "iio:device0", channel: in_temp}
                    t2: {kind: sensor, provider: w1, device: 28-0000075cbe9a}
                    t3: {kind: sensor, provider: sim, unit: celsius, sine: {min: 1, max: 2, period: 10s}}
                    t4: {kind: sensor, provider: sim, unit: volt, csv: trace.csv}
                    t5: {kind: sensor, provider: sim, unit: percent, value: 50}
                    eeprom: {kind: i2c, provider: i2c-dev, bus: 1, address: 0x50}
                    chip: {kind: i2c, provider: sim, bus: 1, address: 0x48, model: temp_sensor}
                    adc: {kind: spi, provider: spidev, device: /dev/spidev0.0, mode: 3, bits: 8, speed_hz: 500000}
                    gps: {kind: serial, provider: jssc, device: /dev/ttyAMA0, baud: 9600}
                    out: {kind: output, provider: sim, wired_to: in}
                    in: {kind: input, provider: sim, presses: {every: 1s, hold: 100ms, count: 2}}
                """);
        assertEquals(new DeviceSpec.Output("led", "gpiochip", "pinctrl-rp1", "GPIO17", true, false, null),
                b.device("led"));
        assertEquals(new DeviceSpec.Input("button", "gpiochip", "gpiochip0", "27", false, DeviceSpec.Bias.PULL_UP,
                DeviceSpec.Edges.FALLING, Duration.ofMillis(5), null), b.device("button"));
        assertEquals(new DeviceSpec.SensorSpec("t1", "iio", "iio:device0", "in_temp", null, null), b.device("t1"));
        assertEquals(new Waveform.Sine(1, 2, Duration.ofSeconds(10)), ((DeviceSpec.SensorSpec) b.device("t3")).waveform());
        assertEquals(2, ((Waveform.Trace) ((DeviceSpec.SensorSpec) b.device("t4")).waveform()).seconds().length);
        assertEquals(new DeviceSpec.I2c("eeprom", "i2c-dev", 1, 0x50, null), b.device("eeprom"));
        assertEquals(new DeviceSpec.Spi("adc", "spidev", "/dev/spidev0.0", 3, 8, 500_000), b.device("adc"));
        assertEquals(new DeviceSpec.Serial("gps", "jssc", "/dev/ttyAMA0", 9600), b.device("gps"));
        assertEquals("in", ((DeviceSpec.Output) b.device("out")).wiredTo());
        assertEquals(2, ((DeviceSpec.Input) b.device("in")).presses().count());
        Board.Options o = BoardSection.options(ConfigNode.parse("board: {sysfs_root: fake/sys, devices: {}}",
                "b.yaml", tmp).get("board"), Board.Options.DEFAULTS);
        assertEquals(tmp.resolve("fake/sys"), o.sysfsRoot());
    }

    @Test
    void errors_nameTheLineAndKey() {
        ConfigException e = error("board:\n  devices:\n    led: {kind: output, provider: gpio, chip: x, line: 1}\n");
        assertTrue(e.getMessage().contains(":3:") && e.getMessage().contains("board.devices.led.provider"),
                e.getMessage());
        assertTrue(e.getMessage().contains("gpiochip"), e.getMessage());
        e = error("board:\n  devices:\n    led:\n      kind: output\n      provider: gpiochip\n      line: 1\n");
        assertTrue(e.getMessage().contains("board.devices.led.chip") && e.getMessage().contains("missing"),
                e.getMessage());
        e = error("board:\n  devices:\n    b: {kind: input, provider: gpiochip, chip: x, line: 1, presses: {every: 1s}}\n");
        assertTrue(e.getMessage().contains("board.devices.b.presses") && e.getMessage().contains("unknown key"),
                e.getMessage());
        e = error("board:\n  devices:\n    x: {kind: i2c, provider: i2c-dev, bus: 1, address: 0x80}\n");
        assertTrue(e.getMessage().contains("board.devices.x.address"), e.getMessage());
        e = error("board:\n  devices:\n    Led: {kind: output, provider: sim}\n");
        assertTrue(e.getMessage().contains("device name 'Led'"), e.getMessage());
        e = error("board:\n  devices:\n    s: {kind: sensor, provider: sim, unit: c, value: 1, csv: x.csv}\n");
        assertTrue(e.getMessage().contains("exactly one of value, sine or csv"), e.getMessage());
        e = error("board:\n  devices:\n    s: {kind: sensor, provider: sim, unit: c, csv: missing.csv}\n");
        assertTrue(e.getMessage().contains("board.devices.s.csv"), e.getMessage());
        e = error("board:\n  devices:\n    s: {kind: sensor, provider: hwmon, device: cpu}\n");
        assertTrue(e.getMessage().contains("board.devices.s.channel"), e.getMessage());
        e = error("board: simulated\n");
        assertTrue(e.getMessage().contains("expected \"sim\""), e.getMessage());
    }
}
