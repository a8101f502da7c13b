package dev.pinion.runtime.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pinion.ota.json.Json;
import dev.pinion.testkit.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session against a real Mosquitto (MQTT 5). */
class MqttSessionTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir Path tmp;
    Mosquitto broker;

    @BeforeEach
    void startBroker() {
        broker = Mosquitto.start();
    }

    @AfterEach
    void stopBroker() {
        if (broker != null) broker.close();
    }

    MqttSettings.Builder settings(String device) {
        return MqttSettings.builder(broker.url(), device)
                .stateDir(tmp.resolve(device))
                .reconnect(Duration.ofMillis(100), Duration.ofMillis(800));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void publishAndSubscribe_mqtt5_carriesResponseTopicCorrelationAndUserProperties() throws Exception {
        try (MqttSession session = MqttSession.start(settings("gw1").build())) {
            BlockingQueue<IncomingMessage> got = new LinkedBlockingQueue<>();
            assertTrue(session.awaitConnected(WAIT), "connected");
            assertEquals(MqttVersion.MQTT_5, session.version().orElseThrow());
            assertEquals(1, session.subscribe("req/#", 1, got::add).get(10, TimeUnit.SECONDS));
            session.publish(new OutgoingMessage("req/a", utf8("hello"), 1, false, "resp/gw1", utf8("c-42"),
                    Map.of("k", "v"))).get(10, TimeUnit.SECONDS);
            IncomingMessage m = got.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "message delivered");
            assertEquals("req/a", m.topic());
            assertEquals("hello", new String(m.payload(), StandardCharsets.UTF_8));
            assertEquals("resp/gw1", m.responseTopic());
            assertArrayEquals(utf8("c-42"), m.correlationData());
            assertEquals(Map.of("k", "v"), m.userProperties());
            OutgoingMessage reply = m.reply(utf8("pong"), 1);
            assertEquals("resp/gw1", reply.topic());
            assertArrayEquals(utf8("c-42"), reply.correlationData());
            MqttStats stats = session.stats();
            assertTrue(stats.connected());
            assertEquals(1, stats.messagesOut());
            assertEquals(1, stats.messagesIn());
        }
    }

    @Test
    void birthAndCleanClose_publishRetainedOnlineThenOfflineWithSessionCounter() throws Exception {
        try (Observer obs = new Observer(broker.url(), "obs", false, "pinion/gw2/state")) {
            for (int run = 1; run <= 2; run++) {
                try (MqttSession session = MqttSession.start(settings("gw2").build())) {
                    assertTrue(session.awaitConnected(WAIT));
                    Json online = awaitState(obs, "online");
                    assertEquals(run, online.get("session").longValue(), "session counter persists across starts");
                    assertEquals("gw2", online.get("client_id").asText());
                    assertEquals("5", online.get("mqtt").asText());
                }
                Json offline = awaitState(obs, "offline");
                assertEquals(run, offline.get("session").longValue());
                assertEquals("shutdown", offline.get("reason").asText());
            }
        }
        // retained: a newcomer sees the last state
        try (Observer late = new Observer(broker.url(), "late", false, "pinion/gw2/state")) {
            Observer.Received r = late.await(WAIT, x -> true);
            assertNotNull(r);
            assertTrue(r.retained());
            assertEquals("offline", json(r.payload()).get("state").asText());
        }
    }

    static Json json(String payload) throws java.io.IOException {
        return Json.parse(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Json awaitState(Observer obs, String state) throws Exception {
        Observer.Received r = obs.await(WAIT, x -> x.topic().endsWith("/state") && x.payload().contains("\"" + state + "\""));
        assertNotNull(r, "no '" + state + "' state message");
        return json(r.payload());
    }

    @Test
    void firstConnectFails_thenSucceedsWhenTheBrokerComesUp() throws Exception {
        broker.stop();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (MqttSession session = MqttSession.start(settings("gw3").build())) {
            session.addListener(new ConnectionListener() {
                @Override
                public void connected(MqttVersion version, boolean sessionPresent) {
                    events.add("connected " + version.text());
                }

                @Override
                public void disconnected(String reason) {
                    events.add("disconnected");
                }
            });
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (session.stats().connectFailures() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(session.stats().connectFailures() >= 2, "retried the failed first connect");
            assertFalse(session.isConnected());
            assertEquals("disconnected", events.poll(10, TimeUnit.SECONDS), "listener told of the failed attempts");
            broker.startAgain();
            assertTrue(session.awaitConnected(WAIT), "connected once the broker is up");
            assertEquals(1, session.stats().connects());
            String last;
            do {
                last = events.poll(10, TimeUnit.SECONDS);
            } while (last != null && last.equals("disconnected"));
            assertEquals("connected 5", last);
            broker.stop();
            assertEquals("disconnected", events.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "listener told of the loss");
            assertFalse(session.stats().connected());
        }
    }

    /** The issue's "a minute" of outage: 10 s by default, {@code -Dpinion.mqtt.outageMillis=60000} for the full one. */
    @Test
    void brokerDown_qos1PublishesGoToTheOutbox_andAllArriveInOrderAfterReconnect() throws Exception {
        Duration down = Duration.ofMillis(Long.getLong("pinion.mqtt.outageMillis", 10_000));
        int count = 300;
        try (Observer obs = new Observer(broker.url(), "obs4", true, "data/#");
                MqttSession session = MqttSession.start(settings("gw4").build())) {
            assertTrue(session.awaitConnected(WAIT));
            broker.stop();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (session.isConnected() && System.nanoTime() < deadline) Thread.sleep(10);
            assertFalse(session.isConnected());
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                session.publish("data/n", utf8(Integer.toString(i)), 1, false);
                Thread.sleep(Math.max(0, down.toMillis() / count));
            }
            assertEquals(count, session.stats().outboxSize());
            assertEquals(count, Files.list(tmp.resolve("gw4/outbox")).count(), "one file per waiting message");
            long left = down.toNanos() - (System.nanoTime() - start);
            if (left > 0) Thread.sleep(left / 1_000_000);
            broker.startAgain();
            assertTrue(session.awaitConnected(WAIT));
            for (int i = 0; i < count; i++) {
                Observer.Received r = obs.await(WAIT, x -> x.topic().equals("data/n"));
                assertNotNull(r, "message " + i + " arrived; " + session.stats() + "\n" + broker.log());
                assertEquals(Integer.toString(i), r.payload(), "in order");
            }
            deadline = System.nanoTime() + WAIT.toNanos();
            while (session.stats().outboxSize() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(0, session.stats().outboxSize());
            assertEquals(0, Files.list(tmp.resolve("gw4/outbox")).count());
        }
    }
}
