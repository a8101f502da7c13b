package dev.pinion.ota;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmModule;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A minimal {@link ModuleHost} on the real engine, for ota-updater's own tests (the daemon's supervisor is the
 * real host, adapted in edge-runtime). Each module has one thread that owns its instance; swaps are queued on
 * that thread, so the call in progress finishes on the old instance and later calls run on the new one. The
 * host offers one import, {@code pinion_test.record(i32)}, which appends to {@link #processed()}.
 */
final class EngineModuleHost implements ModuleHost, AutoCloseable {
    static final FuncType RECORD = FuncType.of(new ValType[] {ValType.I32});

    /** One processed message: which release's instance handled number {@code n}. */
    record Processed(String module, String version, int n) {}

    private final class Running {
        final ModuleRelease release;
        final Instance instance;
        volatile String trap;

        Running(ModuleRelease release) throws OtaException {
            this.release = release;
            try {
                WasmModule m = ModuleChecks.compileAndLink(Files.readAllBytes(release.wasm()), offered(this));
                this.instance = m.instantiate(offered(this));
            } catch (java.io.IOException | RuntimeException e) {
                throw new OtaException(Reason.START_FAILED, e.getMessage());
            }
        }
    }

    private final class Runner {
        final ExecutorService thread = Executors.newSingleThreadExecutor();
        volatile Running current;
        final java.util.ArrayDeque<Integer> parked = new java.util.ArrayDeque<>(); // owned by thread
    }

    private final Map<String, Runner> runners = new ConcurrentHashMap<>();
    private final List<Processed> processed = Collections.synchronizedList(new ArrayList<>());
    private final List<String> activations = Collections.synchronizedList(new ArrayList<>());

    private Imports offered(Running owner) {
        return Imports.builder().add(HostModule.builder("pinion_test")
                .function("record", RECORD, (caller, stack, base) -> processed.add(
                        new Processed(owner == null ? "?" : owner.release.name(),
                                owner == null ? "?" : owner.release.version().text(), (int) stack[base])))
                .build()).build();
    }

    @Override
    public void check(Manifest manifest, byte[] wasm) throws OtaException {
        ModuleChecks.compileAndLink(wasm, offered(null));
    }

    @Override
    public void activate(ModuleRelease release) throws OtaException {
        Running next = new Running(release);
        Runner r = runners.computeIfAbsent(release.name(), n -> new Runner());
        r.thread.execute(() -> switchTo(r, next));
        activations.add(release.name() + "@" + release.version());
    }

    @Override
    public Health awaitHealth(ModuleRelease release, Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        Runner r = runners.get(release.name());
        while (System.nanoTime() < deadline) {
            Running cur = r.current;
            if (cur != null && cur.release.sha256().equals(release.sha256()) && cur.trap != null) {
                return Health.failed("trapped: " + cur.trap);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.failed("interrupted");
            }
        }
        return Health.HEALTHY;
    }

    @Override
    public void rollback(ModuleRelease failed, ModuleRelease previous) throws OtaException {
        Runner r = runners.get(failed.name());
        Running back = previous == null ? null : new Running(previous);
        r.thread.execute(() -> switchTo(r, back));
        activations.add(failed.name() + "@" + (previous == null ? "none" : previous.version()));
    }

    /**
     * Queues message {@code n} for {@code module}'s current instance (a trigger would do this). A message the
     * instance traps on is parked, and so is everything after it, until a swap or rollback switches instances:
     * then the parked messages run first, in order, on the instance that takes over. Nothing is lost.
     */
    void deliver(String module, int n) {
        Runner r = runners.get(module);
        if (r == null) throw new IllegalStateException(module + " is not running");
        r.thread.execute(() -> {
            if (!r.parked.isEmpty()) {
                r.parked.add(n);
                return;
            }
            run(r, n);
        });
    }

    private boolean run(Runner r, int n) {
        Running cur = r.current;
        try {
            cur.instance.function("on_message").call(n);
            return true;
        } catch (Trap t) {
            cur.trap = t.getMessage();
            r.parked.add(n);
            return false;
        }
    }

    private void switchTo(Runner r, Running next) {
        r.current = next;
        if (next == null) return;
        java.util.ArrayDeque<Integer> replay = new java.util.ArrayDeque<>(r.parked);
        r.parked.clear();
        while (!replay.isEmpty()) {
            if (!r.parked.isEmpty()) { // trapped again: keep the rest parked, in order
                r.parked.addAll(replay);
                return;
            }
            run(r, replay.poll());
        }
    }

    List<Processed> processed() {
        synchronized (processed) {
            return List.copyOf(processed);
        }
    }

    List<String> activations() {
        synchronized (activations) {
            return List.copyOf(activations);
        }
    }

    /** The version whose instance takes new work, or null. */
    String running(String module) {
        Runner r = runners.get(module);
        Running cur = r == null ? null : r.current;
        return cur == null ? null : cur.release.version().text();
    }

    /** Waits until every queued call of {@code module} ran. */
    void drain(String module) throws InterruptedException {
        Runner r = runners.get(module);
        if (r == null) return;
        var done = new java.util.concurrent.CountDownLatch(1);
        r.thread.execute(done::countDown);
        done.await(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        runners.values().forEach(r -> r.thread.shutdownNow());
    }
}
