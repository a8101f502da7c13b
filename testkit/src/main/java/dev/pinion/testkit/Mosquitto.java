package dev.pinion.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Mosquitto broker (MQTT 5, 3.1.1 and 3.1), started as a real process on a free loopback port.
 *
 * <p>Retained messages and persistent sessions are kept in a per-broker directory, so {@link #restart()} (or a
 * {@link #stop()} followed by {@link #startAgain()}) brings back the same broker on the same port with its state, as an
 * operator restarting the service would. {@link #kill()} is a SIGKILL: the broker loses whatever it had not saved.
 *
 * <p>Where Mosquitto is not installed the calling test is skipped with one line saying how to get it, except under
 * CI ({@code CI=true}), where a missing broker is a failure: CI's {@code .ci/run} installs it.
 */
public final class Mosquitto implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private final List<String> extraConfig;
    private Process process;

    private Mosquitto(Path dir, int port, List<String> extraConfig) {
        this.dir = dir;
        this.port = port;
        this.extraConfig = List.copyOf(extraConfig);
    }

    /** Starts a broker with default settings (anonymous access, persistence on) on a free loopback port. */
    public static Mosquitto start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a broker before it starts. */
    public static final class Builder {
        private final List<String> lines = new ArrayList<>();

        private Builder() {}

        /**
         * Adds lines to mosquitto.conf after Pinion's defaults (e.g. a TLS {@code listener} block, or
         * {@code max_packet_size 10000}). Mosquitto's options are documented in mosquitto.conf(5).
         */
        public Builder config(String... configLines) {
            lines.addAll(List.of(configLines));
            return this;
        }

        public Mosquitto start() {
            Path binary = binary();
            try {
                Path dir = Files.createTempDirectory("pinion-mosquitto-");
                Mosquitto broker = new Mosquitto(dir, freePort(), lines);
                broker.launch(binary);
                return broker;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code tcp://127.0.0.1:PORT}: the form Paho takes. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's working directory (its config, persistence file and log). */
    public Path directory() {
        return dir;
    }

    /** Everything the broker logged so far; handy in assertion messages. */
    public String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker gracefully (SIGTERM): it saves retained messages and sessions first. */
    public synchronized void stop() {
        if (process == null) return;
        process.destroy();
        await(process);
        process = null;
    }

    /** Kills the broker with SIGKILL, as a power cut would. */
    public synchronized void kill() {
        if (process == null) return;
        process.destroyForcibly();
        await(process);
        process = null;
    }

    /** Starts the broker again on the same port, with the state it saved. */
    public synchronized void startAgain() {
        if (isRunning()) return;
        launch(binary());
    }

    /** {@link #stop()} then start again on the same port. */
    public synchronized void restart() {
        stop();
        launch(binary());
    }

    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is not worth failing a test for.
        }
    }

    private synchronized void launch(Path binary) {
        try {
            Path conf = dir.resolve("mosquitto.conf");
            List<String> lines = new ArrayList<>(List.of(
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence true",
                    "persistence_location " + dir + "/",
                    "log_dest file " + dir.resolve("mosquitto.log"),
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    "log_type information",
                    "connection_messages true"));
            // Started as root (CI containers), mosquitto drops to the "mosquitto" user, which cannot write the
            // log and persistence file in this root-owned temp directory: sessions and retained messages would
            // silently not survive restart(). Stay root instead.
            if ("root".equals(System.getProperty("user.name"))) lines.add("user root");
            lines.addAll(extraConfig);
            Files.write(conf, lines, StandardCharsets.UTF_8);
            process = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.out").toFile())
                    .start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!accepts(port)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited with " + process.exitValue() + " on port " + port
                            + ":\n" + Files.readString(dir.resolve("mosquitto.out")) + log());
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("mosquitto did not listen on port " + port + " within "
                            + START_TIMEOUT.toSeconds() + " s:\n" + log());
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting mosquitto", e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The mosquitto binary, or a skip (a failure under CI) saying how to install it. */
    static Path binary() {
        for (String candidate : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) return p;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                Path p = Path.of(d, "mosquitto");
                if (Files.isExecutable(p)) return p;
            }
        }
        String message = "mosquitto not found (looked in /usr/sbin, /usr/bin, /usr/local/sbin and PATH); "
                + "install Debian's broker with `sudo apt install mosquitto` to run the MQTT tests";
        if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(message + " (CI must install it: see .ci/run)");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** A TCP port that was free on loopback a moment ago. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
