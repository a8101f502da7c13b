package dev.pinion.ota;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator side of a delivery ({@code pinion deploy}): publishes the chunks and then the signed manifest,
 * all retained, and optionally waits until every target gateway reports a final state for this release.
 * Chunks go first so that a gateway seeing the manifest finds every chunk already on the broker.
 */
public final class Deployer {
    /** Where a release goes: one device, or every member of a group. */
    public record Target(String name, boolean group) {
        public Target {
            if (!Topics.isLevel(name)) throw new IllegalArgumentException("\"" + name + "\" cannot be a topic level");
        }
    }

    /** Callbacks for a progress display. */
    public interface Progress {
        void published(int chunks, int total);

        void status(ModuleStatus status);
    }

    /** What each gateway reported; {@code complete} is false when the wait ran out first. */
    public record Outcome(Map<String, ModuleStatus> byDevice, boolean complete) {
        /** True if every gateway reported the release active (and at least one reported). */
        public boolean allActive() {
            return complete && !byDevice.isEmpty() && byDevice.values().stream().allMatch(s -> s.state().equals("active"));
        }
    }

    private final MqttLink link;
    private final Manifest manifest;
    private final byte[] wasm;
    private final Target target;
    private final Map<String, ModuleStatus> latest = new ConcurrentHashMap<>();
    private final Set<String> members = ConcurrentHashMap.newKeySet();
    private final Object changed = new Object();

    public Deployer(MqttLink link, Manifest manifest, byte[] wasm, Target target) {
        if (!Hashes.sha256Hex(wasm).equals(manifest.sha256()) || wasm.length != manifest.size()) {
            throw new IllegalArgumentException("module bytes do not match the manifest's sha256/size");
        }
        this.link = link;
        this.manifest = manifest;
        this.wasm = wasm;
        this.target = target;
        if (!target.group()) members.add(target.name());
    }

    /** Starts listening for the gateways' status (call before {@link #publish} when you mean to wait). */
    public void watch(Progress progress) {
        if (target.group()) {
            link.subscribe(Topics.membersFilter(target.name()), 1, (topic, payload, retained) -> {
                if (payload.length > 0) members.add(Topics.lastLevel(topic));
                else members.remove(Topics.lastLevel(topic));
                signal();
            });
        }
        String filter = Topics.status(target.group() ? "+" : target.name(), manifest.name());
        link.subscribe(filter, 1, (topic, payload, retained) -> {
            ModuleStatus s;
            try {
                s = ModuleStatus.parse(payload);
            } catch (java.io.IOException e) {
                return;
            }
            boolean ours = manifest.sha256().equals(s.sha256()) && manifest.version().text().equals(s.version());
            if (!ours && !(s.sha256() == null && !retained)) return; // another release (or the same bytes as another version)
            // A retained status is history: it counts only if it already says "active" for this release.
            // Failures must be reported live, after the gateway saw this publish.
            if (retained && !s.state().equals("active")) return;
            String device = topic.split("/")[1];
            latest.put(device, s);
            if (progress != null) progress.status(s);
            signal();
        });
    }

    /** Publishes every chunk, then the manifest; all retained at QoS 1. Safe to repeat (after a reconnect). */
    public void publish(Progress progress) {
        for (int i = 0; i < manifest.chunkCount(); i++) {
            int from = i * manifest.chunkSize();
            byte[] chunk = java.util.Arrays.copyOfRange(wasm, from, from + manifest.chunkLength(i));
            link.publish(Topics.chunk(manifest.sha256(), i), chunk, 1, true);
            if (progress != null) progress.published(i + 1, manifest.chunkCount());
        }
        link.publish(Topics.desired(target.name(), manifest.name()), manifest.toBytes(), 1, true);
    }

    /** Waits until every target gateway reports a final state for this release, or {@code timeout} passes. */
    public Outcome await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (true) {
                if (done()) return new Outcome(snapshot(), true);
                long left = deadline - System.nanoTime();
                if (left <= 0) return new Outcome(snapshot(), false);
                changed.wait(Math.max(1, left / 1_000_000), 0);
            }
        }
    }

    /** Devices known to be targets (for a group: the members that announced themselves). */
    public Set<String> targets() {
        return Set.copyOf(members);
    }

    private boolean done() {
        if (members.isEmpty()) return false;
        for (String d : members) {
            ModuleStatus s = latest.get(d);
            if (s == null || !s.isFinal()) return false;
        }
        return true;
    }

    private Map<String, ModuleStatus> snapshot() {
        Map<String, ModuleStatus> out = new TreeMap<>();
        for (String d : members) {
            ModuleStatus s = latest.get(d);
            if (s != null) out.put(d, s);
        }
        return new LinkedHashMap<>(out);
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }
}
