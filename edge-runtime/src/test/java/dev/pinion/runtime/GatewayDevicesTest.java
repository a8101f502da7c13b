package dev.pinion.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.pinion.device.sim.SimBoard;
import dev.pinion.runtime.config.ConfigNode;
import dev.pinion.runtime.config.PinionConfig;
import dev.pinion.testkit.Mosquitto;
import dev.pinion.wat.Wat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's device seam end to end: the config's {@code board: sim}, a module whose grant lets it drive the
 * LED, a GPIO trigger on the simulated button (pressed every 400 ms), and the LED toggling on the simulated
 * hardware. A module without the grant gets EACCES from the same call, counted as a handler error.
 */
class GatewayDevicesTest {
    @TempDir Path dir;

    /** on_edge opens "led" as an output on first use and toggles it; returns the errno of any failing call. */
    static final String BLINK = """
            (module
              (import "pinion_gpio" "open" (func $open (param i32 i32 i32 i32) (result i32)))
              (import "pinion_gpio" "write" (func $write (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "led")
              (global $h (mut i32) (i32.const -1))
              (global $lit (mut i32) (i32.const 0))
              (func (export "pinion_alloc") (param i32) (result i32) (i32.const 4096))
              (func (export "on_edge") (param i32 i32 i32 i64) (result i32)
                (local $e i32)
                (if (i32.lt_s (global.get $h) (i32.const 0))
                  (then
                    (local.set $e (call $open (i32.const 16) (i32.const 3) (i32.const 1) (i32.const 64)))
                    (if (local.get $e) (then (return (local.get $e))))
                    (global.set $h (i32.load (i32.const 64)))))
                (global.set $lit (i32.xor (global.get $lit) (i32.const 1)))
                (call $write (global.get $h) (global.get $lit))))
            """;

    @Test
    void gpioTrigger_onTheSimButton_drivesTheGrantedLed_ungrantedGetsNothing() throws Exception {
        Files.write(dir.resolve("blink.wasm"), Wat.toBinary(BLINK));
        try (Mosquitto broker = Mosquitto.start()) {
            String yaml = """
                    device_id: gw-devices
                    broker:
                      url: %s
                    data_dir: %s
                    metrics:
                      enabled: false
                    board: sim
                    policy:
                      grants: [led:out, button:in]
                    modules:
                      - name: blink
                        path: blink.wasm
                        grants: [led:out]
                        triggers:
                          - gpio: button
                            edge: rising
                            export: on_edge
                      - name: sneaky
                        path: blink.wasm
                        grants: []
                        triggers:
                          - gpio: button
                            edge: rising
                            export: on_edge
                    """.formatted(broker.url(), dir.resolve("data"));
            Path file = Files.writeString(dir.resolve("pinion.yaml"), yaml);
            PinionConfig config = PinionConfig.from(ConfigNode.load(file), file);
            try (Gateway gateway = Gateway.start(config, Gateway.Options.defaults())) {
                SimBoard sim = gateway.board().sim();
                assertNotNull(sim, "board: sim is simulated hardware");
                List<Boolean> levels = new CopyOnWriteArrayList<>();
                sim.onLevel("led", levels::add);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (levels.size() < 3 && System.nanoTime() < deadline) Thread.sleep(50);
                assertTrue(levels.size() >= 3, "the LED toggled on button presses: " + levels);
                for (int i = 1; i < levels.size(); i++)
                    assertNotEquals(levels.get(i - 1), levels.get(i), "each press toggles: " + levels);
                var sneaky = gateway.supervisor().stats("sneaky").orElseThrow();
                var blink = gateway.supervisor().stats("blink").orElseThrow();
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (sneaky.errors() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
                // Counters are read while presses continue: compare the ones that cannot race.
                assertTrue(sneaky.errors() >= 2, "the ungranted module's calls fail (EACCES returned as status)");
                assertEquals(0, sneaky.traps(), "an errno, not a trap");
                assertEquals(0, blink.errors());
            }
        }
    }
}
