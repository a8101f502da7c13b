package dev.pinion.iot;

import dev.pinion.device.Board;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Interrupt;
import dev.pinion.iot.internal.IotCalls;
import dev.pinion.iot.internal.IotContext;
import java.util.List;
import java.util.Objects;

/**
 * The {@code pinion_*} host modules ({@code pinion_gpio}, {@code pinion_sensor}, {@code pinion_i2c},
 * {@code pinion_spi}, {@code pinion_serial}, {@code pinion_log}) for ONE module instance: its handle table, its
 * grants, its edge queues. Create one per instance, link its {@link #hostModules()}, and {@link #close()} it when
 * the instance is discarded (that closes the instance's handles and edge registrations; the board's devices stay
 * open for other instances). The ABI is in {@code docs/abi.md} and {@code include/pinion.h}.
 *
 * <pre>{@code
 * try (IotModules iot = IotModules.builder(board, Grants.parse(List.of("led:out", "button:in")))
 *         .moduleName("blink").build()) {
 *     Instance instance = module.instantiate(wasi.imports(iot.imports(Imports.NONE)));
 *     ...
 * }
 * }</pre>
 *
 * A module's host calls are not thread-safe against each other (a Wasm instance makes one call at a time).
 */
public final class IotModules implements AutoCloseable {
    /** Import module names. */
    public static final String GPIO = "pinion_gpio", SENSOR = "pinion_sensor", I2C = "pinion_i2c",
            SPI = "pinion_spi", SERIAL = "pinion_serial", LOG = "pinion_log";

    private final IotContext ctx;
    private final List<HostModule> modules;

    private IotModules(IotContext ctx) {
        this.ctx = ctx;
        this.modules = IotCalls.hostModules(ctx);
    }

    /**
     * @param board  the gateway's devices (shared by all instances)
     * @param grants what this module may open; checked against the board in {@link Builder#build()}
     */
    public static Builder builder(Board board, Grants grants) {
        return new Builder(board, grants);
    }

    /** The six host modules, to add to the instance's imports. */
    public List<HostModule> hostModules() {
        return modules;
    }

    /** {@code extra} plus the six host modules. */
    public Imports imports(Imports extra) {
        Imports.Builder b = extra.toBuilder();
        for (HostModule m : modules) b.add(m);
        return b.build();
    }

    /** The grants, resolved against the board (every mode filled in). */
    public Grants grants() {
        return ctx.grants;
    }

    /** Handles the instance holds open right now. */
    public int openHandles() {
        return ctx.handles.size();
    }

    /** Closes every handle of this instance and removes its edge registrations. Idempotent. */
    @Override
    public void close() {
        ctx.handles.closeAll();
    }

    public static final class Builder {
        private final Board board;
        private final Grants grants;
        private String moduleName = "module";
        private GuestLog log = GuestLog.systemLogger();
        private Interrupt interrupt;
        private java.time.Duration maxWait;

        private Builder(Board board, Grants grants) {
            this.board = Objects.requireNonNull(board, "board");
            this.grants = Objects.requireNonNull(grants, "grants");
        }

        /** The module's name in log lines (default "module"). */
        public Builder moduleName(String name) {
            this.moduleName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Where {@code pinion_log} lines go (default: {@link GuestLog#systemLogger()}). */
        public Builder log(GuestLog log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * Cuts blocking waits ({@code gpio_wait_edge}, {@code serial_read}) short with EINTR once requested: pass the
         * same handle the call's {@code CallLimits} carries so a deadline reaches a guest blocked in the host.
         */
        public Builder interrupt(Interrupt interrupt) {
            this.interrupt = Objects.requireNonNull(interrupt, "interrupt");
            return this;
        }

        /**
         * The longest any one blocking call ({@code gpio_wait_edge}, {@code serial_read}) may wait, whatever the
         * guest asked: the module's call deadline, which the engine cannot enforce while the guest waits in the
         * host. A wait cut short by it returns EINTR, and the engine stops the call at its next loop or call.
         */
        public Builder maxWait(java.time.Duration max) {
            if (max.isNegative() || max.isZero()) throw new IllegalArgumentException("maxWait must be positive");
            this.maxWait = max;
            return this;
        }

        /** @throws IllegalArgumentException if a grant names a device the board lacks or a mode its kind lacks */
        public IotModules build() {
            return new IotModules(new IotContext(board, grants.resolve(board.description()), moduleName, log,
                    interrupt, maxWait == null ? Long.MAX_VALUE : saturatedNanos(maxWait)));
        }

        private static long saturatedNanos(java.time.Duration d) {
            try {
                return d.toNanos();
            } catch (ArithmeticException tooLong) {
                return Long.MAX_VALUE;
            }
        }
    }
}
