package dev.pinion.runtime;

import dev.pinion.device.Board;
import dev.pinion.device.Device;
import dev.pinion.device.DigitalInput;
import dev.pinion.runtime.config.ModuleConfig;
import dev.pinion.runtime.config.TriggerConfig;
import dev.pinion.runtime.mqtt.IncomingMessage;
import dev.pinion.runtime.mqtt.MqttSession;
import dev.pinion.runtime.supervisor.Admission;
import dev.pinion.runtime.supervisor.Event;
import dev.pinion.runtime.supervisor.Invocation;
import dev.pinion.runtime.supervisor.Supervisor;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns what happens (MQTT messages, timer ticks, GPIO edges) into calls queued for modules. One MQTT
 * subscription per distinct filter, fanned out to every module that asked for it; a QoS 1 message is
 * acknowledged only after every module it went to has run it, so a gateway killed mid-stream gets the unhandled
 * messages again from the broker.
 */
final class Triggers {
    private static final System.Logger LOG = System.getLogger("dev.pinion.runtime.triggers");

    private record Target(String module, String export) {}

    private final Supervisor supervisor;
    private final MqttSession session;
    private final Board board;
    private final ScheduledExecutorService timers;
    private final long maxPayload;
    private final Map<String, List<Target>> byFilter = new LinkedHashMap<>();
    private final Map<String, Integer> qosByFilter = new LinkedHashMap<>();
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private final List<DigitalInput.Registration> edges = new ArrayList<>();
    /** What each module's triggers hold, so an OTA release with other triggers can replace them. */
    private final Map<String, List<ScheduledFuture<?>>> scheduledBy = new LinkedHashMap<>();
    private final Map<String, List<DigitalInput.Registration>> edgesBy = new LinkedHashMap<>();
    private final Map<String, List<TriggerConfig>> boundBy = new LinkedHashMap<>();
    /** Events refused before reaching a module (payload too large, queue full, disabled), by module. */
    final Map<String, LongAdder> oversized = new ConcurrentHashMap<>();
    final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    Triggers(Supervisor supervisor, MqttSession session, Board board, ScheduledExecutorService timers, long maxPayload) {
        this.supervisor = supervisor;
        this.session = session;
        this.board = board;
        this.timers = timers;
        this.maxPayload = maxPayload;
    }

    /** Binds every trigger of a loaded module. */
    synchronized void bind(ModuleConfig m) {
        boundBy.put(m.name(), m.triggers());
        oversized.putIfAbsent(m.name(), new LongAdder());
        refused.putIfAbsent(m.name(), new LongAdder());
        int index = 0;
        for (TriggerConfig t : m.triggers()) {
            switch (t) {
                case TriggerConfig.Mqtt q -> mqtt(m.name(), q);
                case TriggerConfig.Interval i -> interval(m.name(), i, index);
                case TriggerConfig.Gpio g -> gpio(m.name(), g);
            }
            index++;
        }
    }

    private void mqtt(String module, TriggerConfig.Mqtt q) {
        List<Target> targets = byFilter.get(q.filter());
        boolean first = targets == null;
        if (first) {
            targets = new java.util.concurrent.CopyOnWriteArrayList<>();
            byFilter.put(q.filter(), targets);
        }
        targets.add(new Target(module, q.export()));
        int qos = Math.max(q.qos(), qosByFilter.getOrDefault(q.filter(), 0));
        qosByFilter.put(q.filter(), qos);
        List<Target> route = targets;
        // subscribing again replaces the handler with the same one and raises the QoS if needed
        session.subscribeDeferred(q.filter(), qos, msg -> deliver(route, msg));
        LOG.log(Level.INFO, "module {0}: {1} on MQTT {2} (QoS {3})", module, q.export(), q.filter(), String.valueOf(q.qos()));
    }

