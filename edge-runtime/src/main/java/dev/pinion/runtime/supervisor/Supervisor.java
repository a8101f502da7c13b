package dev.pinion.runtime.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs the gateway's modules. Each module has one instance at a time (its memory is its state), one thread
 * that owns it, and a bounded queue: calls run one at a time in arrival order, each under the module's fuel,
 * deadline and memory limits. A failing instance is discarded and recreated after a backoff; a module that
 * keeps failing is disabled. No module's failure or slowness reaches another module: they share nothing but
 * the CPU.
 *
 * <p>{@link #swap} is the seam over-the-air updates use: the new version is compiled and instantiated beside
 * the running one, then takes over between two calls; the call in progress finishes on the old instance and
 * every queued call runs exactly once, on the new one.
 */
public final class Supervisor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.pinion.runtime.supervisor");

    private final RestartPolicy policy;
    private final ConcurrentMap<String, ModuleWorker> workers = new ConcurrentHashMap<>();
    private final List<SupervisorListener> listeners = new CopyOnWriteArrayList<>();
    private final SupervisorListener fanOut = new FanOut();
    private volatile boolean shutDown;

    private final Duration stuckGrace;

    public Supervisor(RestartPolicy policy) {
        this(policy, ModuleWorker.STUCK_GRACE);
    }

    /** @param stuckGrace how far past its deadline a call may run before {@link #isLive()} says false */
    Supervisor(RestartPolicy policy, Duration stuckGrace) {
        this.policy = policy;
        this.stuckGrace = stuckGrace;
    }

    public void addListener(SupervisorListener listener) {
        listeners.add(listener);
    }

    public void removeListener(SupervisorListener listener) {
        listeners.remove(listener);
    }

    /**
     * Compiles, links and instantiates a module and starts running its calls.
     *
     * @throws dev.pinion.engine.WasmException  if the module is malformed, invalid, cannot link or its
     *                                          initialisation traps
     * @throws IllegalArgumentException         if a handler export is missing or has the wrong type
     * @throws IllegalStateException            if a module of that name is already loaded, or after shutdown
     */
    public void load(ModuleSpec spec) {
        if (shutDown) throw new IllegalStateException("supervisor is shut down");
        if (workers.containsKey(spec.name())) throw new IllegalStateException("module " + spec.name() + " is already loaded");
        ModuleWorker.Slot slot = ModuleWorker.start(spec);
        ModuleWorker worker = new ModuleWorker(slot, policy, fanOut, stuckGrace);
        if (workers.putIfAbsent(spec.name(), worker) != null) {
            worker.stop(Duration.ZERO);
            throw new IllegalStateException("module " + spec.name() + " is already loaded");
        }
        LOG.log(System.Logger.Level.INFO, "module {0}: version {1} loaded ({2} bytes)", spec.name(), spec.version(),
                String.valueOf(spec.wasm().length));
        fanOut.swapped(spec.name(), null, spec.version());
    }

    /**
     * Replaces a running module with {@code next} (same name), or loads it if none runs. Compilation, linking and
     * instantiation happen now, on the calling thread, beside the running instance: if they fail this throws and
     * the running version is untouched. Otherwise the returned future completes once the worker has switched,
     * between two calls. A disabled module is re-enabled by a swap.
     */
    public CompletableFuture<Void> swap(ModuleSpec next) {
        return swap(next, false);
    }

    /**
     * {@link #swap(ModuleSpec)}, optionally on probation (an OTA release under its health gate): until
     * {@link #confirm} a failing call is not counted toward a restart but held, with every later call, at the
     * head of the queue for the version the gate swaps back in. Nothing is lost to a faulty update.
     */
    public CompletableFuture<Void> swap(ModuleSpec next, boolean probation) {
        ModuleWorker worker = workers.get(next.name());
        if (worker == null) {
            load(next);
            return CompletableFuture.completedFuture(null);
        }
        ModuleWorker.Slot slot = ModuleWorker.start(next);
        slot.probation = probation;
        return worker.swap(slot);
    }

    /** Ends the probation of the module's running version (it passed its health gate). */
    public void confirm(String module) {
        ModuleWorker w = workers.get(module);
        if (w != null) w.confirm();
    }

    /**
     * Offers a call to a module without blocking. A full queue is the caller's signal to slow down: the call
     * is not queued, and the refusal is counted and logged.
     */
    public Admission submit(String module, Invocation invocation) {
        ModuleWorker worker = workers.get(module);
        return worker == null ? Admission.NOT_RUNNING : worker.submit(invocation);
    }

    /** Stops a module: queued calls run until {@code grace} is over, then the running one is interrupted. */
    public boolean remove(String module, Duration grace) throws InterruptedException {
        ModuleWorker worker = workers.remove(module);
        if (worker == null) return false;
        worker.stop(grace);
        worker.awaitStopped(grace);
        LOG.log(System.Logger.Level.INFO, "module {0}: stopped", module);
        return true;
    }

    /** Names of the loaded modules. */
    public List<String> modules() {
        return List.copyOf(new ArrayList<>(workers.keySet()));
    }

    public Optional<ModuleStatus> status(String module) {
        ModuleWorker w = workers.get(module);
        return w == null ? Optional.empty() : Optional.of(w.status());
    }

    public Optional<ModuleStats> stats(String module) {
        ModuleWorker w = workers.get(module);
        return w == null ? Optional.empty() : Optional.of(w.stats);
    }

    /**
     * The liveness the systemd watchdog reports: false when some module's call has run far past its own
     * deadline (the engine did not stop it) or a worker thread died.
     */
    public boolean isLive() {
        long now = System.nanoTime();
        for (ModuleWorker w : workers.values()) if (!w.isLive(now)) return false;
        return true;
    }

    /**
     * Stops taking calls, lets every module run what it has queued for up to {@code grace}, then interrupts
     * calls still running. Returns true when every worker ended.
     */
    public boolean shutdown(Duration grace) throws InterruptedException {
        shutDown = true;
        for (ModuleWorker w : workers.values()) w.stop(grace);
        boolean all = true;
        long deadline = System.nanoTime() + grace.toNanos();
        for (ModuleWorker w : workers.values()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            all &= w.awaitStopped(left);
        }
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        shutdown(Duration.ofSeconds(5));
    }

    private final class FanOut implements SupervisorListener {
        @Override
        public void failed(String module, String version, String reason) {
            for (SupervisorListener l : listeners) l.failed(module, version, reason);
        }

        @Override
        public void handlerError(String module, String version, String export, String reason) {
            for (SupervisorListener l : listeners) l.handlerError(module, version, export, reason);
        }

        @Override
        public void restarted(String module, String version) {
            for (SupervisorListener l : listeners) l.restarted(module, version);
        }

        @Override
        public void disabled(String module, String version, String reason) {
            for (SupervisorListener l : listeners) l.disabled(module, version, reason);
        }

        @Override
        public void swapped(String module, String oldVersion, String newVersion) {
            for (SupervisorListener l : listeners) l.swapped(module, oldVersion, newVersion);
        }
    }
}
