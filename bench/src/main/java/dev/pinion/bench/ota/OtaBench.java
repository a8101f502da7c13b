package dev.pinion.bench.ota;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmModule;
import dev.pinion.ota.Deployer;
import dev.pinion.ota.KeyFiles;
import dev.pinion.ota.Manifest;
import dev.pinion.ota.ModuleRelease;
import dev.pinion.ota.OtaAgent;
import dev.pinion.ota.OtaPolicy;
import dev.pinion.ota.SigningKey;
import dev.pinion.ota.Trigger;
import dev.pinion.ota.TrustedKeys;
import dev.pinion.ota.mqtt.PahoMqttLink;
import dev.pinion.runtime.mqtt.MqttSession;
import dev.pinion.runtime.mqtt.MqttSettings;
import dev.pinion.runtime.ota.SessionMqttLink;
import dev.pinion.runtime.ota.SupervisorModuleHost;
import dev.pinion.runtime.supervisor.Event;
import dev.pinion.runtime.supervisor.Handler;
import dev.pinion.runtime.supervisor.HostLinker;
import dev.pinion.runtime.supervisor.Invocation;
import dev.pinion.runtime.supervisor.ModuleLimits;
import dev.pinion.runtime.supervisor.ModuleSpec;
import dev.pinion.runtime.supervisor.RestartPolicy;
import dev.pinion.runtime.supervisor.Supervisor;
import dev.pinion.testkit.Mosquitto;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * OTA numbers on a loopback Mosquitto with real gateways (MQTT session, supervisor, OTA agent, in this JVM):
 * <ol>
 * <li>deploy of a 100 KB module to its first invocation on the gateway (target under 500 ms);</li>
 * <li>latency a swap adds to messages streaming into the module (p99 target under 10 ms), against the same
 * stream without swaps;</li>
 * <li>group deploy to 10 gateways: time until all report active;</li>
 * <li>what caching lowered modules could save: compile time of the 100 KB module.</li>
 * </ol>
 * Run with {@code bench/ota.sh}. A harness, not JMH: each number is a wall-clock interval across processes
 * (broker) and threads, measured many times and reported as median / p99.
 */
public final class OtaBench {
    static final java.security.KeyPair KEYS = KeyFiles.generate();
    static final SigningKey SIGNER = new SigningKey(KeyFiles.keyId(KEYS.getPublic()), KEYS.getPrivate());
    static final TrustedKeys TRUSTED = TrustedKeys.of(List.of(KEYS.getPublic()));

    /** One in-process gateway; the module's handler stamps each payload "sentNanos" with the version and time. */
    static final class Gateway implements AutoCloseable {
        final String device;
        final MqttSession session;
        final Supervisor supervisor = new Supervisor(RestartPolicy.DEFAULT);
        final OtaAgent agent;
        /** version -> System.nanoTime() of its first handled message. */
        final Map<String, Long> firstCall = new ConcurrentHashMap<>();
        final List<long[]> latencies = new CopyOnWriteArrayList<>(); // {sentNanos, handledNanos}
        final AtomicBoolean recordLatency = new AtomicBoolean();
        private final java.util.Set<String> bound = ConcurrentHashMap.newKeySet();

        Gateway(String url, String device, Path data, Duration healthWindow, List<String> groups) throws Exception {
            this.device = device;
            session = MqttSession.start(MqttSettings.builder(url, device).stateDir(data.resolve("mqtt")).build());
            session.awaitConnected(Duration.ofSeconds(10));
            var host = new SupervisorModuleHost(supervisor, new SupervisorModuleHost.Releases() {
                @Override
                public ModuleSpec spec(Manifest m, byte[] wasm) {
                    return new ModuleSpec(m.name(), m.version().text(), wasm, ModuleLimits.DEFAULT.withQueue(10_000),
                            List.of(new Handler("on_message", Handler.Kind.MESSAGE)), linker());
                }

                @Override
                public void activated(ModuleRelease r) {
                    String topic = r.manifest().triggers().get(0).params().get("topic");
                    if (bound.add(topic)) {
                        session.subscribe(topic, 1, msg -> supervisor.submit(r.name(),
                                new Invocation("on_message", Event.Message.of(msg.topic(), msg.payload()))));
                    }
                }
            });
            agent = new OtaAgent(new SessionMqttLink(session), host, new OtaAgent.Settings(device, groups, data, TRUSTED,
                    OtaPolicy.PERMISSIVE.withHealthWindow(healthWindow), OtaAgent.Settings.DEFAULT_FETCH_WINDOW));
            agent.start();
        }

