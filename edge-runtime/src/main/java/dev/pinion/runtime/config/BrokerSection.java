package dev.pinion.runtime.config;

import dev.pinion.runtime.mqtt.MqttSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code broker} section of the config file, read into {@link MqttSettings}:
 *
 * <pre>
 * broker:
 *   url: ssl://broker.example.net:8883   # tcp:// or ssl:// (required)
 *   client_id: gw-17                     # default: device_id
 *   protocol: auto                       # auto (5, falling back to 3.1.1) | 5 | 3.1.1
 *   keepalive: 30s
 *   connect_timeout: 10s
 *   session_expiry: 1h                   # how long the broker keeps subscriptions and queued messages; 0s: clean
 *   reconnect_min: 500ms                 # backoff doubles from here, with jitter ...
 *   reconnect_max: 60s                   # ... up to here
 *   username: gw-17
 *   password_file: /etc/pinion/broker.password   # or password: (kept out of world-readable files preferably)
 *   tls:                                 # ssl:// only
 *     ca_file: /etc/pinion/ca.pem        # default: the JDK's trust store
 *     cert_file: /etc/pinion/gw-17.crt   # client certificate (PEM) ...
 *     key_file: /etc/pinion/gw-17.key    # ... and its PKCS#8 PEM key
 *   outbox_limit: 10000                  # QoS 1 messages kept on disk while offline; the oldest dropped beyond
 *   close_timeout: 5s                    # time to flush the outbox on shutdown
 * </pre>
 *
 * Files are checked here (exist, readable), so a typo fails at start-up with the line, not at the first connect.
 */
public final class BrokerSection {
    private BrokerSection() {}

    /**
     * Reads the section.
     *
     * @param broker the {@code broker} node
     * @param deviceId the file's {@code device_id} (the default client id, and the state topic's device level)
     * @param dataDir the file's {@code data_dir}; the session keeps its outbox and counter in {@code dataDir/mqtt}
     * @throws ConfigException naming the key and line of the first problem
     */
    public static MqttSettings parse(ConfigNode broker, String deviceId, Path dataDir) {
        broker.keys("url", "client_id", "protocol", "keepalive", "connect_timeout", "session_expiry",
                "reconnect_min", "reconnect_max", "username", "password", "password_file", "tls", "outbox_limit",
                "close_timeout");
        String url = broker.get("url").string();
        MqttSettings.Builder b;
        try {
            b = MqttSettings.builder(url, deviceId).stateDir(dataDir.resolve("mqtt"));
            b.build(); // checks the url now, so the error points at it
        } catch (IllegalArgumentException e) {
            throw broker.errorAt("url", "not a broker url: " + e.getMessage());
        }
        broker.find("client_id").ifPresent(n -> {
            String id = n.string();
            if (id.length() > 65_535) throw n.error("client id too long");
            b.clientId(id);
        });
        broker.find("protocol").ifPresent(n -> b.protocol(switch (n.oneOf("auto", "5", "3.1.1")) {
            case "5" -> MqttSettings.Protocol.MQTT_5;
            case "3.1.1" -> MqttSettings.Protocol.MQTT_3_1_1;
            default -> MqttSettings.Protocol.AUTO;
        }));
        broker.find("keepalive").ifPresent(n -> b.keepAlive(range(n, Duration.ofSeconds(1), Duration.ofSeconds(65_535))));
        broker.find("connect_timeout").ifPresent(n -> b.connectTimeout(range(n, Duration.ofSeconds(1), Duration.ofMinutes(10))));
        broker.find("session_expiry").ifPresent(n -> b.sessionExpiry(range(n, Duration.ZERO, Duration.ofSeconds(0xFFFF_FFFFL))));
        Duration min = broker.find("reconnect_min").map(n -> range(n, Duration.ofMillis(10), Duration.ofHours(1)))
                .orElse(MqttSettings.DEFAULT_RECONNECT_MIN);
        Duration max = broker.find("reconnect_max").map(n -> range(n, Duration.ofMillis(10), Duration.ofHours(24)))
                .orElse(MqttSettings.DEFAULT_RECONNECT_MAX.compareTo(min) < 0 ? min : MqttSettings.DEFAULT_RECONNECT_MAX);
        if (max.compareTo(min) < 0) throw broker.errorAt("reconnect_max", "must not be below reconnect_min (" + min + ")");
        b.reconnect(min, max);
        String username = broker.find("username").map(ConfigNode::string).orElse(null);
        String password = broker.find("password").map(ConfigNode::string).orElse(null);
        if (broker.has("password_file")) {
            if (password != null) throw broker.errorAt("password_file", "give either password or password_file, not both");
            ConfigNode n = broker.get("password_file");
            Path file = readable(n);
            try {
                password = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw n.error("cannot read " + file + ": " + e.getMessage());
            }
            if (password.isEmpty()) throw n.error(file + " is empty");
        }
        if (password != null && username == null) {
            throw broker.errorAt(broker.has("password") ? "password" : "password_file", "a password needs a username");
        }
        b.credentials(username, password);
        boolean tlsUrl = b.build().tls();
        broker.find("tls").ifPresent(tls -> {
            tls.keys("ca_file", "cert_file", "key_file");
            if (!tlsUrl) throw broker.errorAt("tls", "tls settings need an ssl:// url, not " + url);
            tls.find("ca_file").ifPresent(n -> b.caFile(readable(n)));
            Path cert = tls.find("cert_file").map(BrokerSection::readable).orElse(null);
            Path key = tls.find("key_file").map(BrokerSection::readable).orElse(null);
            if (cert != null && key == null) throw tls.errorAt("cert_file", "a client certificate needs key_file too");
            if (key != null && cert == null) throw tls.errorAt("key_file", "a client key needs cert_file too");
            b.clientCertificate(cert, key);
        });
        broker.find("outbox_limit").ifPresent(n -> b.outboxLimit(n.intValue(1, 10_000_000)));
        broker.find("close_timeout").ifPresent(n -> b.closeTimeout(range(n, Duration.ofMillis(100), Duration.ofMinutes(10))));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw broker.error(e.getMessage());
        }
    }

    private static Duration range(ConfigNode n, Duration min, Duration max) {
        Duration d = n.duration();
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw n.error("must be between " + text(min) + " and " + text(max) + ", found " + text(d));
        }
        return d;
    }

    private static String text(Duration d) {
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        return d.toSeconds() + "s";
    }

    private static Path readable(ConfigNode n) {
        Path p = n.file();
        if (!Files.exists(p)) throw n.error("no such file: " + p);
        if (!Files.isReadable(p) || Files.isDirectory(p)) throw n.error("not a readable file: " + p);
        return p;
    }
}
