package dev.pinion.runtime.mqtt;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A separate JVM running one MqttSession, for the tests that SIGKILL a gateway. Prints one line per event on
 * stdout ({@code connected}, {@code published N}, {@code handling TOPIC PAYLOAD}) so the test knows when to
 * kill it.
 *
 * <p>Modes: {@code idle} (connect and wait), {@code publish N} (publish N numbered QoS 1 messages to
 * {@code out/n}, connected or not, then wait), {@code consume FILTER} (subscribe at QoS 1; each handler call
 * prints and then blocks forever, so the first message is never acknowledged).
 */
public final class SessionChild {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String device = args[1];
        Path stateDir = Path.of(args[2]);
        String mode = args[3];
        MqttSettings settings = MqttSettings.builder(url, device).stateDir(stateDir)
                .reconnect(Duration.ofMillis(100), Duration.ofMillis(500)).build();
        MqttSession session = MqttSession.start(settings);
        switch (mode) {
            case "idle" -> {
                if (!session.awaitConnected(Duration.ofSeconds(30))) throw new IllegalStateException("no connect");
                say("connected");
            }
            case "publish" -> {
                int n = Integer.parseInt(args[4]);
                for (int i = 0; i < n; i++) {
                    session.publish("out/n", Integer.toString(i).getBytes(StandardCharsets.UTF_8), 1, false);
                }
                say("published " + n);
            }
            case "consume" -> {
                session.subscribe(args[4], 1, m -> {
                    say("handling " + m.topic() + " " + new String(m.payload(), StandardCharsets.UTF_8));
                    Thread.sleep(Long.MAX_VALUE);
                }).get();
                say("subscribed");
            }
            default -> throw new IllegalArgumentException(mode);
        }
        // Wait until the parent kills us (or closes stdin: then close cleanly).
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        session.close();
        say("closed");
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
