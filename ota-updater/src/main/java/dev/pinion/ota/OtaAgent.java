package dev.pinion.ota;

import dev.pinion.ota.internal.ModuleStore;
import dev.pinion.ota.internal.PartialTransfer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The gateway side of OTA delivery: watches the desired manifests for this device and its groups, fetches the
 * missing chunks at its own pace, verifies, stores, hot-swaps through the {@link ModuleHost} behind a health gate,
 * and publishes every step retained on the module's status topic.
 *
 * <p>One thread owns all of it: MQTT handlers only hand messages over, so no state is shared across threads
 * and one module's steps never interleave. That thread also waits out health windows; other modules' chunks
 * queue meanwhile, which is fine for a handful of modules per gateway.
 */
public final class OtaAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.pinion.ota");
    private static final String DEVICE_SOURCE = "";

    /**
     * @param deviceId    this gateway's id (a topic level)
     * @param groups      groups this gateway belongs to (topic levels)
     * @param dataDir     the data directory ({@code modules/} and {@code ota/} live under it)
     * @param fetchWindow how many chunks to request at once
     */
    public record Settings(String deviceId, List<String> groups, Path dataDir, TrustedKeys keys, OtaPolicy policy,
            int fetchWindow) {
        public static final int DEFAULT_FETCH_WINDOW = 16;

        public Settings {
            groups = List.copyOf(groups);
            if (!Topics.isLevel(deviceId)) throw new IllegalArgumentException("device id \"" + deviceId + "\" cannot be a topic level");
            for (String g : groups) {
                if (!Topics.isLevel(g)) throw new IllegalArgumentException("group \"" + g + "\" cannot be a topic level");
            }
            if (fetchWindow < 1) throw new IllegalArgumentException("fetch window must be at least 1");
        }
    }

    private final MqttLink link;
    private final ModuleHost host;
    private final Settings settings;
    private final ModuleStore store;
    private final ExecutorService thread;
    private final Map<String, Slot> slots = new HashMap<>();
    private final Map<String, OtaState> published = new ConcurrentHashMap<>();
    private final List<Consumer<OtaState>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** One module's delivery bookkeeping; touched only on the agent thread. */
    private static final class Slot {
        final String module;
        final Map<String, Manifest> desired = new LinkedHashMap<>(); // by source: DEVICE_SOURCE or a group
        ModuleRelease active;
        /** The release {@link #active} replaced over the air, while {@link #active} is on probation; else null. */
        ModuleRelease previous;
        /** System.nanoTime() when {@link #active} passed its health window (0: booted, no probation). */
        long confirmedAt;
        OtaState state;
        Transfer transfer;
        long lastProgressAt;
        int lastProgressCount;

        Slot(String module) {
            this.module = module;
        }
    }

    /** Chunks in flight for one manifest. */
    private record Transfer(PartialTransfer partial, Set<Integer> requested) {
        String sha256() {
            return partial.manifest().sha256();
        }
    }

    public OtaAgent(MqttLink link, ModuleHost host, Settings settings) throws IOException {
        this.link = link;
        this.host = host;
        this.settings = settings;
        this.store = new ModuleStore(settings.dataDir());
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pinion-ota");
            t.setDaemon(true);
            return t;
        });
        host.onFailure((module, version, detail) -> post(() -> failedOnProbation(module, version, detail)));
    }

    /** Listens to every state change (on the agent thread; keep it short). */
    public void addListener(Consumer<OtaState> listener) {
        listeners.add(listener);
    }

    /** The last state of every module this agent has seen, by module name. */
    public Map<String, OtaState> states() {
        return Map.copyOf(published);
    }

    /**
     * Starts the stored active releases (each verified again), then subscribes to the desired topics of this
     * device and its groups and announces group membership. Returns when the stored releases run.
     */
    public void start() throws IOException {
        try {
            thread.submit(() -> {
                boot();
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting", e);
        } catch (ExecutionException e) {
            throw new IOException("OTA boot failed: " + e.getCause().getMessage(), e.getCause());
        }
        link.subscribe(Topics.desiredFilter(settings.deviceId()), 1,
                (topic, payload, retained) -> post(() -> onDesired(DEVICE_SOURCE, topic, payload)));
        for (String g : settings.groups()) {
            link.subscribe(Topics.desiredFilter(g), 1, (topic, payload, retained) -> post(() -> onDesired(g, topic, payload)));
            publishQuietly(Topics.member(g, settings.deviceId()), settings.deviceId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Stops listening; running modules stay with the host. */
    @Override
    public void close() {
        closed = true;
        try {
            link.unsubscribe(Topics.desiredFilter(settings.deviceId()));
            for (String g : settings.groups()) link.unsubscribe(Topics.desiredFilter(g));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "unsubscribe on close failed: {0}", e.getMessage());
        }
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void post(Runnable task) {
        if (closed) return;
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "OTA step failed unexpectedly", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing: the message is dropped, and the retained state brings it back on the next start
        }
    }

    private void boot() throws IOException {
        store.cleanUp();
        for (String module : store.modules()) {
            Slot slot = slot(module);
            ModuleRelease release = bootRelease(module, store.currentVersion(module).orElse(null), "active");
            if (release == null) release = bootRelease(module, store.previousVersion(module).orElse(null), "previous");
            if (release == null) {
                LOG.log(System.Logger.Level.ERROR, "{0}: no stored release could be started", module);
                continue;
            }
            slot.active = release;
            setState(slot, new OtaState.Active(module, release.version().text(), release.sha256()));
        }
    }

    private ModuleRelease bootRelease(String module, String version, String which) {
        if (version == null) return null;
        try {
            ModuleRelease r = store.load(module, version, settings.keys());
            host.activate(r);
            host.confirm(r);
            LOG.log(System.Logger.Level.INFO, "{0}: started stored {1} release {2}", module, which, r);
            return r;
        } catch (OtaException | IOException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: stored {1} release {2} cannot start: {3}", module, which, version,
                    e.getMessage());
            return null;
        }
    }

    private Slot slot(String module) {
        return slots.computeIfAbsent(module, Slot::new);
    }

    // ---- desired manifests ------------------------------------------------------------------------------------

    private void onDesired(String source, String topic, byte[] payload) {
        String module = Topics.lastLevel(topic);
        Slot slot = slot(module);
        if (payload.length == 0) {
            slot.desired.remove(source);
            reconcile(slot);
            return;
        }
        Manifest m;
        try {
            m = Manifest.parse(payload);
        } catch (OtaException e) {
            slot.desired.remove(source);
            setState(slot, new OtaState.Rejected(module, null, null, e.reason(), e.detail()));
            return;
        }
        if (!m.name().equals(module)) {
            slot.desired.remove(source);
            setState(slot, new OtaState.Rejected(module, m.version().text(), m.sha256(), Reason.NAME_MISMATCH,
                    "manifest names module \"" + m.name() + "\" but was published for \"" + module + "\""));
            return;
        }
        slot.desired.put(source, m);
        reconcile(slot);
    }

    /** The manifest this device should run: its own desired one, else the highest version its groups want. */
    private static Manifest effective(Slot slot) {
        Manifest own = slot.desired.get(DEVICE_SOURCE);
        if (own != null) return own;
        Manifest best = null;
        for (Manifest m : slot.desired.values()) {
            if (best == null || best.version().isBefore(m.version())) best = m;
        }
        return best;
    }

    private void reconcile(Slot slot) {
        Manifest m = effective(slot);
        if (m == null) return;
        if (slot.active != null && slot.active.sha256().equals(m.sha256())
                && slot.active.version().compareTo(m.version()) == 0) {
            cancelTransfer(slot);
            try {
                // The running release was verified from its own stored manifest; this one is checked anyway, so
                // that a copy edited after signing is reported (bad_signature) instead of being shown as active.
                settings.keys().verify(m);
            } catch (OtaException e) {
                reject(slot, m, e);
                return;
            }
            OtaState active = new OtaState.Active(slot.module, slot.active.version().text(), slot.active.sha256());
            if (!active.equals(slot.state)) setState(slot, active);
            return;
        }
        if (slot.transfer != null && slot.transfer.sha256().equals(m.sha256())) return;
        cancelTransfer(slot);
        try {
            settings.keys().verify(m);
            settings.policy().check(m);
            checkVersion(slot, m);
        } catch (OtaException e) {
            reject(slot, m, e);
            return;
        }
        try {
            var failed = store.failure(slot.module, m.sha256());
            if (failed.isPresent()) {
                var f = failed.get();
                LOG.log(System.Logger.Level.INFO, "{0}: {1} failed before ({2}); not trying it again", slot.module, m, f.reason().code());
                setState(slot, f.state().equals("rolled_back")
                        ? new OtaState.RolledBack(slot.module, m.version().text(), m.sha256(), f.reason(), f.detail())
                        : new OtaState.Rejected(slot.module, m.version().text(), m.sha256(), f.reason(), f.detail()));
                return;
            }
            var stored = store.stored(m);
            if (stored.isPresent()) {
                store.dropPartials(slot.module, null); // a crash between store and cleanup left one behind
                setState(slot, new OtaState.Verifying(slot.module, m.version().text(), m.sha256()));
                activateStaged(slot, new ModuleRelease(m, stored.get().wasm()));
                return;
            }
            store.dropPartials(slot.module, m.sha256());
            PartialTransfer partial = PartialTransfer.open(store.partialRoot(), m);
            slot.transfer = new Transfer(partial, new HashSet<>());
            slot.lastProgressCount = -1;
            progress(slot, true);
            if (partial.complete()) finishTransfer(slot);
            else requestChunks(slot);
        } catch (IOException e) {
            reject(slot, m, new OtaException(Reason.STORE_FAILED, "data directory: " + e.getMessage(), e));
        }
    }

    private void checkVersion(Slot slot, Manifest m) throws OtaException {
        if (slot.active == null) return;
        Version cur = slot.active.version();
        int c = m.version().compareTo(cur);
        if (c == 0 && !m.sha256().equals(slot.active.sha256())) {
            throw new OtaException(Reason.VERSION_CONFLICT, "version " + m.version() + " is active with other bytes ("
                    + slot.active.sha256().substring(0, 12) + "); give the new bytes a new version");
        }
        if (c < 0 && (m.rollbackFrom() == null || m.rollbackFrom().compareTo(cur) != 0)) {
            throw new OtaException(Reason.DOWNGRADE, "version " + m.version() + " is older than the active " + cur
                    + "; going back needs a manifest signed with rollback_from \"" + cur + "\"");
        }
    }

    // ---- chunks ----------------------------------------------------------------------------------------------

    private void requestChunks(Slot slot) {
        Transfer t = slot.transfer;
        String sha = t.sha256();
        for (int i = t.partial().nextMissing(0); i >= 0 && t.requested().size() < settings.fetchWindow();
                i = t.partial().nextMissing(i + 1)) {
            if (!t.requested().add(i)) continue;
            final int index = i;
            link.subscribe(Topics.chunk(sha, index), 1,
                    (topic, payload, retained) -> post(() -> onChunk(slot.module, sha, index, payload)));
        }
    }

    private void onChunk(String module, String sha, int index, byte[] payload) {
        Slot slot = slots.get(module);
        if (slot == null || slot.transfer == null || !slot.transfer.sha256().equals(sha)) return; // stale
        Transfer t = slot.transfer;
        if (t.requested().remove(index)) link.unsubscribe(Topics.chunk(sha, index));
        Manifest m = t.partial().manifest();
        try {
            if (!t.partial().store(index, payload)) return; // duplicate
        } catch (OtaException e) {
            abandon(slot, m, e);
            return;
        } catch (IOException e) {
            abandon(slot, m, new OtaException(Reason.STORE_FAILED, "writing chunk " + index + ": " + e.getMessage(), e));
            return;
        }
        progress(slot, false);
        if (t.partial().complete()) finishTransfer(slot);
        else requestChunks(slot);
    }

    private void progress(Slot slot, boolean force) {
        PartialTransfer p = slot.transfer.partial();
        int received = p.received(), total = p.manifest().chunkCount();
        long now = System.nanoTime();
        // A status per chunk for small modules; about 2% steps (and at least every 250 ms) for big ones.
        if (force || received == total || received - slot.lastProgressCount >= Math.max(1, total / 50)
                || now - slot.lastProgressAt > 250_000_000L) {
            slot.lastProgressAt = now;
            slot.lastProgressCount = received;
            Manifest m = p.manifest();
            setState(slot, new OtaState.Fetching(slot.module, m.version().text(), m.sha256(), received, total));
        }
    }

    private void cancelTransfer(Slot slot) {
        Transfer t = slot.transfer;
        if (t == null) return;
        for (int i : t.requested()) link.unsubscribe(Topics.chunk(t.sha256(), i));
        slot.transfer = null;
        // The partial stays until another release of this module starts fetching: a desired manifest that flips
        // back and forth resumes instead of starting again.
    }

    /** Ends a transfer whose chunks are unusable: its partial goes too, so nothing is left but the old version. */
    private void abandon(Slot slot, Manifest m, OtaException e) {
        Transfer t = slot.transfer;
        cancelTransfer(slot);
        try {
            if (t != null) t.partial().delete();
        } catch (IOException io) {
            LOG.log(System.Logger.Level.WARNING, "{0}: cannot delete partial transfer: {1}", slot.module, io.getMessage());
        }
        reject(slot, m, e);
    }

    // ---- verify, store, swap -------------------------------------------------------------------------------

    private void finishTransfer(Slot slot) {
        Transfer t = slot.transfer;
        Manifest m = t.partial().manifest();
        setState(slot, new OtaState.Verifying(slot.module, m.version().text(), m.sha256()));
        ModuleRelease release;
        try {
            byte[] bytes = t.partial().assemble();
            String actual = Hashes.sha256Hex(bytes);
            if (!actual.equals(m.sha256())) {
                throw new OtaException(Reason.SHA256_MISMATCH, "assembled bytes hash to " + actual + ", manifest says "
                        + m.sha256());
            }
            settings.keys().verify(m); // trusted keys may have changed while fetching
            host.check(m, bytes);
            release = store.store(m, bytes);
            t.partial().delete();
            slot.transfer = null;
        } catch (OtaException e) {
            if (e.reason() == Reason.SHA256_MISMATCH || e.reason() == Reason.INVALID_MODULE
                    || e.reason() == Reason.UNLINKABLE) {
                recordFailure(slot, m, "rejected", e);
            }
            abandon(slot, m, e);
            return;
        } catch (IOException e) {
            abandon(slot, m, new OtaException(Reason.STORE_FAILED, "data directory: " + e.getMessage(), e));
            return;
        }
        activateStaged(slot, release);
    }

    private void activateStaged(Slot slot, ModuleRelease release) {
        setState(slot, new OtaState.Staged(slot.module, release.version().text(), release.sha256()));
        ModuleRelease old = slot.active;
        try {
            host.activate(release);
        } catch (OtaException e) {
            recordFailure(slot, release.manifest(), "rejected", e);
            deleteVersionQuietly(slot, release);
            reject(slot, release.manifest(), e);
            return;
        }
        ModuleHost.Health health = host.awaitHealth(release, settings.policy().healthWindow());
        if (!health.healthy()) {
            String detail = health.detail();
            try {
                host.rollback(release, old);
            } catch (OtaException e) {
                detail += "; rolling back to " + (old == null ? "nothing" : old.version()) + " failed: " + e.detail();
            }
            var e = new OtaException(Reason.UNHEALTHY, detail);
            recordFailure(slot, release.manifest(), "rolled_back", e);
            deleteVersionQuietly(slot, release);
            setState(slot, new OtaState.RolledBack(slot.module, release.version().text(), release.sha256(),
                    Reason.UNHEALTHY, detail));
            return;
        }
        host.confirm(release);
        try {
            store.setActive(slot.module, release.version().text(), old == null || old.version().equals(release.version())
                    ? null : old.version().text());
            store.prune(slot.module);
            store.dropPartials(slot.module, null);
        } catch (IOException e) {
            // It runs, but would not come back after a restart: say so loudly; the old pointer still boots.
            LOG.log(System.Logger.Level.ERROR, "{0}: {1} runs but could not be recorded as active: {2}", slot.module,
                    release, e.getMessage());
        }
        slot.active = release;
        slot.previous = old == null || old.version().equals(release.version()) ? null : old;
        slot.confirmedAt = System.nanoTime();
        setState(slot, new OtaState.Active(slot.module, release.version().text(), release.sha256()));
    }

    /**
     * A release that passed its health window fails (a trap, an exhausted limit) while still on probation: it goes
     * the way of one that failed inside the window, back to the release it replaced, and is remembered as failed
     * so its retained manifest is not taken again. Unlike inside the window, the failing call is not replayed:
     * it was handled (and counted) as a failure by the supervisor.
     */
    private void failedOnProbation(String module, String version, String detail) {
        Slot slot = slots.get(module);
        if (slot == null || slot.active == null || slot.previous == null || slot.confirmedAt == 0
                || !slot.active.version().text().equals(version)) {
            return;
        }
        long since = System.nanoTime() - slot.confirmedAt;
        if (since > settings.policy().probation().toNanos()) {
            slot.previous = null; // proven: later failures are the supervisor's business
            return;
        }
        ModuleRelease failed = slot.active, previous = slot.previous;
        String why = "failed " + (since / 1_000_000) + " ms after its health window, within the probation of "
                + settings.policy().probation().toSeconds() + " s: " + detail;
        try {
            host.rollback(failed, previous);
        } catch (OtaException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}: {1} {2}; rolling back to {3} failed: {4}", module, failed, why,
                    previous.version(), e.detail());
            return;
        }
        var e = new OtaException(Reason.UNHEALTHY, why);
        recordFailure(slot, failed.manifest(), "rolled_back", e);
        try {
            store.setActive(module, previous.version().text(), null);
        } catch (IOException io) {
            LOG.log(System.Logger.Level.ERROR, "{0}: rolled back to {1} but could not record it: {2}", module,
                    previous, io.getMessage());
        }
        deleteVersionQuietly(slot, failed);
        slot.active = previous;
        slot.previous = null;
        slot.confirmedAt = 0;
        setState(slot, new OtaState.RolledBack(module, failed.version().text(), failed.sha256(), Reason.UNHEALTHY, why));
    }

    private void recordFailure(Slot slot, Manifest m, String state, OtaException e) {
        try {
            store.recordFailure(slot.module, m.sha256(), state, e.reason(), e.detail());
        } catch (IOException io) {
            LOG.log(System.Logger.Level.WARNING, "{0}: cannot record failure of {1}: {2}", slot.module, m, io.getMessage());
        }
    }

    private void deleteVersionQuietly(Slot slot, ModuleRelease r) {
        try {
            store.deleteVersion(slot.module, r.version().text());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: cannot delete {1}: {2}", slot.module, r, e.getMessage());
        }
    }

    private void reject(Slot slot, Manifest m, OtaException e) {
        setState(slot, new OtaState.Rejected(slot.module, m.version().text(), m.sha256(), e.reason(), e.detail()));
    }

    // ---- status ----------------------------------------------------------------------------------------------

    private void setState(Slot slot, OtaState next) {
        OtaState prev = slot.state;
        if (prev != null && !prev.canMoveTo(next)) {
            LOG.log(System.Logger.Level.WARNING, "{0}: unexpected transition {1} -> {2}", slot.module, prev.name(), next.name());
        }
        slot.state = next;
        published.put(slot.module, next);
        var level = next instanceof OtaState.Fetching ? System.Logger.Level.DEBUG : System.Logger.Level.INFO;
        if (next.reason() != null) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} {2}: {3}: {4}", slot.module, next.name(), next.version(),
                    next.reason().code(), next.detail());
        } else {
            LOG.log(level, "{0}: {1} {2}{3}", slot.module, next.name(), next.version(),
                    next instanceof OtaState.Fetching f ? " (" + f.received() + "/" + f.total() + ")" : "");
        }
        publishQuietly(Topics.status(settings.deviceId(), slot.module),
                ModuleStatus.of(settings.deviceId(), next, slot.active).toBytes());
        for (Consumer<OtaState> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "OTA listener failed", e);
            }
        }
    }

    private void publishQuietly(String topic, byte[] payload) {
        try {
            link.publish(topic, payload, 1, true);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot publish {0}: {1}", topic, e.getMessage());
        }
    }

    /** For tests: the agent's view of which modules have a transfer in flight. */
    List<String> transfersInFlight() {
        List<String> out = new ArrayList<>();
        slots.values().forEach(s -> {
            if (s.transfer != null) out.add(s.module);
        });
        return out;
    }
}
