package dev.pinion.runtime.supervisor;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Config;
import dev.pinion.engine.Instance;
import dev.pinion.engine.Interrupt;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Trap;
import dev.pinion.engine.WasmException;
import dev.pinion.engine.WasmExit;
import dev.pinion.engine.WasmModule;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One supervised module: its bounded queue, the single thread that owns its instance and runs its calls one at
 * a time in arrival order, and its failure and swap handling. Only the worker thread calls into the instance.
 *
 * <p>A platform thread, not a virtual one: a guest call is CPU-bound until its fuel or deadline stops it, and a
 * virtual thread would hold one of the few carrier threads all that time, so two runaway modules on a 2-core
 * board would stall every other module. Platform threads are time-sliced by the kernel.
 */
final class ModuleWorker {
    private static final System.Logger LOG = System.getLogger("dev.pinion.runtime.supervisor");
    /** A call that outlives its deadline by this much means the engine's limits failed: the daemon is not live. */
    static final Duration STUCK_GRACE = Duration.ofSeconds(5);
    private static final long REJECT_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    final String name;
    final ModuleStats stats = new ModuleStats();
    private final RestartPolicy policy;
    private final SupervisorListener listener;
    private final Thread thread;
    private final Duration stuckGrace;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<Invocation> queue = new ArrayDeque<>();
    private int capacity;
    private Slot pending;
    private CompletableFuture<Void> pendingDone;
    private boolean stopping;
    private long drainDeadline;
    private long restartAt;
    private boolean held; // a release on probation failed: calls wait for the swap that replaces it
    private long lastRejectLog;
    private long rejectedSinceLog;

    // written by the worker thread, read by anyone
    private volatile ModuleState state = ModuleState.RUNNING;
    private volatile Slot current;
    private volatile String reason;
    private volatile long callStarted; // System.nanoTime() when the running call began, 0 when idle

    // worker thread only
    private final ArrayDeque<Long> failures = new ArrayDeque<>();
    private int consecutive;
    private final Interrupt interrupt = new Interrupt();

    /** One instance of one version, with the context its host functions see. */
    static final class Slot implements InstanceContext {
        final ModuleSpec spec;
        final WasmModule module;
        Instance instance; // null while in backoff
        HostLinker.Linked linked;
        /** A freshly swapped-in OTA release under its health gate: a failure holds its calls, see {@link #hold}. */
        volatile boolean probation;
        volatile Event event;

        Slot(ModuleSpec spec, WasmModule module) {
            this.spec = spec;
            this.module = module;
        }

        @Override
        public String moduleName() {
            return spec.name();
        }

        @Override
        public String version() {
            return spec.version();
        }

        @Override
        public Event currentEvent() {
            return event;
        }

        /** Links and instantiates a fresh instance, running a reactor's {@code _initialize} under the limits. */
        void instantiate(CallLimits limits) {
            HostLinker.Linked l = spec.linker().link(this);
            try {
                Instance i = module.instantiate(l.imports());
                if (i.export("_initialize") instanceof dev.pinion.engine.Function init) init.call(limits);
                instance = i;
                linked = l;
            } catch (RuntimeException e) {
                close(l);
                throw e;
            }
        }

        void discard() {
            instance = null;
            HostLinker.Linked l = linked;
            linked = null;
            if (l != null) close(l);
        }

