package dev.pinion.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ConfigNodeTest {
    private static ConfigNode yaml(String text) {
        return ConfigNode.parse(text, "pinion.yaml", Path.of("/etc/pinion"));
    }

    private static String message(Executable e) {
        return assertThrows(ConfigException.class, e).getMessage();
    }

    @Test
    void scalars_readByTheTypeAsked() {
        ConfigNode root = yaml("""
                device_id: 42
                broker:
                  keepalive: 30s
                  outbox: 16MiB
                  retries: 0x10
                  tls: false
                  ratio: 1.5
                """);
        assertEquals("42", root.get("device_id").string());
        ConfigNode broker = root.get("broker").keys("keepalive", "outbox", "retries", "tls", "ratio");
        assertEquals(Duration.ofSeconds(30), broker.get("keepalive").duration());
        assertEquals(16L << 20, broker.get("outbox").bytes());
        assertEquals(16, broker.get("retries").intValue(0, 100));
        assertFalse(broker.get("tls").bool());
        assertEquals(1.5, broker.get("ratio").doubleValue());
        assertEquals("broker.keepalive", broker.get("keepalive").path());
        assertEquals(3, broker.get("keepalive").line());
    }

    @Test
    void unknownKey_namesKeyLineAndSuggestion() {
        ConfigNode root = yaml("""
                broker:
                  url: tcp://localhost:1883
                  keepalve: 30s
                """);
        assertEquals("pinion.yaml:3: broker.keepalve: unknown key; did you mean 'keepalive'? (allowed here: keepalive, url)",
                message(() -> root.get("broker").keys("url", "keepalive")));
    }

    @Test
    void missingAndEmptyKeys_areErrorsAtTheirPlace() {
        ConfigNode root = yaml("""
                broker:
                  url:
                """);
        assertEquals("pinion.yaml:2: broker.url: has no value", message(() -> root.get("broker").get("url")));
        assertEquals("pinion.yaml:1: broker.port: missing required key", message(() -> root.get("broker").get("port")));
        assertTrue(root.get("broker").find("url").isEmpty());
    }

    @Test
    void wrongTypes_sayWhatWasExpectedAndFound() {
        ConfigNode root = yaml("""
                limits:
                  fuel: lots
                  timeout: 10
                  memory: [1, 2]
                  enabled: yes
                modules: {a: 1}
                """);
        ConfigNode limits = root.get("limits");
        assertEquals("pinion.yaml:2: limits.fuel: expected an integer, found \"lots\"",
                message(() -> limits.get("fuel").longValue(0, Long.MAX_VALUE)));
        assertEquals("pinion.yaml:3: limits.timeout: expected a duration such as 500ms, 10s or 2m, found \"10\"",
                message(() -> limits.get("timeout").duration()));
        assertEquals("pinion.yaml:4: limits.memory: expected a size, found a list", message(() -> limits.get("memory").bytes()));
        assertEquals("pinion.yaml:5: limits.enabled: expected true or false, found \"yes\"", message(() -> limits.get("enabled").bool()));
        assertEquals("pinion.yaml:6: modules: expected a list, found a map", message(() -> root.get("modules").list()));
        assertEquals("pinion.yaml:2: limits.fuel: must be between 1 and 10, found 0",
                message(() -> yaml("limits:\n  fuel: 0\n").get("limits").get("fuel").longValue(1, 10)));
    }

    @Test
    void duplicateKeys_areRejected() {
        String m = message(() -> yaml("a: 1\nb: 2\na: 3\n").get("a"));
        assertTrue(m.startsWith("pinion.yaml:"), m);
        assertTrue(m.contains("a") && (m.contains("duplicate") || m.contains("found duplicate key")), m);
    }

    @Test
    void syntaxErrors_carryTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> yaml("a: 1\nb: [1, 2\nc: 3\n"));
        assertTrue(e.line() >= 2, e.getMessage());
        assertTrue(e.getMessage().startsWith("pinion.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void listsAndEntries_keepFileOrderAndPaths() {
        ConfigNode root = yaml("""
                modules:
                  - path: a.wasm
                    grants: led:out
                  - path: /opt/b.wasm
                    grants: [button:in, room_temp:read]
                board:
                  led: {type: senser}
                  button: {type: gpio-in}
                """);
        List<ConfigNode> modules = root.get("modules").list();
        assertEquals(Path.of("/etc/pinion/a.wasm"), modules.get(0).get("path").file());
        assertEquals(Path.of("/opt/b.wasm"), modules.get(1).get("path").file());
        assertEquals(List.of("led:out"), modules.get(0).get("grants").strings());
        assertEquals(List.of("button:in", "room_temp:read"), modules.get(1).get("grants").strings());
        assertEquals("modules[1].grants", modules.get(1).get("grants").path());
        assertEquals(List.of("led", "button"), List.copyOf(root.get("board").entries().keySet()));
        assertEquals("pinion.yaml:8: board.button.type: expected one of gpio-out, sensor, found \"gpio-in\"",
                message(() -> root.get("board").get("button").get("type").oneOf("gpio-out", "sensor")));
        assertEquals("pinion.yaml:7: board.led.type: expected one of gpio-in, sensor, found \"senser\"; did you mean 'sensor'?",
                message(() -> root.get("board").get("led").get("type").oneOf("gpio-in", "sensor")));
    }

    @Test
    void tagsAreNotHonoured_soAFileCannotConstructObjects() {
        ConfigNode root = yaml("x: !!java.lang.Runtime {}\n");
        assertEquals("pinion.yaml:1: x: expected a string, found a map", message(() -> root.get("x").string()));
    }

    @Test
    void load_reportsMissingAndNonUtf8Files(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.yaml");
        assertEquals(missing + ": no such file", message(() -> ConfigNode.load(missing)));
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        assertEquals(latin1 + ": not UTF-8 text", message(() -> ConfigNode.load(latin1)));
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "path: mod.wasm\n");
        assertEquals(dir.resolve("mod.wasm"), ConfigNode.load(ok).get("path").file());
    }
}
