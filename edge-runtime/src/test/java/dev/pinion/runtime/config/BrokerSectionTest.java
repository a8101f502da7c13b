package dev.pinion.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pinion.runtime.mqtt.MqttSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerSectionTest {
    @TempDir Path dir;

    MqttSettings parse(String yaml) {
        ConfigNode root = ConfigNode.parse(yaml, "pinion.yaml", dir);
        return BrokerSection.parse(root.get("broker"), "gw-1", Path.of("/var/lib/pinion"));
    }

    String error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void minimal_defaultsEverythingElse() {
        MqttSettings s = parse("broker:\n  url: tcp://localhost\n");
        assertEquals(URI.create("tcp://localhost:1883"), s.url());
        assertEquals("gw-1", s.clientId());
        assertEquals(MqttSettings.Protocol.AUTO, s.protocol());
        assertEquals(Path.of("/var/lib/pinion/mqtt"), s.stateDir());
        assertEquals(MqttSettings.DEFAULT_OUTBOX_LIMIT, s.outboxLimit());
        assertEquals("pinion/gw-1/state", s.stateTopic());
        assertNull(s.caFile());
    }

    @Test
    void full_readsEveryKey() throws IOException {
        Files.writeString(dir.resolve("ca.pem"), "x");
        Files.writeString(dir.resolve("gw.crt"), "x");
        Files.writeString(dir.resolve("gw.key"), "x");
        Files.writeString(dir.resolve("pw"), "s3cret\n");
        MqttSettings s = parse("""
                broker:
                  url: ssl://broker.example.net
                  client_id: gw-1-a
                  protocol: "3.1.1"
                  keepalive: 45s
                  connect_timeout: 5s
                  session_expiry: 0s
                  reconnect_min: 1s
                  reconnect_max: 2m
                  username: gw
                  password_file: pw
                  tls:
                    ca_file: ca.pem
                    cert_file: gw.crt
                    key_file: gw.key
                  outbox_limit: 500
                  close_timeout: 3s
                """);
        assertEquals(URI.create("ssl://broker.example.net:8883"), s.url());
        assertEquals("gw-1-a", s.clientId());
        assertEquals(MqttSettings.Protocol.MQTT_3_1_1, s.protocol());
        assertEquals(Duration.ofSeconds(45), s.keepAlive());
        assertEquals(Duration.ZERO, s.sessionExpiry());
        assertEquals(Duration.ofMinutes(2), s.reconnectMax());
        assertEquals("s3cret", s.password());
        assertEquals(dir.resolve("ca.pem"), s.caFile());
        assertEquals(dir.resolve("gw.key"), s.clientKey());
        assertEquals(500, s.outboxLimit());
    }

    @Test
    void errors_nameTheKeyAndTheLine() {
        assertEquals("pinion.yaml:2: broker.url: not a broker url: broker url must start with tcp:// or ssl://"
                + " (mqtt:// and mqtts:// also work): 'http://x'", error("broker:\n  url: http://x\n"));
        String unknown = error("broker:\n  url: tcp://x\n  keep_alive: 3s\n");
        assertEquals(true, unknown.startsWith("pinion.yaml:3: broker.keep_alive: unknown key; did you mean 'keepalive'?"),
                unknown);
        assertEquals("pinion.yaml:4: broker.tls: tls settings need an ssl:// url, not tcp://x",
                error("broker:\n  url: tcp://x\n  tls:\n    ca_file: ca.pem\n"));
        String missing = error("broker:\n  url: ssl://x\n  tls:\n    ca_file: nope.pem\n");
        assertEquals(true, missing.startsWith("pinion.yaml:4: broker.tls.ca_file: no such file: "), missing);
        assertEquals("pinion.yaml:3: broker.protocol: expected one of auto, 5, 3.1.1, found \"v5\"; did you mean '5'?",
                error("broker:\n  url: tcp://x\n  protocol: v5\n"));
        assertEquals("pinion.yaml:3: broker.password: a password needs a username",
                error("broker:\n  url: tcp://x\n  password: p\n"));
        assertEquals("pinion.yaml:3: broker.keepalive: must be between 1s and 65535s, found 0s",
                error("broker:\n  url: tcp://x\n  keepalive: 0s\n"));
    }
}
