package dev.pinion.runtime;

import dev.pinion.device.Board;
import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceException;
import dev.pinion.runtime.config.BoardSection;
import dev.pinion.iot.Grants;
import dev.pinion.iot.IotModules;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.WasmException;
import dev.pinion.iot.Grants;
import dev.pinion.iot.IotModules;
import dev.pinion.runtime.config.ConfigException;
import dev.pinion.runtime.config.ModuleConfig;
import dev.pinion.runtime.config.PinionConfig;
import dev.pinion.runtime.config.TriggerConfig;
import dev.pinion.runtime.host.MqttHostModule;
import dev.pinion.runtime.host.Publisher;
import dev.pinion.runtime.metrics.MetricsServer;
import dev.pinion.runtime.mqtt.MqttSession;
import dev.pinion.runtime.mqtt.MqttSettings;
import dev.pinion.runtime.mqtt.OutgoingMessage;
import dev.pinion.runtime.supervisor.Handler;
import dev.pinion.runtime.supervisor.HostLinker;
import dev.pinion.runtime.supervisor.ModuleSpec;
import dev.pinion.runtime.supervisor.Supervisor;
import dev.pinion.wasi.Wasi;
import dev.pinion.wasi.WasiConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running gateway: the board, the MQTT session, the supervised modules, their triggers, the metrics
 * endpoint and the systemd notifications, started from one checked {@link PinionConfig} and stopped in the
 * reverse order. {@code pinion serve} and {@code pinion demo} both run one.
 */