    private CompletableFuture<?> deliver(List<Target> targets, IncomingMessage msg) {
        if (stopped) return new CompletableFuture<>(); // never acknowledged: the broker delivers it again after restart
        Event.Message event = new Event.Message(msg.topic(), msg.payload(), msg.qos(), msg.responseTopic(),
                msg.correlationData(), msg.userProperties());
        List<CompletableFuture<Void>> pending = new ArrayList<>(targets.size());
        for (Target t : targets) {
            if (msg.payload().length > maxPayload) {
                oversized.get(t.module()).increment();
                LOG.log(Level.WARNING, "module {0}: message on {1} not delivered: payload of {2} bytes exceeds limits.max_payload ({3} bytes)",
                        t.module(), msg.topic(), String.valueOf(msg.payload().length), String.valueOf(maxPayload));
                continue;
            }
            Invocation inv = new Invocation(t.export(), event);
            if (admit(t.module(), inv)) pending.add(inv.done());
        }
        // a module that failed on it still counts as handled: redelivery would fail the same way
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null);
    }

    private boolean admit(String module, Invocation inv) {
        Admission a = supervisor.submit(module, inv);
        if (a == Admission.QUEUED) return true;
        refused.get(module).increment();
        return false;
    }

    private void interval(String module, TriggerConfig.Interval i, int index) {
        AtomicLong seq = new AtomicLong();
        String name = "triggers[" + index + "]";
        long ms = i.period().toMillis();
        ScheduledFuture<?> f = timers.scheduleAtFixedRate(() -> {
            if (!stopped) admit(module, new Invocation(i.export(), new Event.Timer(name, seq.incrementAndGet())));
        }, ms, ms, TimeUnit.MILLISECONDS);
        scheduled.add(f);
        scheduledBy.computeIfAbsent(module, k -> new ArrayList<>()).add(f);
        LOG.log(Level.INFO, "module {0}: {1} every {2} ms", module, i.export(), String.valueOf(ms));
    }

    private void gpio(String module, TriggerConfig.Gpio g) {
        Device d = board.device(g.device());
        if (!(d instanceof DigitalInput input)) {
            throw new Gateway.GatewayException("module " + module + ": gpio trigger on " + g.device() + ", but the board has "
                    + (d == null ? "no device of that name" : "it as " + d.getClass().getSimpleName() + ", not a digital input"), null);
        }
        DigitalInput.Registration reg = input.onEdge(edge -> {
            if (!stopped && g.edge().accepts(edge.rising())) {
                admit(module, new Invocation(g.export(), new Event.Edge(edge.line(), edge.rising(), edge.timestampNanos())));
            }
        });
        edges.add(reg);
        edgesBy.computeIfAbsent(module, k -> new ArrayList<>()).add(reg);
        LOG.log(Level.INFO, "module {0}: {1} on {2} edges of {3}", module, g.export(), g.edge().name().toLowerCase(java.util.Locale.ROOT), g.device());
    }

    /** The triggers bound for {@code module} (empty if none). */
    synchronized List<TriggerConfig> bound(String module) {
        return boundBy.getOrDefault(module, List.of());
    }

    /**
     * Removes every trigger of {@code module} (before binding an OTA release's own): its MQTT routes
     * (unsubscribing filters no other module uses), timers and GPIO edge registrations.
     */
    synchronized void unbind(String module) {
        boundBy.remove(module);
        for (var it = byFilter.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            e.getValue().removeIf(t -> t.module().equals(module));
            if (e.getValue().isEmpty()) {
                session.unsubscribe(e.getKey());
                qosByFilter.remove(e.getKey());
                it.remove();
            }
        }
        for (ScheduledFuture<?> f : scheduledBy.getOrDefault(module, List.of())) f.cancel(false);
        scheduled.removeAll(scheduledBy.getOrDefault(module, List.of()));
        scheduledBy.remove(module);
        for (DigitalInput.Registration r : edgesBy.getOrDefault(module, List.of())) r.close();
        edges.removeAll(edgesBy.getOrDefault(module, List.of()));
        edgesBy.remove(module);
    }

    /** No event reaches a module after this returns. Subscriptions stay at the broker for the next start. */
    synchronized void stop() {
        stopped = true;
        for (ScheduledFuture<?> f : scheduled) f.cancel(false);
        for (DigitalInput.Registration r : edges) r.close();
    }
}