        private HostLinker linker() {
            return ctx -> new HostLinker.Linked(Imports.builder().add(HostModule.builder("test")
                    .function("record", FuncType.of(new ValType[] {ValType.I32, ValType.I32}), (caller, stack, base) -> {
                        long now = System.nanoTime();
                        firstCall.putIfAbsent(ctx.version(), now);
                        if (recordLatency.get()) {
                            String p = caller.memory().readString(stack[base], (int) stack[base + 1]);
                            latencies.add(new long[] {Long.parseLong(p), now});
                        }
                    }).build()).build(), () -> {});
        }

        @Override
        public void close() throws Exception {
            agent.close();
            supervisor.shutdown(Duration.ofSeconds(2));
            session.close();
        }
    }

    static byte[] module(String tag, int size) throws Exception {
        byte[] base;
        try (InputStream in = OtaBench.class.getResourceAsStream("/ota/recorder.wasm")) {
            base = in.readAllBytes();
        }
        byte[] name = ("bench." + tag).getBytes(StandardCharsets.US_ASCII);
        int pad = Math.max(0, size - base.length - name.length - 8);
        var payload = new ByteArrayOutputStream();
        payload.write(name.length);
        payload.writeBytes(name);
        payload.writeBytes(new byte[pad]);
        var out = new ByteArrayOutputStream();
        out.writeBytes(base);
        out.write(0);
        int n = payload.size();
        do {
            int b = n & 0x7f;
            n >>>= 7;
            out.write(n != 0 ? b | 0x80 : b);
        } while (n != 0);
        out.writeBytes(payload.toByteArray());
        return out.toByteArray();
    }

    static Manifest manifest(String version, byte[] wasm, String topic) throws Exception {
        return SIGNER.sign(Manifest.builder("bench", version, wasm)
                .trigger(new Trigger("mqtt", "on_message", Map.of("topic", topic))));
    }

    static Deployer.Outcome deploy(PahoMqttLink op, Manifest m, byte[] wasm, Deployer.Target target) throws Exception {
        var d = new Deployer(op, m, wasm, target);
        d.watch(null);
        d.publish(null);
        return d.await(Duration.ofSeconds(60));
    }