public final class Gateway implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.pinion.runtime.gateway");

    /**
     * What the caller supplies beyond the config file.
     *
     * @param board    an already opened board (the demo's simulated one); null: open the config's {@code board}
     * @param notifier systemd notifications (a disabled one when not under systemd)
     */
    public record Options(Board board, SystemdNotifier notifier) {
        public static Options defaults() {
            return new Options(null, SystemdNotifier.fromEnvironment(System.getenv()));
        }
    }

    private final PinionConfig config;
    private final Board board;
    private final boolean ownBoard;
    private final MqttSession session;
    private final Supervisor supervisor;
    private final Triggers triggers;
    private final ScheduledExecutorService dispatch;
    private final SystemdNotifier notifier;
    private final GatewayMetrics metrics;
    private MetricsServer metricsServer;
    private GatewayOta ota;
    private volatile boolean stopped;

    private Gateway(PinionConfig config, Board board, boolean ownBoard, MqttSession session, SystemdNotifier notifier) {
        this.config = config;
        this.board = board;
        this.ownBoard = ownBoard;
        this.session = session;
        this.notifier = notifier;
        this.supervisor = new Supervisor(config.limits().restart());
        this.dispatch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pinion-dispatch");
            t.setDaemon(true);
            return t;
        });
        this.triggers = new Triggers(supervisor, session, board, dispatch, config.limits().maxPayloadBytes());
        this.metrics = new GatewayMetrics(config.deviceId(), supervisor, session, triggers);
    }

    /**
     * Opens the board, starts the MQTT session (connecting in the background: an unreachable broker is retried,
     * not fatal), loads every configured module, binds its triggers, serves metrics and tells systemd it is ready.
     *
     * @throws ConfigException    for problems only visible once things are opened (a gpio trigger on a device
     *                            the board lacks)
     * @throws GatewayException   when a module cannot be loaded or a device or the metrics port cannot be opened
     */
    public static Gateway start(PinionConfig config, Options options) {
        Board board = options.board();
        boolean ownBoard = board == null;
        Gateway g = null;
        MqttSession session = null;
        try {
            if (ownBoard) board = Board.open(boardDescription(config), boardOptions(config));
            MqttSettings settings = dev.pinion.runtime.config.BrokerSection.parse(config.broker(), config.deviceId(), config.dataDir());
            session = MqttSession.start(settings);
            g = new Gateway(config, board, ownBoard, session, options.notifier());
            g.startModules();
            g.ota = GatewayOta.start(g, config, g.supervisor, session, g.triggers);
            g.startMetrics();
            String status = config.modules().size() + " module(s) loaded; broker " + (session.isConnected() ? "connected" : "connecting");
            LOG.log(Level.INFO, "gateway {0} ready: {1}", config.deviceId(), status);
            options.notifier().ready(status);
            g.startWatchdog(); // after READY=1: systemd arms the watchdog from there
            return g;
        } catch (DeviceException e) {
            closeQuietly(g, session, ownBoard ? board : null);
            throw new GatewayException("cannot open the board: " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(g, session, ownBoard ? board : null);
            throw new GatewayException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(g, session, ownBoard ? board : null);
            throw e;
        }
    }

    private static void closeQuietly(Gateway g, MqttSession session, Board board) {
        try {
            if (g != null) {
                g.close();
                return;
            }
            if (session != null) session.close();
            if (board != null) board.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "cleanup after a failed start", e);
        }
    }

    static BoardDescription boardDescription(PinionConfig config) {
        return config.boardDescription();
    }

    private static Board.Options boardOptions(PinionConfig config) {
        Board.Options o = Board.Options.DEFAULTS;
        o = config.jsscNativeDir().map(o::withSerialNativeDir).orElse(o);
        return config.board().isPresent() ? dev.pinion.runtime.config.BoardSection.options(config.board().get(), o) : o;
    }

    private void startModules() {
        for (ModuleConfig m : config.modules()) {
            byte[] wasm;
            try {
                wasm = Files.readAllBytes(m.path());
            } catch (IOException e) {
                throw new GatewayException("module " + m.name() + ": cannot read " + m.path() + ": " + e.getMessage(), e);
            }
            try {
                supervisor.load(spec(m, wasm, "boot"));
            } catch (WasmException | IllegalArgumentException e) {
                throw new GatewayException("module " + m.name() + " (" + m.path() + "): " + e.getMessage(), e);
            }
            triggers.bind(m);
        }
    }

    /** The supervisor's description of a configured module, linked with WASI, its device grants and pinion_mqtt. */
    public ModuleSpec spec(ModuleConfig m, byte[] wasm, String version) {
        Set<Handler> handlers = new LinkedHashSet<>();
        for (TriggerConfig t : m.triggers()) handlers.add(new Handler(t.export(), kindOf(t)));
        long maxPayload = config.limits().maxPayloadBytes();
        // Checked here, at load: a grant naming a device the board lacks (or a mode its kind lacks) is a config
        // error for this module, not a surprise for its first call.
        Grants grants = Grants.parse(m.grants()).resolve(board.description());
        HostLinker linker = ctx -> {
            Wasi wasi = Wasi.create(WasiConfig.builder().arg(m.name())
                    .stdout(new GuestOutput(m.name(), Level.INFO))
                    .stderr(new GuestOutput(m.name(), Level.WARNING))
                    .build());
            HostModule mqtt = MqttHostModule.create(ctx, m.publish(), maxPayload, publisher());
            // A guest blocked in gpio_wait_edge is in the host, where the engine's deadline cannot reach it.
            IotModules iot = IotModules.builder(board, grants).moduleName(m.name()).maxWait(m.limits().timeout())
                    .build();
            Imports imports = wasi.imports(iot.imports(Imports.builder().add(mqtt).build()));
            return new HostLinker.Linked(imports, () -> {
                iot.close();
                wasi.close();
            });
        };
        return new ModuleSpec(m.name(), version, wasm, m.limits(), List.copyOf(handlers), linker, config.tier());
    }

    private static Handler.Kind kindOf(TriggerConfig t) {
        return switch (t) {
            case TriggerConfig.Mqtt q -> Handler.Kind.MESSAGE;
            case TriggerConfig.Interval i -> Handler.Kind.TIMER;
            case TriggerConfig.Gpio g -> Handler.Kind.EDGE;
        };
    }

    private Publisher publisher() {
        return (topic, payload, qos, retain, correlation) -> {
            if (correlation == null) {
                session.publish(topic, payload, qos, retain);
            } else {
                session.publish(new OutgoingMessage(topic, payload, qos, retain, null, correlation, Map.of()));
            }
        };
    }

    private void startMetrics() throws IOException {
        InetSocketAddress address = config.metricsAddress();
        if (address == null) return;
        metricsServer = MetricsServer.start(address, metrics::render, this::healthProblem);
    }

    /** Pings the systemd watchdog only while the dispatch thread runs this and no module call is stuck. */
    private void startWatchdog() {
        notifier.pingInterval().ifPresent(every -> {
            long ms = Math.max(1, every.toMillis());
            dispatch.scheduleAtFixedRate(() -> {
                if (supervisor.isLive()) {
                    notifier.watchdog();
                } else {
                    LOG.log(Level.ERROR, "watchdog not pinged: a module call is stuck past its deadline");
                }
            }, 0, ms, TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, "systemd watchdog: pinging every {0} ms while the dispatch loop is live", String.valueOf(ms));
        });
    }

    /** Null when healthy, else the problems, one a line (what {@code /health} answers with 503). */
    String healthProblem() {
        List<String> problems = new ArrayList<>();
        if (!supervisor.isLive()) problems.add("a module call is stuck past its deadline");
        if (!session.isConnected()) problems.add("mqtt: not connected to " + session.settings().url());
        for (String m : supervisor.modules()) {
            supervisor.status(m).ifPresent(s -> {
                if (s.state() == dev.pinion.runtime.supervisor.ModuleState.DISABLED) {
                    problems.add("module " + m + " disabled: " + s.reason());
                }
            });
        }
        return problems.isEmpty() ? null : String.join("\n", problems);
    }

    /** The OTA agent: every module's delivery state. */
    public dev.pinion.ota.OtaAgent ota() {
        return ota.agent();
    }

    public Supervisor supervisor() {
        return supervisor;
    }

    public MqttSession session() {
        return session;
    }

    public Board board() {
        return board;
    }

    public PinionConfig config() {
        return config;
    }

    /** Where metrics are served (the real port when the config asked for 0), or null when disabled. */
    public InetSocketAddress metricsAddress() {
        return metricsServer == null ? null : metricsServer.address();
    }

    /** The current Prometheus text. */
    public String metricsText() {
        return metrics.render();
    }

    /**
     * Orderly stop: take no more events (MQTT messages are left unacknowledged for the broker to deliver
     * again), let modules finish their queued calls for up to {@code grace}, flush the outbox and publish
     * {@code offline} (the session's close), then release the board.
     */
    public synchronized void shutdown(Duration grace) {
        if (stopped) return;
        stopped = true;
        notifier.stopping();
        LOG.log(Level.INFO, "gateway {0} stopping", config.deviceId());
        if (ota != null) ota.close();
        triggers.stop();
        try {
            if (!supervisor.shutdown(grace)) LOG.log(Level.WARNING, "some module calls were still running at the end of the grace period");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatch.shutdownNow();
        session.close();
        if (metricsServer != null) metricsServer.close();
        if (ownBoard) {
            try {
                board.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the board: " + e);
            }
        }
        LOG.log(Level.INFO, "gateway {0} stopped", config.deviceId());
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    /** A gateway that could not start; the message says what and where. */
    public static final class GatewayException extends RuntimeException {
        public GatewayException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
