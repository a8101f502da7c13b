package dev.pinion.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pinion.testkit.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Type=notify and the watchdog, as systemd sees them: a real unix datagram socket (socat listening on it, as
 * systemd's NOTIFY_SOCKET would be) receives what {@code pinion serve} sends through systemd-notify.
 */
class SystemdNotifyProcessTest {
    @TempDir
    Path dir;
    Process socat;
    Process daemon;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : new Process[] {daemon, socat}) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static boolean installed(String binary) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, binary))) return true;
        }
        return false;
    }

    String received(Path out) throws Exception {
        return Files.readString(out, StandardCharsets.ISO_8859_1);
    }

    @Test
    void readyOnceLoaded_watchdogWhileLive_stoppingOnSigterm() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || (installed("socat") && installed("systemd-notify")),
                "skipped: needs socat and systemd-notify (apt-get install socat systemd)");
        Path socket = dir.resolve("notify.sock");
        Path out = dir.resolve("notify.out");
        socat = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + socket, "STDOUT")
                .redirectOutput(out.toFile()).redirectErrorStream(false).start();
        for (int i = 0; i < 100 && !Files.exists(socket); i++) Thread.sleep(20);
        assertTrue(Files.exists(socket), "socat listens on " + socket);

        try (Mosquitto broker = Mosquitto.start()) {
            Path config = ServeProcessTest.exampleConfig(dir, broker);
            ProcessBuilder pb = ServeProcessTest.pinion("serve", "--config", config.toString());
            pb.environment().put("NOTIFY_SOCKET", socket.toString());
            pb.environment().put("WATCHDOG_USEC", "400000"); // ping every 200 ms
            daemon = pb.redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && count(received(out), "WATCHDOG=1") < 3) Thread.sleep(50);
            String got = received(out);
            String pid = Long.toString(daemon.pid());
            assertTrue(got.startsWith("MAINPID=" + pid + "\nREADY=1\nSTATUS=1 module(s) loaded; broker "), got);
            assertTrue(count(got, "WATCHDOG=1") >= 3, got);
            assertEquals(count(got, "MAINPID="), count(got, "MAINPID=" + pid + "\n"), "every message names the daemon: " + got);

            new ProcessBuilder("kill", "-TERM", pid).start().waitFor();
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, daemon.exitValue(), () -> read(dir.resolve("daemon.log")));
            Thread.sleep(200);
            assertTrue(received(out).contains("STOPPING=1\nSTATUS=stopping"), () -> {
                try {
                    return received(out);
                } catch (Exception e) {
                    return e.toString();
                }
            });
        }
    }

    @Test
    void withoutNotifySocket_nothingIsSent() throws Exception {
        SystemdNotifier n = SystemdNotifier.fromEnvironment(java.util.Map.of("WATCHDOG_USEC", "1000000",
                "PINION_SYSTEMD_NOTIFY", "/nonexistent/systemd-notify"));
        assertTrue(!n.enabled() && n.pingInterval().isEmpty());
        n.ready("x"); // would log a warning if it tried to run the (missing) binary; must not throw either way
    }

    static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
