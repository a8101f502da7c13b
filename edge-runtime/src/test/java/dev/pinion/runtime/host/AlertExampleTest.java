package dev.pinion.runtime.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.engine.Imports;
import dev.pinion.runtime.supervisor.Event;
import dev.pinion.runtime.supervisor.Handler;
import dev.pinion.runtime.supervisor.HostLinker;
import dev.pinion.runtime.supervisor.Invocation;
import dev.pinion.runtime.supervisor.ModuleLimits;
import dev.pinion.runtime.supervisor.ModuleSpec;
import dev.pinion.runtime.supervisor.RestartPolicy;
import dev.pinion.runtime.supervisor.Supervisor;
import dev.pinion.wasi.Wasi;
import dev.pinion.wasi.WasiConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The C example of docs/abi.md (examples/alert) run through the supervisor with the real pinion_mqtt module. */
class AlertExampleTest {
    record Published(String topic, String payload, int qos, boolean retain, String correlation) {}

    final List<Published> published = new CopyOnWriteArrayList<>();
    final Supervisor supervisor = new Supervisor(RestartPolicy.DEFAULT);

    @AfterEach
    void stop() throws InterruptedException {
        supervisor.shutdown(Duration.ofSeconds(2));
    }

    void load(String name, byte[] wasm, List<String> publishFilters, Handler handler) {
        HostLinker linker = ctx -> {
            Wasi wasi = Wasi.create(WasiConfig.builder().build());
            var mqtt = MqttHostModule.create(ctx, publishFilters, 1024, (topic, payload, qos, retain, corr) ->
                    published.add(new Published(topic, new String(payload, StandardCharsets.UTF_8), qos, retain,
                            corr == null ? null : new String(corr, StandardCharsets.UTF_8))));
            return new HostLinker.Linked(wasi.imports(Imports.builder().add(mqtt).build()), wasi);
        };
        supervisor.load(new ModuleSpec(name, "1", wasm,
                new ModuleLimits(5_000_000, Duration.ofSeconds(1), 4L << 20, 64), List.of(handler), linker));
    }

    void send(String module, String export, String topic, String payload) throws Exception {
        Invocation inv = new Invocation(export, Event.Message.of(topic, payload.getBytes(StandardCharsets.UTF_8)));
        supervisor.submit(module, inv);
        inv.done().get(10, TimeUnit.SECONDS);
    }

    @Test
    void alert_aboveThreshold_publishesWithinGrant_belowIsSilent_malformedIsAnError() throws Exception {
        load("alert", Files.readAllBytes(Path.of("../examples/alert/alert.wasm")), List.of("alerts/#"),
                new Handler("on_reading", Handler.Kind.MESSAGE));
        send("alert", "on_reading", "sensors/room/reading", "{\"sensor\":\"room\",\"celsius\":21.5}");
        send("alert", "on_reading", "sensors/room/reading", "{\"sensor\":\"room\",\"celsius\": 31.25}");
        send("alert", "on_reading", "sensors/room/reading", "not json");
        assertEquals(List.of(new Published("alerts/room", "{\"sensor\":\"room\",\"celsius\":31.2,\"threshold\":30.0}", 1, false, null)),
                published);
        var stats = supervisor.stats("alert").orElseThrow();
        assertEquals(3, stats.invocations());
        assertEquals(1, stats.errors()); // "not json" -> PINION_EINVAL, instance kept
        assertEquals(0, stats.traps());
    }

    @Test
    void alert_publishOutsideGrant_isEaccesCountedAsError() throws Exception {
        load("alert", Files.readAllBytes(Path.of("../examples/alert/alert.wasm")), List.of("alerts/kitchen"),
                new Handler("on_reading", Handler.Kind.MESSAGE));
        send("alert", "on_reading", "sensors/room/reading", "{\"celsius\":40}");
        assertTrue(published.isEmpty());
        assertEquals(1, supervisor.stats("alert").orElseThrow().errors()); // the handler returned EACCES (2)
    }

    @Test
    void reply_answersTheRequestsResponseTopicWithItsCorrelationData() throws Exception {
        load("echo", Files.readAllBytes(Path.of("src/test/resources/dev/pinion/runtime/host/echo.wasm")), List.of(),
                new Handler("on_message", Handler.Kind.MESSAGE));
        Invocation request = new Invocation("on_message", new Event.Message("pinion/gw/requests/echo",
                "ping".getBytes(StandardCharsets.UTF_8), 1, "clients/42/answer", "c-7".getBytes(StandardCharsets.UTF_8), Map.of()));
        supervisor.submit("echo", request);
        request.done().get(10, TimeUnit.SECONDS);
        send("echo", "on_message", "pinion/gw/requests/echo", "no response topic");
        assertEquals(List.of(new Published("clients/42/answer", "ping", 1, false, "c-7")), published);
        assertEquals(1, supervisor.stats("echo").orElseThrow().errors()); // ENOENT for the plain message
    }
}
