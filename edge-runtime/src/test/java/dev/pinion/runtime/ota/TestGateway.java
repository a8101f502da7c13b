package dev.pinion.runtime.ota;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.ValType;
import dev.pinion.ota.Manifest;
import dev.pinion.ota.ModuleRelease;
import dev.pinion.ota.OtaAgent;
import dev.pinion.ota.OtaPolicy;
import dev.pinion.ota.Trigger;
import dev.pinion.ota.TrustedKeys;
import dev.pinion.runtime.mqtt.MqttSession;
import dev.pinion.runtime.mqtt.MqttSettings;
import dev.pinion.runtime.supervisor.Event;
import dev.pinion.runtime.supervisor.Handler;
import dev.pinion.runtime.supervisor.HostLinker;
import dev.pinion.runtime.supervisor.Invocation;
import dev.pinion.runtime.supervisor.ModuleLimits;
import dev.pinion.runtime.supervisor.ModuleSpec;
import dev.pinion.runtime.supervisor.RestartPolicy;
import dev.pinion.runtime.supervisor.Supervisor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gateway for OTA tests on the real pieces: its MQTT session, the supervisor behind
 * {@link SupervisorModuleHost}, the OTA agent; modules may import {@code test.record(ptr, len)}, which appends
 * "version:payload" to {@link #recorded}. MQTT triggers of a release are routed to the supervisor.
 */
public final class TestGateway implements AutoCloseable {
    public final String device;
    public final Path dataDir;
    public final MqttSession session;
    public final Supervisor supervisor = new Supervisor(
            new RestartPolicy(Duration.ofMillis(10), Duration.ofMillis(50), 1000, Duration.ofMinutes(1)));
    public final OtaAgent agent;
    public final List<String> recorded = new CopyOnWriteArrayList<>();
    private final Set<String> bound = ConcurrentHashMap.newKeySet();

    public TestGateway(String brokerUrl, String device, Path dataDir, TrustedKeys keys, OtaPolicy policy,
            List<String> groups) throws Exception {
        this(brokerUrl, MqttSettings.Protocol.AUTO, device, dataDir, keys, policy, groups);
    }

    public TestGateway(String brokerUrl, MqttSettings.Protocol protocol, String device, Path dataDir, TrustedKeys keys,
            OtaPolicy policy, List<String> groups) throws Exception {
        this.device = device;
        this.dataDir = dataDir;
        session = MqttSession.start(MqttSettings.builder(brokerUrl, device).protocol(protocol)
                .stateDir(dataDir.resolve("mqtt")).build());
        session.awaitConnected(Duration.ofSeconds(10));
        var host = new SupervisorModuleHost(supervisor, new SupervisorModuleHost.Releases() {
            @Override
            public ModuleSpec spec(Manifest manifest, byte[] wasm) {
                List<Handler> handlers = new ArrayList<>();
                for (Trigger t : manifest.triggers()) {
                    if (t.type().equals("mqtt")) handlers.add(new Handler(t.export(), Handler.Kind.MESSAGE));
                }
                return new ModuleSpec(manifest.name(), manifest.version().text(), wasm, ModuleLimits.DEFAULT.withQueue(10_000),
                        handlers, linker());
            }

            @Override
            public void activated(ModuleRelease release) {
                for (Trigger t : release.manifest().triggers()) {
                    String topic = t.params().get("topic");
                    if (!t.type().equals("mqtt") || !bound.add(release.name() + " " + topic)) continue;
                    session.subscribe(topic, 1, m -> supervisor.submit(release.name(),
                            new Invocation(t.export(), Event.Message.of(m.topic(), m.payload()))));
                }
            }
        });
        agent = new OtaAgent(new SessionMqttLink(session), host,
                new OtaAgent.Settings(device, groups, dataDir, keys, policy, OtaAgent.Settings.DEFAULT_FETCH_WINDOW));
        agent.start();
    }

    private HostLinker linker() {
        return ctx -> new HostLinker.Linked(Imports.builder().add(HostModule.builder("test")
                .function("record", FuncType.of(new ValType[] {ValType.I32, ValType.I32}), (caller, stack, base) ->
                        recorded.add(ctx.version() + ":" + caller.memory().readString(stack[base], (int) stack[base + 1])))
                .build()).build(), () -> {});
    }

    @Override
    public void close() throws Exception {
        agent.close();
        supervisor.shutdown(Duration.ofSeconds(2));
        session.close();
    }
}