        private static void close(HostLinker.Linked l) {
            try {
                l.resources().close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "releasing a discarded instance's host resources failed", e);
            }
        }
    }

    /** Compiles {@code spec} under its memory cap and checks its handler exports: every error here is the module's. */
    static Slot prepare(ModuleSpec spec) {
        WasmModule module = WasmModule.compile(spec.wasm(),
                Config.DEFAULT.withMaxMemoryPages(spec.limits().memoryPages()).withTier(spec.tier()));
        HandlerCall.checkExports(spec.name(), module, spec.handlers());
        return new Slot(spec, module);
    }

    /** Prepared and instantiated: ready to take calls. */
    static Slot start(ModuleSpec spec) {
        Slot slot = prepare(spec);
        slot.instantiate(limitsOf(spec, null));
        return slot;
    }

    ModuleWorker(Slot first, RestartPolicy policy, SupervisorListener listener, Duration stuckGrace) {
        this.stuckGrace = stuckGrace;
        this.name = first.spec.name();
        this.policy = policy;
        this.listener = listener;
        this.current = first;
        this.capacity = first.spec.limits().queueCapacity();
        this.thread = Thread.ofPlatform().name("pinion-module-" + name).daemon(true).unstarted(this::loop);
        thread.start();
    }

    Admission submit(Invocation inv) {
        lock.lock();
        try {
            if (stopping) return Admission.NOT_RUNNING;
            if (state == ModuleState.DISABLED) return rejected(Admission.DISABLED);
            if (queue.size() >= capacity) return rejected(Admission.QUEUE_FULL);
            queue.add(inv);
            changed.signal();
            return Admission.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    // under lock
    private Admission rejected(Admission why) {
        stats.rejected.increment();
        rejectedSinceLog++;
        long now = System.nanoTime();
        if (lastRejectLog == 0 || now - lastRejectLog > REJECT_LOG_INTERVAL_NANOS) {
            LOG.log(Level.WARNING, "module {0}: {1} call(s) refused since the last report ({2})", name,
                    String.valueOf(rejectedSinceLog), why == Admission.DISABLED ? "module disabled" : "queue full at " + capacity);
            lastRejectLog = now;
            rejectedSinceLog = 0;
        }
        return why;
    }

    /** Queue {@code next} to replace the running instance between two calls; completes once it has. */
    CompletableFuture<Void> swap(Slot next) {
        lock.lock();
        try {
            if (stopping) {
                next.discard();
                return CompletableFuture.failedFuture(new IllegalStateException("module " + name + " is stopping"));
            }
            if (pending != null) {
                pending.discard();
                pendingDone.completeExceptionally(new IllegalStateException(
                        "swap of " + name + " to " + pending.spec.version() + " superseded by " + next.spec.version()));
            }
            pending = next;
            pendingDone = new CompletableFuture<>();
            changed.signal();
            return pendingDone;
        } finally {
            lock.unlock();
        }
    }

    /** Stop taking calls; run what is queued until {@code grace} is over, then interrupt the running call. */
    void stop(Duration grace) {
        lock.lock();
        try {
            if (!stopping) {
                stopping = true;
                drainDeadline = System.nanoTime() + grace.toNanos();
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the worker to end, interrupting a call still running when {@code grace} is over. */
    boolean awaitStopped(Duration grace) throws InterruptedException {
        thread.join(grace);
        if (thread.isAlive()) {
            interrupt.request();
            thread.join(Duration.ofSeconds(2));
        }
        return !thread.isAlive();
    }

    ModuleStatus status() {
        Slot s = current;
        int depth;
        int cap;
        lock.lock();
        try {
            depth = queue.size();
            cap = capacity;
        } finally {
            lock.unlock();
        }
        Instance i = s.instance;
        Memory m = i == null ? null : i.memory();
        return new ModuleStatus(name, s.spec.version(), stopping && !thread.isAlive() ? ModuleState.STOPPED : state,
                depth, cap, m == null ? 0 : m.pages(), reason);
    }

    /** True unless a call has run far past its own deadline (the engine failed to stop it) or the thread died. */
    boolean isLive(long now) {
        if (!thread.isAlive()) return stopping;
        long started = callStarted;
        if (started == 0) return true;
        Duration allowed = current.spec.limits().timeout().plus(stuckGrace);
        return now - started <= allowed.toNanos();
    }

    private void loop() {
        while (true) {
            Invocation next = null;
            boolean restart = false;
            lock.lock();
            try {
                while (true) {
                    if (pending != null) {
                        applySwap();
                        continue;
                    }
                    long now = System.nanoTime();
                    if (stopping && (queue.isEmpty() || now - drainDeadline > 0 || state != ModuleState.RUNNING)) {
                        if (!queue.isEmpty()) {
                            LOG.log(Level.WARNING, "module {0}: {1} queued call(s) not run at shutdown", name, String.valueOf(queue.size()));
                            queue.clear();
                        }
                        break;
                    }
                    if (held) {
                        changed.await();
                        continue;
                    }
                    if (state == ModuleState.BACKOFF) {
                        if (now - restartAt >= 0) {
                            restart = true;
                            break;
                        }
                        changed.awaitNanos(restartAt - now);
                        continue;
                    }
                    if (state == ModuleState.RUNNING && !queue.isEmpty()) {
                        next = queue.poll();
                        break;
                    }
                    changed.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            if (restart) {
                restart();
            } else if (next != null) {
                execute(current, next);
            } else {
                current.discard();
                state = ModuleState.STOPPED;
                return;
            }
        }
    }

    // under lock, on the worker thread, between two calls: nothing queued is touched
    private void applySwap() {
        Slot old = current;
        Slot next = pending;
        CompletableFuture<Void> done = pendingDone;
        pending = null;
        pendingDone = null;
        held = false;
        current = next;
        capacity = next.spec.limits().queueCapacity();
        state = ModuleState.RUNNING;
        reason = null;
        failures.clear();
        consecutive = 0;
        old.discard();
        LOG.log(Level.INFO, "module {0}: now running version {1} (was {2})", name, next.spec.version(), old.spec.version());
        listener.swapped(name, old.spec.version(), next.spec.version());
        done.complete(null);
    }

    private void restart() {
        Slot slot = current;
        try {
            slot.instantiate(limitsOf(slot.spec, interrupt));
            stats.restarts.increment();
            state = ModuleState.RUNNING;
            LOG.log(Level.INFO, "module {0}: instance recreated (version {1})", name, slot.spec.version());
            listener.restarted(name, slot.spec.version());
        } catch (WasmException | IllegalArgumentException e) {
            fail(slot, "could not be re-instantiated: " + e.getMessage());
        }
    }

    private void execute(Slot slot, Invocation inv) {
        long t0 = System.nanoTime();
        boolean requeued = false;
        callStarted = t0;
        slot.event = inv.event();
        interrupt.reset();
        try {
            int status = HandlerCall.call(slot.instance, inv, limitsOf(slot.spec, interrupt));
            if (status == 0) {
                consecutive = 0;
            } else {
                stats.errors.increment();
                String why = "returned status " + status + eventText(inv.event());
                LOG.log(Level.WARNING, "module {0}: {1} {2}", name, inv.export(), why);
                listener.handlerError(name, slot.spec.version(), inv.export(), why);
            }
        } catch (HandlerCall.DeliveryException e) {
            stats.errors.increment();
            LOG.log(Level.WARNING, "module {0}: {1} not called: {2}", name, inv.export(), e.getMessage());
            listener.handlerError(name, slot.spec.version(), inv.export(), e.getMessage());
        } catch (Trap t) {
            stats.traps.increment();
            requeued = failOrHold(slot, inv, inv.export() + " trapped: " + t.getMessage() + eventText(inv.event()));
        } catch (WasmExit e) {
            stats.traps.increment();
            requeued = failOrHold(slot, inv, inv.export() + " called proc_exit(" + e.exitCode() + ")");
        } catch (RuntimeException e) {
            // a host function's bug or an engine fault: the instance's state is unknown, so it goes like a trap
            stats.traps.increment();
            LOG.log(Level.DEBUG, "stack trace of the failure", e);
            requeued = failOrHold(slot, inv, inv.export() + " failed: " + e);
        } finally {
            slot.event = null;
            callStarted = 0;
            stats.invocations.increment();
            stats.latency.recordNanos(System.nanoTime() - t0);
            if (!requeued) inv.done().complete(null);
        }
    }

    /**
     * A release on probation (just swapped in by OTA) that fails is not restarted: the call it failed on goes
     * back to the head of the queue and every call waits until the OTA health gate swaps the previous release
     * back in, which then runs them all in order. So a faulty update loses no message. Returns true when held.
     */
    private boolean failOrHold(Slot slot, Invocation inv, String why) {
        if (!slot.probation) {
            fail(slot, why);
            return false;
        }
        slot.discard();
        reason = why;
        lock.lock();
        try {
            queue.addFirst(inv);
            held = true;
        } finally {
            lock.unlock();
        }
        LOG.log(Level.WARNING, "module {0} (version {1}, on probation): {2}; its calls wait for the health gate''s verdict",
                name, slot.spec.version(), why);
        listener.failed(name, slot.spec.version(), why);
        return true;
    }

    /** The running release passed its health gate: failures restart it again from now on. */
    void confirm() {
        current.probation = false;
    }

    private static String eventText(Event e) {
        return switch (e) {
            case Event.Message m -> " (message on " + m.topic() + ", " + m.payload().length + " bytes)";
            case Event.Timer t -> " (timer " + t.name() + " #" + t.sequence() + ")";
            case Event.Edge g -> " (" + (g.rising() ? "rising" : "falling") + " edge on " + g.device() + ")";
        };
    }

    private void fail(Slot slot, String why) {
        slot.discard();
        long now = System.nanoTime();
        failures.addLast(now);
        while (!failures.isEmpty() && now - failures.peekFirst() > policy.window().toNanos()) failures.removeFirst();
        consecutive++;
        reason = why;
        String version = slot.spec.version();
        listener.failed(name, version, why);
        if (failures.size() >= policy.maxFailures()) {
            String disabled = failures.size() + " failures within " + policy.window().toSeconds() + "s, last: " + why;
            reason = disabled; // before the state: whoever sees DISABLED sees why
            int dropped;
            lock.lock();
            try {
                state = ModuleState.DISABLED;
                dropped = queue.size();
                IllegalStateException gone = new IllegalStateException("module " + name + " disabled");
                for (Invocation inv : queue) inv.done().completeExceptionally(gone);
                queue.clear();
                stats.rejected.add(dropped);
            } finally {
                lock.unlock();
            }
            LOG.log(Level.ERROR, "module {0} (version {1}) disabled: {2}; {3} queued call(s) dropped", name, version,
                    disabled, String.valueOf(dropped));
            listener.disabled(name, version, disabled);
            return;
        }
        Duration wait = policy.backoff(consecutive);
        lock.lock();
        try {
            restartAt = now + wait.toNanos();
            state = ModuleState.BACKOFF;
        } finally {
            lock.unlock();
        }
        LOG.log(Level.WARNING, "module {0} (version {1}): {2}; restarting in {3} ms (failure {4} of {5} allowed within {6}s)",
                name, version, why, String.valueOf(wait.toMillis()), String.valueOf(failures.size()),
                String.valueOf(policy.maxFailures()), String.valueOf(policy.window().toSeconds()));
    }

    static CallLimits limitsOf(ModuleSpec spec, Interrupt interrupt) {
        return new CallLimits(spec.limits().fuel(), spec.limits().timeout(), interrupt);
    }
}
