package dev.pinion.runtime.mqtt;

import static dev.pinion.runtime.mqtt.MqttSessionTest.WAIT;
import static dev.pinion.runtime.mqtt.MqttSessionTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.testkit.Mosquitto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with a CA file and a client certificate, against Mosquitto's TLS listener. */
class MqttSessionTlsTest {
    @TempDir static Path dir;
    static TestCertificates certs;
    static Mosquitto broker;
    static int tlsPort;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir);
        tlsPort = Mosquitto.freePort();
        broker = Mosquitto.builder().config(
                "listener " + tlsPort + " 127.0.0.1",
                "cafile " + certs.caCert,
                "certfile " + certs.serverCert,
                "keyfile " + certs.serverKey,
                "require_certificate true").start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    MqttSettings.Builder settings(String device) {
        return MqttSettings.builder("ssl://127.0.0.1:" + tlsPort, device).stateDir(dir.resolve(device))
                .reconnect(Duration.ofMillis(100), Duration.ofMillis(500));
    }

    @Test
    void caFileAndClientCertificate_connectAndCarryMessages() throws Exception {
        MqttSettings s = settings("gw-tls").caFile(certs.caCert).clientCertificate(certs.clientCert, certs.clientKey)
                .build();
        try (MqttSession session = MqttSession.start(s)) {
            assertTrue(session.awaitConnected(WAIT), "TLS connect; failures " + session.stats().connectFailures()
                    + "\n" + broker.log());
            BlockingQueue<IncomingMessage> got = new LinkedBlockingQueue<>();
            session.subscribe("tls/#", 1, got::add).get(10, TimeUnit.SECONDS);
            session.publish("tls/x", utf8("secret"), 1, false).get(10, TimeUnit.SECONDS);
            assertEquals("secret", new String(got.poll(10, TimeUnit.SECONDS).payload()));
        }
    }

    @Test
    void brokerCertificateNotSignedByATrustedCa_neverConnects() throws Exception {
        // No ca_file: the JDK's trust store does not know the test CA.
        MqttSettings s = settings("gw-untrusted").clientCertificate(certs.clientCert, certs.clientKey).build();
        try (MqttSession session = MqttSession.start(s)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (session.stats().connectFailures() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(session.stats().connectFailures() >= 2);
            assertFalse(session.isConnected());
        }
    }

    @Test
    void missingClientCertificate_brokerRefuses() throws Exception {
        MqttSettings s = settings("gw-nocert").caFile(certs.caCert).build();
        try (MqttSession session = MqttSession.start(s)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (session.stats().connectFailures() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(session.stats().connectFailures() >= 2);
            assertFalse(session.isConnected());
        }
    }
}
