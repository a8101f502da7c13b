package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.runtime.mqtt.MqttSession;
import dev.pinion.runtime.mqtt.MqttSettings;
import dev.pinion.testkit.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pinion status} against a real Mosquitto with a real session's retained state. */
class StatusCommandTest {
    static Mosquitto broker;
    @TempDir static Path tmp;

    @BeforeAll
    static void start() {
        broker = Mosquitto.start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    @Test
    void onlineGatewayWithModules_printsStateAndATable() throws Exception {
        MqttSettings s = MqttSettings.builder(broker.url(), "gw-st").stateDir(tmp.resolve("gw-st")).build();
        try (MqttSession session = MqttSession.start(s)) {
            assertTrue(session.awaitConnected(Duration.ofSeconds(20)));
            session.publish("pinion/gw-st/modules/thermostat/status", utf8("{\"device\":\"gw-st\",\"module\":"
                    + "\"thermostat\",\"state\":\"active\",\"version\":\"1.2.0\",\"sha256\":"
                    + "\"3f2a9c1d0b7e4455667788990011223344556677889900aabbccddeeff0011\"}"), 1, true)
                    .get(10, TimeUnit.SECONDS);
            session.publish("pinion/gw-st/modules/alarm/status", utf8("{\"module\":\"alarm\",\"state\":\"rolled_back\","
                    + "\"version\":\"3.0.0\",\"reason\":\"health_check_failed\",\"detail\":\"trapped 3 times\","
                    + "\"active\":{\"version\":\"2.0.0\"}}"), 1, true).get(10, TimeUnit.SECONDS);
            CliRun run = CliRun.of("status", "--broker", broker.url(), "--device", "gw-st");
            assertEquals(0, run.exitCode(), run.err());
            String[] lines = run.out().split("\n");
            assertTrue(lines[0].matches("gw-st: online \\(session 1, since \\S+, MQTT 5\\)"), lines[0]);
            assertEquals("MODULE      STATE        VERSION  SHA256        ACTIVE  REASON", lines[1]);
            assertEquals("alarm       rolled_back  3.0.0    -             2.0.0   health_check_failed: trapped 3 times",
                    lines[2]);
            assertEquals("thermostat  active       1.2.0    3f2a9c1d0b7e  -       -", lines[3]);
        }
        CliRun after = CliRun.of("status", "--broker", broker.url(), "--device", "gw-st");
        assertEquals(0, after.exitCode());
        assertTrue(after.out().startsWith("gw-st: offline (session 1, shutdown)\n"), after.out());
    }

    @Test
    void unknownDevice_saysSoAndExits1() {
        CliRun run = CliRun.of("status", "--broker", broker.url(), "--device", "nobody", "--timeout", "2s");
        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertEquals("pinion status: " + broker.url() + " has no retained state for device 'nobody' (it never"
                + " connected to this broker, or its device id is different)\n", run.err());
    }

    @Test
    void unreachableBroker_saysSoAndExits1() {
        String url = "tcp://127.0.0.1:" + Mosquitto.freePort();
        CliRun run = CliRun.of("status", "--broker", url, "--device", "gw", "--timeout", "2s");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("pinion status: cannot connect to " + url + ": "), run.err());
    }

    @Test
    void badUrl_isAUsageError() {
        CliRun run = CliRun.of("status", "--broker", "http://x", "--device", "gw");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("pinion status: broker url must start with tcp:// or ssl://"), run.err());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