    /** Publishes stamped messages every {@code periodMicros} until stopped. */
    static Thread stream(PahoMqttLink op, String topic, AtomicBoolean running, long periodMicros) {
        return Thread.ofPlatform().start(() -> {
            while (running.get()) {
                try {
                    op.publish(topic, Long.toString(System.nanoTime()).getBytes(StandardCharsets.US_ASCII), 1, false);
                } catch (IllegalStateException e) {
                    System.err.println("stream: " + e.getMessage()); // a loaded machine: keep streaming
                }
                java.util.concurrent.locks.LockSupport.parkNanos(periodMicros * 1000);
            }
        });
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path tmp = Files.createTempDirectory("pinion-ota-bench-");
        StringBuilder report = new StringBuilder();
        try (Mosquitto broker = Mosquitto.start(); PahoMqttLink op = PahoMqttLink.connect(broker.url(), "bench-op");
             PahoMqttLink sensor = PahoMqttLink.connect(broker.url(), "bench-sensor")) {
            // The message stream comes from its own client (a sensor), not from the operator's deploy connection.
            // 1. deploy of a 100 KB module -> first invocation of that version
            try (Gateway gw = new Gateway(broker.url(), "gw-0", tmp.resolve("gw-0"), Duration.ofMillis(50), List.of())) {
                AtomicBoolean running = new AtomicBoolean(true);
                byte[] w0 = module("v0", 100 * 1024);
                deploy(op, manifest("1.0.0", w0, "bench/in"), w0, new Deployer.Target("gw-0", false));
                Thread s = stream(sensor, "bench/in", running, 1000);
                long[] firsts = new long[rounds];
                long[] actives = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    byte[] w = module("v" + (i + 1), 100 * 1024);
                    String v = "1.0." + (i + 1);
                    Manifest m = manifest(v, w, "bench/in");
                    long t0 = System.nanoTime();
                    var outcome = deploy(op, m, w, new Deployer.Target("gw-0", false));
                    actives[i] = System.nanoTime() - t0;
                    if (!outcome.allActive()) throw new IllegalStateException("not active: " + outcome);
                    long until = System.nanoTime() + 5_000_000_000L;
                    while (!gw.firstCall.containsKey(v) && System.nanoTime() < until) Thread.sleep(1);
                    firsts[i] = gw.firstCall.getOrDefault(v, Long.MAX_VALUE / 2) - t0;
                }
                running.set(false);
                s.join();
                Arrays.sort(firsts);
                Arrays.sort(actives);
                report.append(String.format("deploy 100 KB -> first invocation: median %.1f ms, p90 %.1f ms, max %.1f ms (%d deploys, target < 500 ms)%n",
                        ms(pct(firsts, 0.5)), ms(pct(firsts, 0.9)), ms(firsts[firsts.length - 1]), rounds));
                report.append(String.format("deploy 100 KB -> status active (includes the 50 ms health window): median %.1f ms%n",
                        ms(pct(actives, 0.5))));

                // 2. latency a swap adds
                long[] base = latency(gw, sensor, running, null, rounds);
                long[] swapping = latency(gw, sensor, running, (i) -> {
                    byte[] w = module("s" + i, 4 * 1024);
                    deploy(op, manifest("2.0." + i, w, "bench/in"), w, new Deployer.Target("gw-0", false));
                }, rounds);
                report.append(String.format("message latency, stream of 1 msg/ms, no swaps: p50 %.2f ms, p99 %.2f ms (%d messages)%n",
                        ms(pct(base, 0.5)), ms(pct(base, 0.99)), base.length));
                report.append(String.format("message latency, same stream with %d swaps: p50 %.2f ms, p99 %.2f ms (%d messages); swap-added p99: %.2f ms (target < 10 ms)%n",
                        rounds, ms(pct(swapping, 0.5)), ms(pct(swapping, 0.99)), swapping.length,
                        ms(pct(swapping, 0.99) - pct(base, 0.99))));

                // 4. caching lowered modules: compile time of the 100 KB module
                long[] compile = new long[50];
                for (int i = 0; i < compile.length; i++) {
                    long t = System.nanoTime();
                    WasmModule.compile(w0);
                    compile[i] = System.nanoTime() - t;
                }
                Arrays.sort(compile);
                report.append(String.format("compile (decode+validate+lower) of the 100 KB module: median %.3f ms: the most a lowered-code cache could save per start%n",
                        ms(pct(compile, 0.5))));
            }

            // 3. group deploy to 10 gateways
            List<Gateway> group = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    group.add(new Gateway(broker.url(), "gw-g" + i, tmp.resolve("gw-g" + i), Duration.ofMillis(100), List.of("fleet")));
                }
                long[] times = new long[Math.max(3, rounds / 4)];
                for (int i = 0; i < times.length; i++) {
                    byte[] w = module("g" + i, 100 * 1024);
                    long t0 = System.nanoTime();
                    var outcome = deploy(op, manifest("3.0." + i, w, "bench/g"), w, new Deployer.Target("fleet", true));
                    times[i] = System.nanoTime() - t0;
                    if (!outcome.allActive() || outcome.byDevice().size() != 10) throw new IllegalStateException("group: " + outcome);
                }
                Arrays.sort(times);
                report.append(String.format("group deploy of 100 KB to 10 gateways -> all active (includes the 100 ms health window): median %.1f ms, max %.1f ms (%d deploys)%n",
                        ms(pct(times, 0.5)), ms(times[times.length - 1]), times.length));
            } finally {
                for (Gateway g : group) g.close();
            }
        }
        System.out.print(report);
    }

    interface Swap {
        void run(int i) throws Exception;
    }

    /** Streams for {@code rounds} x ~150 ms (running {@code swap} once per round if given); returns sorted latencies. */
    static long[] latency(Gateway gw, PahoMqttLink op, AtomicBoolean unused, Swap swap, int rounds) throws Exception {
        gw.latencies.clear();
        AtomicBoolean running = new AtomicBoolean(true);
        gw.recordLatency.set(true);
        Thread s = stream(op, "bench/in", running, 1000);
        for (int i = 0; i < rounds; i++) {
            Thread.sleep(50);
            if (swap != null) swap.run(i);
            else Thread.sleep(100);
        }
        running.set(false);
        s.join();
        Thread.sleep(300);
        gw.recordLatency.set(false);
        long[] l = gw.latencies.stream().mapToLong(x -> x[1] - x[0]).sorted().toArray();
        return l;
    }
}
