package dev.pinion.runtime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Talks to systemd's notification socket for a {@code Type=notify} unit by running the {@code systemd-notify}
 * binary: Java cannot send on a unix datagram socket (its unix-domain channels are stream-only). Each message
 * carries {@code --pid} so systemd attributes it to the daemon; the unit needs {@code NotifyAccess=all}
 * because the sender is the short-lived systemd-notify process. Without {@code NOTIFY_SOCKET} every method
 * does nothing. {@code PINION_SYSTEMD_NOTIFY} names another binary (tests).
 */
public final class SystemdNotifier {
    private static final System.Logger LOG = System.getLogger("dev.pinion.runtime.systemd");

    private final String socket;
    private final Duration watchdogInterval;
    private final String command;
    private final long pid = ProcessHandle.current().pid();

    SystemdNotifier(String socket, Duration watchdogInterval, String command) {
        this.socket = socket;
        this.watchdogInterval = watchdogInterval;
        this.command = command;
    }

    /** From {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} as systemd sets them. */
    public static SystemdNotifier fromEnvironment(Map<String, String> env) {
        String socket = env.get("NOTIFY_SOCKET");
        Duration watchdog = null;
        String usec = env.get("WATCHDOG_USEC");
        String wpid = env.get("WATCHDOG_PID");
        if (usec != null && (wpid == null || wpid.equals(Long.toString(ProcessHandle.current().pid())))) {
            try {
                long u = Long.parseLong(usec.strip());
                if (u > 0) watchdog = Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(u));
            } catch (NumberFormatException e) {
                LOG.log(Level.WARNING, "ignoring WATCHDOG_USEC={0}: not a number", usec);
            }
        }
        return new SystemdNotifier(socket == null || socket.isEmpty() ? null : socket, watchdog,
                env.getOrDefault("PINION_SYSTEMD_NOTIFY", "systemd-notify"));
    }

    public boolean enabled() {
        return socket != null;
    }

    /** How often to ping: half of what systemd allows, as sd_watchdog_enabled(3) advises; empty when off. */
    public Optional<Duration> pingInterval() {
        return enabled() && watchdogInterval != null ? Optional.of(watchdogInterval.dividedBy(2)) : Optional.empty();
    }

    public void ready(String status) {
        send("READY=1", "STATUS=" + status);
    }

    public void status(String status) {
        send("STATUS=" + status);
    }

    public void watchdog() {
        send("WATCHDOG=1");
    }

    public void stopping() {
        send("STOPPING=1", "STATUS=stopping");
    }

    private void send(String... assignments) {
        if (!enabled()) return;
        // --no-block: systemd-notify 252 otherwise waits for a BARRIER=1 handshake (up to its timeout) that
        // tells it systemd processed the message; the daemon must not stall on that.
        List<String> cmd = new ArrayList<>(List.of(command, "--no-block", "--pid=" + pid));
        cmd.addAll(List.of(assignments));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.log(Level.WARNING, "{0} did not finish within 5 s", command);
            } else if (p.exitValue() != 0) {
                LOG.log(Level.WARNING, "{0} {1} exited with {2}", command, String.join(" ", assignments), p.exitValue());
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot run {0} to notify systemd: {1}", command, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
