package dev.pinion.runtime.mqtt;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the gateway's one MQTT session reaches its broker. Immutable; build with {@link #builder(String, String)}.
 * The config file's {@code broker} section becomes one of these through
 * {@code dev.pinion.runtime.config.BrokerSection}.
 *
 * @param url broker address, {@code tcp://host:port} or {@code ssl://host:port} ({@code mqtt://} and
 *     {@code mqtts://} are accepted as aliases); the port defaults to 1883 / 8883
 * @param deviceId the gateway's device id: names the {@code pinion/<device>/state} topic
 * @param clientId the MQTT client id (defaults to the device id)
 * @param caFile PEM file of the CA certificate(s) that sign the broker's certificate, or null for the JDK's
 *     trust store (ssl:// only)
 * @param username user name, or null
 * @param password password, or null (never printed by {@link #toString()})
 * @param clientCertificate PEM client certificate (chain) for TLS client authentication, or null
 * @param clientKey PEM PKCS#8 private key of {@code clientCertificate}, or null
 * @param keepAlive MQTT keep-alive interval
 * @param connectTimeout how long one connection attempt may take
 * @param sessionExpiry how long the broker keeps the session (subscriptions, queued QoS 1 messages) while the
 *     gateway is away; zero asks for a clean session on every connect
 * @param reconnectMin first reconnect delay; doubles on every failed attempt (with jitter)
 * @param reconnectMax the longest reconnect delay
 * @param stateDir directory for the outbox and the session counter (created if missing)
 * @param outboxLimit most QoS 1 messages kept on disk while offline; the oldest is dropped beyond it
 * @param protocol which MQTT version to speak
 * @param closeTimeout how long {@link MqttSession#close()} may spend flushing the outbox and saying goodbye
 */
public record MqttSettings(
        URI url,
        String deviceId,
        String clientId,
        Path caFile,
        String username,
        String password,
        Path clientCertificate,
        Path clientKey,
        Duration keepAlive,
        Duration connectTimeout,
        Duration sessionExpiry,
        Duration reconnectMin,
        Duration reconnectMax,
        Path stateDir,
        int outboxLimit,
        Protocol protocol,
        Duration closeTimeout) {

    /** The MQTT version preference. */
    public enum Protocol {
        /** MQTT 5, falling back to 3.1.1 when the broker does not speak 5 (and staying there). */
        AUTO,
        /** MQTT 5 only. */
        MQTT_5,
        /** MQTT 3.1.1 only: no response topic, correlation data or user properties. */
        MQTT_3_1_1;

        /** Parses the config spelling: {@code auto}, {@code 5}, {@code 3.1.1}. */
        public static Protocol parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "5", "5.0", "mqtt5" -> MQTT_5;
                case "3.1.1", "3", "4", "mqtt3" -> MQTT_3_1_1;
                default -> throw new IllegalArgumentException(
                        "protocol must be auto, 5 or 3.1.1, not '" + text + "'");
            };
        }
    }

    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(1);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(60);
    public static final int DEFAULT_OUTBOX_LIMIT = 10_000;
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    public MqttSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(protocol, "protocol");
        url = normalise(url);
        if (deviceId.isEmpty() || deviceId.contains("/") || deviceId.contains("+") || deviceId.contains("#")) {
            throw new IllegalArgumentException(
                    "device id must be non-empty and contain no '/', '+' or '#': '" + deviceId + "'");
        }
        if (clientId == null || clientId.isEmpty()) clientId = deviceId;
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new IllegalArgumentException("a client certificate needs its key and a key its certificate");
        }
        if (!isTls(url) && (caFile != null || clientCertificate != null)) {
            throw new IllegalArgumentException("TLS settings (CA file, client certificate) need an ssl:// url, not "
                    + url);
        }
        if (password != null && username == null) {
            throw new IllegalArgumentException("a password needs a username");
        }
        keepAlive = positive(keepAlive, DEFAULT_KEEP_ALIVE, "keepAlive");
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
        reconnectMin = positive(reconnectMin, DEFAULT_RECONNECT_MIN, "reconnectMin");
        reconnectMax = positive(reconnectMax, DEFAULT_RECONNECT_MAX, "reconnectMax");
        closeTimeout = positive(closeTimeout, DEFAULT_CLOSE_TIMEOUT, "closeTimeout");
        if (sessionExpiry == null) sessionExpiry = DEFAULT_SESSION_EXPIRY;
        if (sessionExpiry.isNegative()) throw new IllegalArgumentException("sessionExpiry must not be negative");
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMax (" + reconnectMax + ") is below reconnectMin ("
                    + reconnectMin + ")");
        }
        if (keepAlive.toSeconds() < 1 || keepAlive.toSeconds() > 65_535) {
            throw new IllegalArgumentException("keepAlive must be 1 s to 65535 s, not " + keepAlive);
        }
        if (outboxLimit < 1) throw new IllegalArgumentException("outboxLimit must be at least 1, not " + outboxLimit);
    }

    /** Settings with every optional field at its default. */
    public static Builder builder(String url, String deviceId) {
        return new Builder(URI.create(url), deviceId);
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(url, deviceId);
        b.clientId = clientId;
        b.caFile = caFile;
        b.username = username;
        b.password = password;
        b.clientCertificate = clientCertificate;
        b.clientKey = clientKey;
        b.keepAlive = keepAlive;
        b.connectTimeout = connectTimeout;
        b.sessionExpiry = sessionExpiry;
        b.reconnectMin = reconnectMin;
        b.reconnectMax = reconnectMax;
        b.stateDir = stateDir;
        b.outboxLimit = outboxLimit;
        b.protocol = protocol;
        b.closeTimeout = closeTimeout;
        return b;
    }

    /** True for {@code ssl://} urls. */
    public boolean tls() {
        return isTls(url);
    }

    /** The retained state topic: {@code pinion/<device>/state}. */
    public String stateTopic() {
        return "pinion/" + deviceId + "/state";
    }

    @Override
    public String toString() {
        return "MqttSettings[url=" + url + ", deviceId=" + deviceId + ", clientId=" + clientId + ", caFile=" + caFile
                + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", clientCertificate=" + clientCertificate + ", keepAlive=" + keepAlive + ", sessionExpiry="
                + sessionExpiry + ", stateDir=" + stateDir + ", outboxLimit=" + outboxLimit + ", protocol="
                + protocol + "]";
    }

    private static boolean isTls(URI url) {
        return "ssl".equals(url.getScheme());
    }

    private static URI normalise(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String canonical = switch (scheme) {
            case "tcp", "mqtt" -> "tcp";
            case "ssl", "mqtts", "tls" -> "ssl";
            default -> throw new IllegalArgumentException(
                    "broker url must start with tcp:// or ssl:// (mqtt:// and mqtts:// also work): '" + url + "'");
        };
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("broker url has no host: '" + url + "'");
        }
        if (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/")) {
            throw new IllegalArgumentException("broker url must not have a path: '" + url + "'");
        }
        int port = url.getPort() > 0 ? url.getPort() : canonical.equals("ssl") ? 8883 : 1883;
        return URI.create(canonical + "://" + url.getHost() + ":" + port);
    }

    private static Duration positive(Duration d, Duration dflt, String name) {
        if (d == null) return dflt;
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, not " + d);
        return d;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private URI url;
        private String deviceId;
        private String clientId;
        private Path caFile;
        private String username;
        private String password;
        private Path clientCertificate;
        private Path clientKey;
        private Duration keepAlive;
        private Duration connectTimeout;
        private Duration sessionExpiry;
        private Duration reconnectMin;
        private Duration reconnectMax;
        private Path stateDir = Path.of("/var/lib/pinion/mqtt");
        private int outboxLimit = DEFAULT_OUTBOX_LIMIT;
        private Protocol protocol = Protocol.AUTO;
        private Duration closeTimeout;

        private Builder(URI url, String deviceId) {
            this.url = url;
            this.deviceId = deviceId;
        }

        public Builder url(String url) { this.url = URI.create(url); return this; }
        public Builder clientId(String clientId) { this.clientId = clientId; return this; }
        public Builder caFile(Path caFile) { this.caFile = caFile; return this; }
        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }
        public Builder clientCertificate(Path certificate, Path key) {
            this.clientCertificate = certificate;
            this.clientKey = key;
            return this;
        }
        public Builder keepAlive(Duration keepAlive) { this.keepAlive = keepAlive; return this; }
        public Builder connectTimeout(Duration timeout) { this.connectTimeout = timeout; return this; }
        public Builder sessionExpiry(Duration expiry) { this.sessionExpiry = expiry; return this; }
        public Builder reconnect(Duration min, Duration max) {
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }
        public Builder stateDir(Path dir) { this.stateDir = dir; return this; }
        public Builder outboxLimit(int limit) { this.outboxLimit = limit; return this; }
        public Builder protocol(Protocol protocol) { this.protocol = protocol; return this; }
        public Builder closeTimeout(Duration timeout) { this.closeTimeout = timeout; return this; }

        public MqttSettings build() {
            return new MqttSettings(url, deviceId, clientId, caFile, username, password, clientCertificate,
                    clientKey, keepAlive, connectTimeout, sessionExpiry, reconnectMin, reconnectMax, stateDir,
                    outboxLimit, protocol, closeTimeout);
        }
    }
}
