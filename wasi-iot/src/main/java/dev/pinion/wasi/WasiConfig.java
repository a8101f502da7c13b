package dev.pinion.wasi;

import dev.pinion.engine.Interrupt;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What a guest may see: arguments, environment, preopened directories, standard streams, clocks and the random
 * source. Immutable; build with {@link #builder()}. Deny by default: no preopens means no file system at all,
 * and the host environment is never inherited implicitly.
 */
public final class WasiConfig {
    private final List<String> args;
    private final Map<String, String> env;
    private final List<Preopen> preopens;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final WasiClock clock;
    private final RandomGenerator random;
    private final boolean[] terminals;
    private final Interrupt interrupt;

    private WasiConfig(Builder b) {
        this.args = List.copyOf(b.args);
        this.env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.preopens = List.copyOf(b.preopens);
        this.stdin = b.stdin;
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.clock = b.clock;
        this.random = b.random;
        this.terminals = b.terminals.clone();
        this.interrupt = b.interrupt;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** argv as the guest sees it; argv[0] is the program name. */
    public List<String> args() { return args; }

    /** Environment variables in insertion order. */
    public Map<String, String> env() { return env; }

    /** Preopened directories; the first gets descriptor 3. */
    public List<Preopen> preopens() { return preopens; }

    public InputStream stdin() { return stdin; }

    public OutputStream stdout() { return stdout; }

    public OutputStream stderr() { return stderr; }

    public WasiClock clock() { return clock; }

    /** The handle that cuts blocking waits short, or null. */
    public Interrupt interrupt() { return interrupt; }

    /** Whether standard stream {@code fd} (0, 1 or 2) is a terminal; the guest's isatty() sees this. */
    public boolean isTerminal(int fd) { return fd >= 0 && fd < 3 && terminals[fd]; }

    /** The random source, or null for the default: a {@link SecureRandom} created on the guest's first request. */
    public RandomGenerator random() { return random; }

    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<Preopen> preopens = new ArrayList<>();
        private InputStream stdin = InputStream.nullInputStream();
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private WasiClock clock = WasiClock.system();
        private RandomGenerator random;
        private final boolean[] terminals = new boolean[3];
        private Interrupt interrupt;

        private Builder() {}

        /**
         * An interrupt that, once requested, makes a guest's blocking wait ({@code poll_oneoff}, i.e. sleep)
         * return EINTR within milliseconds. Pass the same handle in the call's {@link
         * dev.pinion.engine.CallLimits} so the engine then stops the guest: a deadline cannot otherwise reach a
         * guest that sleeps in the host.
         */
        public Builder interrupt(Interrupt i) {
            this.interrupt = Objects.requireNonNull(i, "interrupt");
            return this;
        }

        /**
         * Declares which standard streams are terminals (default: none). A terminal is reported as a character
         * device without seek rights, which is how wasi-libc's isatty() decides to line-buffer stdout.
         */
        public Builder terminals(boolean stdin, boolean stdout, boolean stderr) {
            terminals[0] = stdin;
            terminals[1] = stdout;
            terminals[2] = stderr;
            return this;
        }

        public Builder args(List<String> values) {
            for (String a : values) args.add(Objects.requireNonNull(a, "arg"));
            return this;
        }

        public Builder arg(String value) {
            args.add(Objects.requireNonNull(value, "arg"));
            return this;
        }

        /** Adds a variable; the name must be non-empty and free of '=' (it could not be told apart otherwise). */
        public Builder env(String name, String value) {
            Objects.requireNonNull(name, "env name");
            Objects.requireNonNull(value, "env value");
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0)
                throw new IllegalArgumentException("invalid environment variable name '" + name + "'");
            env.put(name, value);
            return this;
        }

        public Builder preopen(Preopen p) {
            preopens.add(Objects.requireNonNull(p, "preopen"));
            return this;
        }

        public Builder preopen(java.nio.file.Path hostDir, String guestName) {
            return preopen(new Preopen(hostDir, guestName, false));
        }

        public Builder stdin(InputStream in) {
            this.stdin = Objects.requireNonNull(in, "stdin");
            return this;
        }

        public Builder stdout(OutputStream out) {
            this.stdout = Objects.requireNonNull(out, "stdout");
            return this;
        }

        public Builder stderr(OutputStream err) {
            this.stderr = Objects.requireNonNull(err, "stderr");
            return this;
        }

        public Builder clock(WasiClock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        public Builder random(RandomGenerator r) {
            this.random = Objects.requireNonNull(r, "random");
            return this;
        }

        public WasiConfig build() {
            return new WasiConfig(this);
        }
    }
}
