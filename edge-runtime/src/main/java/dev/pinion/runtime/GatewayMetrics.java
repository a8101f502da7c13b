package dev.pinion.runtime;

import dev.pinion.runtime.metrics.PrometheusText;
import dev.pinion.runtime.mqtt.MqttSession;
import dev.pinion.runtime.mqtt.MqttStats;
import dev.pinion.runtime.supervisor.ModuleState;
import dev.pinion.runtime.supervisor.ModuleStats;
import dev.pinion.runtime.supervisor.ModuleStatus;
import dev.pinion.runtime.supervisor.Supervisor;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** Renders the gateway's metrics (the list is in the README, "Metrics") as Prometheus text, on each scrape. */
final class GatewayMetrics {
    private final String deviceId;
    private final Supervisor supervisor;
    private final MqttSession session;
    private final Triggers triggers;

    GatewayMetrics(String deviceId, Supervisor supervisor, MqttSession session, Triggers triggers) {
        this.deviceId = deviceId;
        this.supervisor = supervisor;
        this.session = session;
        this.triggers = triggers;
    }

    String render() {
        PrometheusText p = new PrometheusText();
        p.family("pinion_info", "gauge", "Constant 1, labelled with the device id");
        p.sample("pinion_info", 1, "device", deviceId);
        List<String> modules = supervisor.modules().stream().sorted().toList();
        module(p, modules, "pinion_module_invocations_total", "counter", "Handler calls completed, whatever their outcome", s -> s.invocations());
        module(p, modules, "pinion_module_errors_total", "counter", "Handler calls that returned a non-zero status or could not be delivered", s -> s.errors());
        module(p, modules, "pinion_module_traps_total", "counter", "Handler calls that trapped (fuel, deadline, memory, guest fault)", s -> s.traps());
        module(p, modules, "pinion_module_restarts_total", "counter", "Instances recreated after a failure", s -> s.restarts());
        module(p, modules, "pinion_module_rejected_total", "counter", "Events refused by the module's queue (full or module disabled)", s -> s.rejected());
        p.family("pinion_module_oversized_total", "counter", "Messages not delivered because the payload exceeded limits.max_payload");
        for (String m : modules) p.sample("pinion_module_oversized_total", sum(triggers.oversized.get(m)), "module", m);
        // The text format wants each family's samples right after its HELP/TYPE lines: one pass per family.
        java.util.Map<String, ModuleStatus> statuses = new java.util.LinkedHashMap<>();
        for (String m : modules) supervisor.status(m).ifPresent(st -> statuses.put(m, st));
        p.family("pinion_module_queue_depth", "gauge", "Calls waiting in the module's queue");
        statuses.forEach((m, s) -> p.sample("pinion_module_queue_depth", s.queueDepth(), "module", m));
        p.family("pinion_module_queue_capacity", "gauge", "Bound of the module's queue");
        statuses.forEach((m, s) -> p.sample("pinion_module_queue_capacity", s.queueCapacity(), "module", m));
        p.family("pinion_module_memory_pages", "gauge", "Linear memory of the module's instance, in 64 KiB pages");
        statuses.forEach((m, s) -> p.sample("pinion_module_memory_pages", s.memoryPages(), "module", m));
        p.family("pinion_module_state", "gauge", "1 for the module's current state");
        statuses.forEach((m, s) -> {
            for (ModuleState st : ModuleState.values()) {
                p.sample("pinion_module_state", st == s.state() ? 1 : 0, "module", m, "state", st.label());
            }
        });
        p.family("pinion_module_info", "gauge", "Constant 1, labelled with the running version");
        statuses.forEach((m, s) -> p.sample("pinion_module_info", 1, "module", m, "version", s.version()));
        p.family("pinion_module_call_duration_seconds", "histogram", "Wall-clock time of handler calls");
        for (String m : modules) {
            supervisor.stats(m).ifPresent(s -> p.histogram("pinion_module_call_duration_seconds", s.latency(), "module", m));
        }
        MqttStats q = session.stats();
        p.family("pinion_mqtt_connected", "gauge", "1 while connected to the broker");
        p.sample("pinion_mqtt_connected", q.connected() ? 1 : 0);
        p.family("pinion_mqtt_outbox_messages", "gauge", "QoS 1 messages waiting on disk for the broker");
        p.sample("pinion_mqtt_outbox_messages", q.outboxSize());
        p.family("pinion_mqtt_outbox_dropped_total", "counter", "Messages dropped from the outbox at its bound (oldest first)");
        p.sample("pinion_mqtt_outbox_dropped_total", q.outboxDropped());
        p.family("pinion_mqtt_connects_total", "counter", "Successful connects");
        p.sample("pinion_mqtt_connects_total", q.connects());
        p.family("pinion_mqtt_connect_failures_total", "counter", "Failed connection attempts");
        p.sample("pinion_mqtt_connect_failures_total", q.connectFailures());
        p.family("pinion_mqtt_messages_received_total", "counter", "Messages delivered to triggers");
        p.sample("pinion_mqtt_messages_received_total", q.messagesIn());
        p.family("pinion_mqtt_messages_sent_total", "counter", "Messages the broker accepted");
        p.sample("pinion_mqtt_messages_sent_total", q.messagesOut());
        p.family("pinion_mqtt_qos0_dropped_total", "counter", "QoS 0 publishes dropped while offline");
        p.sample("pinion_mqtt_qos0_dropped_total", q.qos0Dropped());
        return p.toString();
    }

    private interface Stat {
        long of(ModuleStats s);
    }

    private void module(PrometheusText p, List<String> modules, String name, String type, String help, Stat stat) {
        p.family(name, type, help);
        for (String m : modules) supervisor.stats(m).ifPresent(s -> p.sample(name, stat.of(s), "module", m));
    }

    private static long sum(LongAdder a) {
        return a == null ? 0 : a.sum();
    }
}
