package dev.pinion.bench.mqtt;

import dev.pinion.runtime.Gateway;
import dev.pinion.runtime.config.PinionConfig;
import dev.pinion.runtime.mqtt.MqttSession;
import dev.pinion.runtime.mqtt.MqttSettings;
import dev.pinion.testkit.Mosquitto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Messages through a trivial echo (payload in on {@code fleet/in} -> the same payload out on {@code fleet/out},
 * QoS 0 both ways) on a loopback Mosquitto, three ways in one run:
 * <ul>
 *   <li>{@code paho}: a bare Paho v5 client that republishes in its callback: the ceiling, no Pinion at all;
 *   <li>{@code session}: Pinion's {@link MqttSession} with a handler that republishes (the session's dispatch
 *       thread, topic matching, stats);
 *   <li>{@code wasm}: the whole gateway ({@link Gateway} from a config file) running the echo module
 *       ({@code on_message_qos0} of edge-runtime's fleet/echo.wasm): trigger, supervisor queue, a Wasm call,
 *       {@code pinion_mqtt.publish}.
 * </ul>
 * For each: throughput (N messages with at most W outstanding, after one warm-up round) and latency at a fixed
 * rate (send time in the payload, p50/p99/max over the measured seconds, after a warm-up second). The driver
 * (one publishing and one receiving Paho client) runs in the same JVM, the same for every variant.
 *
 * <p>Usage: {@code MqttEchoBench ECHO_WASM OUT_CSV [variants] [messages] [rate] [seconds]}
 */
public final class MqttEchoBench {
    private static final String IN = "fleet/in";
    private static final String OUT = "fleet/out";

    record Result(String variant, double msgPerSecond, double p50Millis, double p99Millis, double maxMillis) {}

    public static void main(String[] args) throws Exception {
        Path echoWasm = Path.of(args[0]);
        Path csv = Path.of(args[1]);
        List<String> variants = List.of((args.length > 2 ? args[2] : "paho,session,wasm").split(","));
        int messages = args.length > 3 ? Integer.parseInt(args[3]) : 50_000;
        int rate = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;
        int seconds = args.length > 5 ? Integer.parseInt(args[5]) : 10;
        List<Result> results = new ArrayList<>();
        try (Mosquitto broker = Mosquitto.start()) {
            for (String v : variants) {
                Path work = Files.createTempDirectory("pinion-mqtt-bench-");
                try (AutoCloseable echo = startEcho(v, broker.url(), work, echoWasm); Driver d = new Driver(broker.url())) {
                    d.throughput(Math.max(1000, messages / 5), 2000); // warm-up
                    double tput = d.throughput(messages, 2000);
                    d.latency(rate, 1); // warm-up
                    double[] lat = d.latency(rate, seconds);
                    Result r = new Result(v, tput, lat[0], lat[1], lat[2]);
                    results.add(r);
                    System.out.printf(Locale.ROOT, "%-8s %10.0f msg/s   p50 %6.2f ms   p99 %6.2f ms   max %7.2f ms%n",
                            v, r.msgPerSecond(), r.p50Millis(), r.p99Millis(), r.maxMillis());
                }
            }
        }
        StringBuilder out = new StringBuilder("variant,msg_per_s,p50_ms,p99_ms,max_ms,messages,rate,seconds\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "%s,%.0f,%.3f,%.3f,%.3f,%d,%d,%d%n", r.variant(), r.msgPerSecond(),
                    r.p50Millis(), r.p99Millis(), r.maxMillis(), messages, rate, seconds));
        }
        Files.createDirectories(csv.toAbsolutePath().getParent());
        Files.writeString(csv, out);
        System.exit(0); // Paho's timer threads are not daemons
    }

    static AutoCloseable startEcho(String variant, String url, Path work, Path echoWasm) throws Exception {
        return switch (variant) {
            case "paho" -> bareEcho(url);
            case "session" -> sessionEcho(url, work);
            case "wasm" -> gatewayEcho(url, work, echoWasm);
            default -> throw new IllegalArgumentException("variant " + variant + ": paho, session or wasm");
        };
    }

    /** The ceiling: Paho's callback republishes directly. */
    static AutoCloseable bareEcho(String url) throws Exception {
        org.eclipse.paho.mqttv5.client.MqttAsyncClient c = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(url,
                "bench-bare-echo", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        c.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {}

            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) throws Exception {
                c.publish(OUT, m.getPayload(), 0, false);
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken t) {}

            @Override
            public void connectComplete(boolean reconnect, String uri) {}

            @Override
            public void authPacketArrived(int code, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
        });
        org.eclipse.paho.mqttv5.client.MqttConnectionOptions o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o).waitForCompletion(10_000);
        c.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
            new org.eclipse.paho.mqttv5.common.MqttSubscription(IN, 0)}, null, null,
                new org.eclipse.paho.mqttv5.common.packet.MqttProperties()).waitForCompletion(10_000);
        return () -> {
            c.disconnect().waitForCompletion(2000);
            c.close(true);
        };
    }

    static AutoCloseable sessionEcho(String url, Path work) throws Exception {
        MqttSession s = MqttSession.start(MqttSettings.builder(url, "bench-session-echo").stateDir(work)
                .sessionExpiry(Duration.ZERO).build());
        s.subscribe(IN, 0, m -> s.publish(OUT, m.payload(), 0, false)).get(10, TimeUnit.SECONDS);
        return s;
    }

    static AutoCloseable gatewayEcho(String url, Path work, Path echoWasm) throws Exception {
        Files.copy(echoWasm, work.resolve("echo.wasm"));
        Files.writeString(work.resolve("pinion.yaml"), """
                device_id: bench-gateway
                broker:
                  url: %s
                  session_expiry: 0s
                data_dir: %s
                metrics:
                  enabled: false
                policy:
                  publish: ["fleet/out"]
                  subscribe: ["fleet/in"]
                limits:
                  default:
                    queue: 10000
                modules:
                  - name: echo
                    path: echo.wasm
                    publish: ["fleet/out"]
                    triggers:
                      - mqtt: fleet/in
                        qos: 0
                        export: on_message_qos0
                ota:
                  enabled: false
                """.formatted(url, work.resolve("data")));
        Gateway g = Gateway.start(PinionConfig.load(work.resolve("pinion.yaml")), Gateway.Options.defaults());
        if (!g.session().awaitConnected(Duration.ofSeconds(30))) throw new IllegalStateException("gateway offline");
        Thread.sleep(500); // the trigger's SUBSCRIBE follows the connect
        return g;
    }

    /** Publishes numbered, timestamped messages and receives the echoes. */
    static final class Driver implements AutoCloseable {
        private final MqttAsyncClient pub;
        private final MqttAsyncClient sub;
        private final AtomicLong received = new AtomicLong();
        private volatile long[] latencies = new long[0];
        private final AtomicLong latencyCount = new AtomicLong();
        private volatile boolean recordLatency;

        Driver(String url) throws MqttException {
            pub = new MqttAsyncClient(url, "bench-driver-pub", new MemoryPersistence());
            sub = new MqttAsyncClient(url, "bench-driver-sub", new MemoryPersistence());
            sub.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {}

                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    long now = System.nanoTime();
                    if (recordLatency) {
                        long i = latencyCount.getAndIncrement();
                        long[] l = latencies;
                        if (i < l.length) l[(int) i] = now - ByteBuffer.wrap(m.getPayload()).getLong();
                    }
                    received.incrementAndGet();
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(65_535);
            pub.connect(o).waitForCompletion(10_000);
            sub.connect(o).waitForCompletion(10_000);
            sub.subscribe(OUT, 0).waitForCompletion(10_000);
        }

        private void send() throws MqttException, InterruptedException {
            byte[] payload = ByteBuffer.allocate(16).putLong(System.nanoTime()).putLong(0).array();
            while (true) {
                try {
                    pub.publish(IN, payload, 0, false);
                    return;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) throw e;
                    Thread.sleep(0, 100_000);
                }
            }
        }

        /** Messages per second for {@code n} messages with at most {@code window} unanswered. */
        double throughput(int n, int window) throws Exception {
            long base = received.get();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                while (i - (received.get() - base) >= window) Thread.onSpinWait();
                send();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (received.get() - base < n) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("echo lost messages: "
                        + (received.get() - base) + " of " + n);
                Thread.sleep(1);
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }

        /** {p50, p99, max} in ms at {@code rate} messages per second for {@code seconds}. */
        double[] latency(int rate, int seconds) throws Exception {
            int n = rate * seconds;
            latencies = new long[n];
            latencyCount.set(0);
            long base = received.get();
            recordLatency = true;
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int i = 0; i < n; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    if (wait > 200_000) Thread.sleep(0, (int) Math.min(999_999, wait - 100_000));
                    else Thread.onSpinWait();
                }
                send();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.get() - base < n && System.nanoTime() < deadline) Thread.sleep(1);
            recordLatency = false;
            int got = (int) Math.min(n, latencyCount.get());
            long[] l = Arrays.copyOf(latencies, got);
            Arrays.sort(l);
            if (got == 0) return new double[] {Double.NaN, Double.NaN, Double.NaN};
            return new double[] {l[got / 2] / 1e6, l[Math.min(got - 1, (int) (got * 0.99))] / 1e6, l[got - 1] / 1e6};
        }

        @Override
        public void close() throws MqttException {
            pub.disconnect().waitForCompletion(2000);
            sub.disconnect().waitForCompletion(2000);
            pub.close(true);
            sub.close(true);
        }
    }

    private MqttEchoBench() {}

}
