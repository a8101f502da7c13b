package dev.pinion.iot.internal;

import dev.pinion.device.Board;
import dev.pinion.engine.Interrupt;
import dev.pinion.iot.Grants;
import dev.pinion.iot.GuestLog;
import java.util.HashMap;
import java.util.Map;

/** The state behind one instance's pinion_* modules. */
public final class IotContext {
    private static final System.Logger LOG = System.getLogger("dev.pinion.iot.Devices");
    private static final long FAULT_LOG_INTERVAL_NANOS = 10_000_000_000L;

    public final Board board;
    public final Grants grants;
    public final String moduleName;
    public final GuestLog log;
    public final Interrupt interrupt;
    /** The longest one blocking call may wait (the call's deadline), in nanoseconds; Long.MAX_VALUE: no cap. */
    final long maxWaitNanos;
    public final Handles handles = new Handles();
    final LogLimiter logLimiter = new LogLimiter();
    private final Map<String, Long> lastFaultLog = new HashMap<>();

    public IotContext(Board board, Grants grants, String moduleName, GuestLog log, Interrupt interrupt) {
        this(board, grants, moduleName, log, interrupt, Long.MAX_VALUE);
    }

    public IotContext(Board board, Grants grants, String moduleName, GuestLog log, Interrupt interrupt,
            long maxWaitNanos) {
        this.board = board;
        this.grants = grants;
        this.moduleName = moduleName;
        this.log = log;
        this.interrupt = interrupt;
        this.maxWaitNanos = maxWaitNanos;
    }

    boolean interrupted() {
        return Thread.currentThread().isInterrupted() || (interrupt != null && interrupt.isRequested());
    }

    /**
     * A device I/O fault becomes EIO for the guest and a log line for the operator, at most one per device every
     * 10 s so a guest retrying in a loop cannot flood the journal.
     */
    void fault(String device, Exception e) {
        long now = System.nanoTime();
        synchronized (lastFaultLog) {
            Long last = lastFaultLog.get(device);
            if (last != null && now - last < FAULT_LOG_INTERVAL_NANOS) return;
            lastFaultLog.put(device, now);
        }
        LOG.log(System.Logger.Level.WARNING, "module " + moduleName + ": device " + device + ": " + e.getMessage()
                + " (EIO to the module)");
    }
}
