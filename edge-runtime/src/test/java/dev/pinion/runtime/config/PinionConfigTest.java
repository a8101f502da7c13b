package dev.pinion.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.runtime.supervisor.ModuleLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class PinionConfigTest {
    /** The C example the commented config runs (built by examples/alert/build.sh). */
    public static final Path ALERT_WASM = Path.of("../examples/alert/alert.wasm");

    @TempDir
    Path dir;

    @BeforeEach
    void module() throws IOException {
        Files.createDirectories(dir.resolve("modules"));
        Files.copy(ALERT_WASM, dir.resolve("modules/alert.wasm"));
    }

    /** The example config, as shipped, copied next to the module it names. */
    public static String exampleText() throws IOException {
        try (InputStream in = PinionConfig.class.getResourceAsStream("/dev/pinion/runtime/pinion.example.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    PinionConfig load(String yaml) throws IOException {
        Path file = dir.resolve("pinion.yaml");
        Files.writeString(file, yaml);
        return PinionConfig.load(file);
    }

    String error(String yaml) throws IOException {
        Path file = dir.resolve("pinion.yaml");
        Files.writeString(file, yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> PinionConfig.load(file));
        return e.getMessage().substring(file.toString().length());
    }

    @Test
    void example_loads_everyValueAsCommented() throws IOException {
        PinionConfig c = load(exampleText());
        assertEquals("gw-example", c.deviceId());
        assertEquals(List.of("room_temp:read", "led:out", "button:in"), c.policy().grants());
        assertEquals(new ModuleLimits(10_000_000, Duration.ofMillis(500), 16L << 20, 256), c.limits().defaults());
        assertEquals(new ModuleLimits(1_000_000_000, Duration.ofSeconds(10), 256L << 20, 10_000), c.limits().max());
        assertEquals(256 * 1024, c.limits().maxPayloadBytes());
        assertEquals(5, c.limits().restart().maxFailures());
        assertEquals(Path.of("/var/lib/pinion"), c.dataDir());
        assertEquals("127.0.0.1", c.metricsAddress().getHostString());
        assertEquals(9464, c.metricsAddress().getPort());
        ModuleConfig alert = c.modules().get(0);
        assertEquals("alert", alert.name());
        assertEquals(dir.resolve("modules/alert.wasm"), alert.path());
        assertEquals(new ModuleLimits(5_000_000, Duration.ofMillis(500), 4L << 20, 256), alert.limits());
        assertEquals(List.of(new TriggerConfig.Mqtt("sensors/+/reading", 1, "on_reading")), alert.triggers());
        assertEquals("tiered", c.engineTier());
    }

    @Test
    void minimal_defaults() throws IOException {
        PinionConfig c = load("device_id: gw1\nbroker:\n  url: tcp://127.0.0.1:1883\n");
        assertEquals(ModuleLimits.DEFAULT, c.limits().defaults());
        assertEquals(PolicyConfig.NOTHING, c.policy());
        assertTrue(c.modules().isEmpty());
    }

    @Test
    void metricsDisabled_noAddress() throws IOException {
        assertNull(load("device_id: gw1\nbroker: {url: tcp://h:1}\nmetrics: {enabled: false}\n").metricsAddress());
    }

    static final String HEAD = """
            device_id: gw1
            broker:
              url: tcp://127.0.0.1:1883
            board: sim
            policy:
              grants: [led:out]
              publish: ["alerts/#"]
              subscribe: ["sensors/#"]
            """;

    @Test
    void engineTier_choosesTheTierOfEveryModuleInstance() throws IOException {
        assertEquals(dev.pinion.engine.Config.Tier.INTERP, load(HEAD + "engine:\n  tier: interpreter\n").tier());
        assertEquals(dev.pinion.engine.Config.Tier.TIERED, load(HEAD + "engine:\n  tier: tiered\n").tier());
        assertEquals(dev.pinion.engine.Config.Tier.COMPILED, load(HEAD + "engine:\n  tier: compiled\n").tier());
        assertEquals(dev.pinion.engine.Config.DEFAULT.tier(), load(HEAD).tier(), "no engine section: the engine's default");
        String e = error(HEAD + "engine:\n  tier: jit\n");
        assertTrue(e.startsWith(":10: engine.tier:") && e.contains("interpreter") && e.contains("tiered")
                && e.contains("compiled"), e);
    }

    @Test
    void errors_nameFileLineAndKey() throws IOException {
        assertEquals(":9: devise_id: unknown key; did you mean 'device_id'? (allowed here: board, broker, data_dir, device_id, engine, jssc_native_dir, limits, metrics, modules, ota, policy, trusted_keys)",
                error(HEAD + "devise_id: x\n"));
        assertEquals(":1: device_id: \"gw 1\" is not a valid name: use letters, digits, '_', '.' and '-', 1 to 64 characters, starting with a letter or digit",
                error("device_id: gw 1\nbroker: {url: tcp://h:1}\n"));
        assertEquals(":1: broker: missing required key",
                error("device_id: gw1\n"));
        assertEquals(":11: limits.default.fuel: expected an integer, found \"lots\"",
                error(HEAD + "limits:\n  default:\n    fuel: lots\n"));
        assertEquals(":11: limits.default.timeout: expected a duration such as 500ms, 10s or 2m, found \"500\"",
                error(HEAD + "limits:\n  default:\n    timeout: 500\n"));
        assertEquals(":11: limits.default: default limit above the maximum: memory 67108864 bytes > maximum 33554432 bytes",
                error(HEAD + "limits:\n  default:\n    memory: 64MiB\n  max:\n    memory: 32MiB\n"));
        assertEquals(":10: metrics.address: expected HOST:PORT such as 127.0.0.1:9464 (port 0 picks a free one), found \"localhost\"",
                error(HEAD + "metrics:\n  address: localhost\n"));
        assertEquals(":8: policy.subscribe[0]: \"sensors/#/x\" is not a valid topic filter: '#' must be the last level",
                error(HEAD.replace("\"sensors/#\"", "\"sensors/#/x\"")));
        assertEquals(":6: policy.grants[0]: \"led\" is not a grant: write device:access, e.g. led:out or room_temp:read",
                error(HEAD.replace("[led:out]", "[led]")));
    }

    @Test
    void moduleErrors_nameTheModuleEntry() throws IOException {
        String module = "modules:\n  - name: alert\n    path: modules/alert.wasm\n";
        assertEquals(":11: modules[0].path: no such file: " + dir.resolve("modules/missing.wasm"),
                error(HEAD + module.replace("alert.wasm", "missing.wasm")));
        assertEquals(":12: modules[0].grants[0]: grant relay:out is not allowed by policy.grants",
                error(HEAD + module + "    grants: [relay:out]\n"));
        assertEquals(":12: modules[0].publish[0]: publishing to secrets/# is not allowed by policy.publish",
                error(HEAD + module + "    publish: [\"secrets/#\"]\n"));
        assertEquals(":13: modules[0].limits: above the maximum in limits.max: fuel 2000000000 > maximum 1000000000",
                error(HEAD + module + "    limits:\n      fuel: 2000000000\n"));
        assertEquals(":13: modules[0].triggers[0].mqtt: subscribing to other/+ is not allowed by policy.subscribe",
                error(HEAD + module + "    triggers:\n      - mqtt: other/+\n"));
        assertEquals(":13: modules[0].triggers[0]: a trigger needs exactly one of mqtt, interval and gpio",
                error(HEAD + module + "    triggers:\n      - export: x\n"));
        assertEquals(":13: modules[0].triggers[0].gpio: the board has no device 'doorbell' (it has led, button, relay, relay_sense, room_temp, humidity, thermometer, eeprom, spi_loop, console)",
                error(HEAD + module + "    triggers:\n      - gpio: doorbell\n"));
        assertEquals(":13: modules[0].triggers[0].gpio: 'led' is output, not a digital input",
                error(HEAD + module + "    triggers:\n      - gpio: led\n"));
        assertEquals(":12: modules[0].grants[0]: grant 'ghost:out': the board has no device 'ghost' (it has led, button, relay, relay_sense, room_temp, humidity, thermometer, eeprom, spi_loop, console)",
                error(HEAD.replace("[led:out]", "[led:out, ghost:out]") + module + "    grants: [ghost:out]\n"));
        assertEquals(":11: modules[0].grants[0]: grant 'led:out': the board has no device 'led' (it has no devices: no board configured)",
                error(HEAD.replace("board: sim\n", "") + module + "    grants: [led:out]\n"));
        assertEquals(":14: modules[0].triggers[0].edge: expected one of rising, falling, both, found \"down\"",
                error(HEAD + module + "    triggers:\n      - gpio: button\n        edge: down\n"));
        assertEquals(":13: modules[0].triggers[0].interval: must be between 10ms and 604800s, found 1ms",
                error(HEAD + module + "    triggers:\n      - interval: 1ms\n"));
        assertEquals(":12: modules[1].name: duplicate module name (first at line 10)",
                error(HEAD + module + "  - name: alert\n    path: modules/alert.wasm\n"));
    }

    @Test
    void topicFilterPolicy_coversAndMatches() throws IOException {
        PinionConfig c = load(HEAD + "modules:\n  - name: a\n    path: modules/alert.wasm\n    publish: [alerts/room]\n"
                + "    triggers:\n      - mqtt: $share/fleet/sensors/+/reading\n");
        assertEquals(List.of("alerts/room"), c.modules().get(0).publish());
        assertEquals("$share/fleet/sensors/+/reading", ((TriggerConfig.Mqtt) c.modules().get(0).triggers().get(0)).filter());
    }
}
