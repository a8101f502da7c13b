package dev.pinion.runtime.mqtt;

import static dev.pinion.runtime.mqtt.MqttSessionTest.WAIT;
import static dev.pinion.runtime.mqtt.MqttSessionTest.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.testkit.Mosquitto;
import io.moquette.broker.Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedded Moquette 0.17 (MQTT 3.1.1 only, 8,092-byte default message limit), as {@code pinion demo} uses it. */
class MqttSessionMoquetteTest {
    @TempDir Path tmp;
    Server moquette;
    int port;

    @BeforeEach
    void start() throws Exception {
        port = Mosquitto.freePort();
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false"); // no report home, no data/.moquette_uuid in the working dir
        p.setProperty("data_path", tmp.resolve("moquette").toString());
        p.setProperty("websocket_port", "disabled");
        moquette = new Server();
        moquette.startServer(p);
    }

    @AfterEach
    void stop() {
        if (moquette != null) moquette.stopServer();
    }

    MqttSettings.Builder settings(String device) {
        return MqttSettings.builder("tcp://127.0.0.1:" + port, device).stateDir(tmp.resolve(device))
                .reconnect(Duration.ofMillis(100), Duration.ofMillis(500));
    }

    @Test
    void auto_fallsBackTo311_andDropsMqtt5FieldsClearly() throws Exception {
        try (MqttSession session = MqttSession.start(settings("gw-moq").build())) {
            assertTrue(session.awaitConnected(WAIT), "connected to Moquette");
            assertEquals(MqttVersion.MQTT_3_1_1, session.version().orElseThrow());
            BlockingQueue<IncomingMessage> got = new LinkedBlockingQueue<>();
            session.subscribe("m/#", 1, got::add).get(10, TimeUnit.SECONDS);
            session.publish(new OutgoingMessage("m/x", utf8("hi"), 1, false, "resp/x", utf8("c"), Map.of("k", "v")))
                    .get(10, TimeUnit.SECONDS);
            IncomingMessage m = got.poll(10, TimeUnit.SECONDS);
            assertNotNull(m);
            assertEquals("hi", new String(m.payload(), StandardCharsets.UTF_8));
            assertNull(m.responseTopic(), "3.1.1 carries no response topic");
            assertNull(m.reply(utf8("x"), 1), "so there is nothing to reply to");
            assertEquals(MqttVersion.MQTT_3_1_1, session.stats().version());
        }
    }

    @Test
    void protocol5Only_neverConnectsToA311Broker() throws Exception {
        try (MqttSession session = MqttSession.start(settings("gw-5only").protocol(MqttSettings.Protocol.MQTT_5).build())) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (session.stats().connectFailures() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(session.stats().connectFailures() >= 2);
            assertTrue(!session.isConnected());
        }
    }

    @Test
    void messageAboveMoquettesLimit_isGivenUp_andTheStreamAfterItStillArrives() throws Exception {
        try (MqttSession session = MqttSession.start(settings("gw-big").build())) {
            assertTrue(session.awaitConnected(WAIT));
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            session.subscribe("big/#", 1, m -> got.add(m.topic())).get(10, TimeUnit.SECONDS);
            var big = session.publish("big/huge", new byte[20_000], 1, false);
            var after = session.publish("big/after", utf8("ok"), 1, false);
            ExecutionException e = assertThrows(ExecutionException.class, () -> big.get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("times while it was in flight"), e.getCause().getMessage());
            after.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("big/after", got.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
    }
}
