package dev.pinion.runtime.config;

import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceSpec;
import dev.pinion.iot.Grants;
import dev.pinion.runtime.TopicFilter;
import dev.pinion.runtime.supervisor.ModuleLimits;
import dev.pinion.runtime.supervisor.RestartPolicy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The daemon's whole configuration file, read and checked in one place before anything starts: any unknown
 * key, wrong type or bad value is a {@link ConfigException} naming the file, line and key, and the daemon
 * refuses to start. The fully commented example {@code pinion.example.yaml} beside this class documents every
 * key. The {@code broker} and {@code board} sections belong to the MQTT session and the device layer, which
 * parse them.
 *
 * @param board          the raw {@code board} section (for {@link BoardSection#options}), when present
 * @param boardDescription the devices it declares (none without a section)
 * @param metricsAddress where {@code /metrics} and {@code /health} listen; null when disabled
 */
public record PinionConfig(
        Path source,
        String deviceId,
        ConfigNode broker,
        List<TrustedKey> trustedKeys,
        Optional<ConfigNode> board,
        BoardDescription boardDescription,
        PolicyConfig policy,
        LimitsConfig limits,
        Path dataDir,
        InetSocketAddress metricsAddress,
        List<ModuleConfig> modules,
        Optional<Path> jsscNativeDir,
        String engineTier,
        OtaConfig ota) {

    public static final String DEFAULT_METRICS_ADDRESS = "127.0.0.1:9464";
    /** {@code engine.tier} when the file names none: the engine's own default (engine/RATIONALE.md, "Tier 2"). */
    public static final String DEFAULT_ENGINE_TIER = tierName(dev.pinion.engine.Config.DEFAULT.tier());

    /** The engine tier {@code engine.tier} names: interpreter, tiered or compiled. */
    public dev.pinion.engine.Config.Tier tier() {
        return engineTier.equals("interpreter") ? dev.pinion.engine.Config.Tier.INTERP
                : dev.pinion.engine.Config.Tier.parse(engineTier);
    }

    private static String tierName(dev.pinion.engine.Config.Tier t) {
        return t == dev.pinion.engine.Config.Tier.INTERP ? "interpreter" : t.name().toLowerCase(java.util.Locale.ROOT);
    }
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/pinion");
    /** Device ids and module names become MQTT topic levels and directory names: keep them plain. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** Reads and checks a config file. */
    public static PinionConfig load(Path file) {
        return from(ConfigNode.load(file), file);
    }

    /** Checks parsed YAML (tests and tools that hold the text). */
    public static PinionConfig from(ConfigNode root, Path source) {
        root.keys("device_id", "broker", "trusted_keys", "board", "policy", "limits", "data_dir", "metrics",
                "modules", "jssc_native_dir", "engine", "ota");
        String deviceId = name(root.get("device_id"));
        ConfigNode broker = root.get("broker");
        List<TrustedKey> keys = trustedKeys(root.find("trusted_keys"));
        BoardDescription board = root.find("board").map(BoardSection::parse).orElseGet(() -> BoardDescription.builder().build());
        PolicyConfig policy = root.find("policy").map(PinionConfig::policy).orElse(PolicyConfig.NOTHING);
        LimitsConfig limits = root.find("limits").map(PinionConfig::limits).orElse(LimitsConfig.DEFAULT);
        Path dataDir = root.find("data_dir").map(ConfigNode::file).orElse(DEFAULT_DATA_DIR);
        InetSocketAddress metrics = root.has("metrics") ? metrics(root.get("metrics")) : address(DEFAULT_METRICS_ADDRESS, null);
        List<ModuleConfig> modules = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (ConfigNode m : root.find("modules").map(ConfigNode::list).orElse(List.of())) {
            ModuleConfig mc = module(m, policy, limits, board);
            Integer first = names.putIfAbsent(mc.name(), m.get("name").line());
            if (first != null) throw m.get("name").error("duplicate module name (first at line " + first + ")");
            modules.add(mc);
        }
        Optional<Path> jssc = root.find("jssc_native_dir").map(ConfigNode::file);
        String tier = root.find("engine").flatMap(e -> e.keys("tier").find("tier")
                .map(t -> t.oneOf("interpreter", "tiered", "compiled"))).orElse(DEFAULT_ENGINE_TIER);
        return new PinionConfig(source, deviceId, broker, keys, root.find("board"), board, policy, limits, dataDir, metrics,
                List.copyOf(modules), jssc, tier, root.find("ota").map(PinionConfig::ota).orElse(OtaConfig.DEFAULT));
    }

    private static OtaConfig ota(ConfigNode o) {
        o.keys("enabled", "groups", "health_window", "max_module_size", "probation");
        OtaConfig d = OtaConfig.DEFAULT;
        List<String> groups = new ArrayList<>();
        for (ConfigNode g : o.find("groups").map(ConfigNode::list).orElse(List.of())) groups.add(name(g));
        return new OtaConfig(o.find("enabled").map(n -> n.oneOf("true", "false").equals("true")).orElse(d.enabled()), groups,
                o.find("health_window").map(ConfigNode::duration).orElse(d.healthWindow()),
                o.find("max_module_size").map(ConfigNode::bytes).orElse(d.maxModuleBytes()),
                o.find("probation").map(ConfigNode::duration).orElse(d.probation()));
    }

    private static String name(ConfigNode n) {
        String s = n.string();
        if (!NAME.matcher(s).matches()) {
            throw n.error("\"" + s + "\" is not a valid name: use letters, digits, '_', '.' and '-', 1 to 64 characters,"
                    + " starting with a letter or digit");
        }
        return s;
    }

    private static List<TrustedKey> trustedKeys(Optional<ConfigNode> section) {
        List<TrustedKey> out = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (ConfigNode k : section.map(ConfigNode::list).orElse(List.of())) {
            k.keys("id", "public_key_file", "public_key");
            ConfigNode idNode = k.get("id");
            String id = name(idNode);
            Integer first = ids.putIfAbsent(id, idNode.line());
            if (first != null) throw idNode.error("duplicate key id (first at line " + first + ")");
            boolean hasFile = k.has("public_key_file");
            if (hasFile == k.has("public_key")) throw k.error("give exactly one of public_key_file and public_key");
            Path file = null;
            if (hasFile) {
                ConfigNode f = k.get("public_key_file");
                file = f.file();
                if (!Files.isReadable(file)) throw f.error("cannot read " + file);
            }
            out.add(new TrustedKey(id, file, hasFile ? null : k.get("public_key").string(), k.source(), k.line()));
        }
        return List.copyOf(out);
    }

    private static PolicyConfig policy(ConfigNode p) {
        p.keys("grants", "publish", "subscribe");
        return new PolicyConfig(
                p.find("grants").map(PinionConfig::grants).orElse(List.of()),
                p.find("publish").map(PinionConfig::filters).orElse(List.of()),
                p.find("subscribe").map(PinionConfig::filters).orElse(List.of()));
    }

    /** Grants look like {@code device:access}; what the access words mean is the device layer's business. */
    private static List<String> grants(ConfigNode list) {
        List<String> out = new ArrayList<>();
        for (ConfigNode g : items(list)) {
            String s = g.string();
            int colon = s.indexOf(':');
            if (colon <= 0 || colon == s.length() - 1 || !NAME.matcher(s.substring(0, colon)).matches()) {
                throw g.error("\"" + s + "\" is not a grant: write device:access, e.g. led:out or room_temp:read");
            }
            out.add(s);
        }
        return out;
    }

    private static List<String> filters(ConfigNode list) {
        List<String> out = new ArrayList<>();
        for (ConfigNode f : items(list)) out.add(filter(f));
        return out;
    }

    private static String filter(ConfigNode f) {
        String s = f.string();
        String problem = TopicFilter.problem(s);
        if (problem != null) throw f.error("\"" + s + "\" is not a valid topic filter: " + problem);
        return s;
    }

    /** A list, or one scalar as a list of one. */
    private static List<ConfigNode> items(ConfigNode n) {
        return n.isList() ? n.list() : List.of(n);
    }

    private static LimitsConfig limits(ConfigNode l) {
        l.keys("default", "max", "max_payload", "restart");
        ModuleLimits max = l.find("max").map(m -> moduleLimits(m, LimitsConfig.DEFAULT_MAX)).orElse(LimitsConfig.DEFAULT_MAX);
        ModuleLimits base = ModuleLimits.DEFAULT.cappedBy(max);
        ModuleLimits defaults = l.find("default").map(d -> moduleLimits(d, base)).orElse(base);
        String over = defaults.exceeding(max);
        if (over != null) throw l.get("default").error("default limit above the maximum: " + over);
        long payload = l.find("max_payload").map(p -> positiveBytes(p, 1, 256L << 20)).orElse(LimitsConfig.DEFAULT_MAX_PAYLOAD);
        RestartPolicy restart = l.find("restart").map(PinionConfig::restart).orElse(RestartPolicy.DEFAULT);
        return new LimitsConfig(defaults, max, payload, restart);
    }

    /** Limits given in {@code n}, each one it leaves out taken from {@code base}. */
    private static ModuleLimits moduleLimits(ConfigNode n, ModuleLimits base) {
        n.keys("fuel", "timeout", "memory", "queue");
        long fuel = n.find("fuel").map(f -> f.longValue(1, Long.MAX_VALUE - 1)).orElse(base.fuel());
        Duration timeout = n.find("timeout").map(t -> positive(t, Duration.ofMillis(1), Duration.ofHours(1))).orElse(base.timeout());
        long memory = n.find("memory").map(m -> positiveBytes(m, 65_536, 4L << 30)).orElse(base.memoryBytes());
        int queue = n.find("queue").map(q -> q.intValue(1, 1_000_000)).orElse(base.queueCapacity());
        return new ModuleLimits(fuel, timeout, memory, queue);
    }

    private static RestartPolicy restart(ConfigNode r) {
        r.keys("initial_backoff", "max_backoff", "max_failures", "window");
        RestartPolicy d = RestartPolicy.DEFAULT;
        Duration initial = r.find("initial_backoff").map(b -> positive(b, Duration.ZERO, Duration.ofHours(1))).orElse(d.initialBackoff());
        Duration max = r.find("max_backoff").map(b -> positive(b, Duration.ZERO, Duration.ofDays(1))).orElse(d.maxBackoff());
        if (max.compareTo(initial) < 0) {
            throw (r.has("max_backoff") ? r.get("max_backoff") : r).error("max_backoff must not be shorter than initial_backoff");
        }
        int failures = r.find("max_failures").map(f -> f.intValue(1, 1_000_000)).orElse(d.maxFailures());
        Duration window = r.find("window").map(w -> positive(w, Duration.ofSeconds(1), Duration.ofDays(7))).orElse(d.window());
        return new RestartPolicy(initial, max, failures, window);
    }

    private static Duration positive(ConfigNode n, Duration min, Duration max) {
        Duration d = n.duration();
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw n.error("must be between " + text(min) + " and " + text(max) + ", found " + text(d));
        }
        return d;
    }

    private static String text(Duration d) {
        if (d.isZero()) return "0s";
        if (d.toNanos() % 1_000_000_000L == 0) return d.toSeconds() + "s";
        return d.toMillis() + "ms";
    }

    private static long positiveBytes(ConfigNode n, long min, long max) {
        long b = n.bytes();
        if (b < min || b > max) throw n.error("must be between " + min + " and " + max + " bytes, found " + b);
        return b;
    }

    private static InetSocketAddress metrics(ConfigNode m) {
        m.keys("enabled", "address");
        if (m.find("enabled").map(ConfigNode::bool).orElse(true)) {
            return m.find("address").map(a -> address(a.string(), a)).orElseGet(() -> address(DEFAULT_METRICS_ADDRESS, null));
        }
        return null;
    }

    private static InetSocketAddress address(String text, ConfigNode at) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port = -1;
        try {
            if (colon > 0) port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 0 || port > 65_535) {
            throw at.error("expected HOST:PORT such as 127.0.0.1:9464 (port 0 picks a free one), found \"" + text + "\"");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static ModuleConfig module(ConfigNode m, PolicyConfig policy, LimitsConfig limits, BoardDescription board) {
        m.keys("name", "path", "grants", "publish", "limits", "triggers");
        String name = name(m.get("name"));
        ConfigNode pathNode = m.get("path");
        Path path = pathNode.file();
        if (!Files.isRegularFile(path)) throw pathNode.error("no such file: " + path);
        if (!Files.isReadable(path)) throw pathNode.error("cannot read " + path);
        List<String> grants = new ArrayList<>();
        for (ConfigNode g : m.find("grants").map(PinionConfig::items).orElse(List.of())) {
            String grant = grants(g).get(0);
            if (!policy.allowsGrant(grant)) throw g.error("grant " + grant + " is not allowed by policy.grants");
            try {
                Grants.parse(List.of(grant)).resolve(board);
            } catch (IllegalArgumentException e) {
                throw g.error(e.getMessage());
            }
            grants.add(grant);
        }
        List<String> publish = new ArrayList<>();
        for (ConfigNode p : m.find("publish").map(PinionConfig::items).orElse(List.of())) {
            String f = filter(p);
            if (!policy.allowsPublish(f)) throw p.error("publishing to " + f + " is not allowed by policy.publish");
            publish.add(f);
        }
        ModuleLimits effective = limits.defaults();
        if (m.has("limits")) {
            ConfigNode l = m.get("limits");
            effective = moduleLimits(l, limits.defaults());
            String over = effective.exceeding(limits.max());
            if (over != null) throw l.error("above the maximum in limits.max: " + over);
        }
        List<TriggerConfig> triggers = new ArrayList<>();
        for (ConfigNode t : m.find("triggers").map(ConfigNode::list).orElse(List.of())) triggers.add(trigger(t, policy, board));
        return new ModuleConfig(name, path, grants, publish, effective, triggers);
    }

    private static TriggerConfig trigger(ConfigNode t, PolicyConfig policy, BoardDescription board) {
        t.keys("mqtt", "qos", "interval", "gpio", "edge", "export");
        int kinds = (t.has("mqtt") ? 1 : 0) + (t.has("interval") ? 1 : 0) + (t.has("gpio") ? 1 : 0);
        if (kinds != 1) throw t.error("a trigger needs exactly one of mqtt, interval and gpio");
        if (t.has("mqtt")) {
            if (t.has("edge")) throw t.errorAt("edge", "edge is for gpio triggers");
            ConfigNode f = t.get("mqtt");
            String filter = filter(f);
            if (!policy.allowsSubscribe(filter)) throw f.error("subscribing to " + filter + " is not allowed by policy.subscribe");
            int qos = t.find("qos").map(q -> q.intValue(0, 1)).orElse(1);
            return new TriggerConfig.Mqtt(filter, qos, export(t, "on_message"));
        }
        if (t.has("qos")) throw t.errorAt("qos", "qos is for mqtt triggers");
        if (t.has("interval")) {
            if (t.has("edge")) throw t.errorAt("edge", "edge is for gpio triggers");
            Duration period = positive(t.get("interval"), Duration.ofMillis(10), Duration.ofDays(7));
            return new TriggerConfig.Interval(period, export(t, "on_timer"));
        }
        ConfigNode dev = t.get("gpio");
        String device = name(dev);
        DeviceSpec spec = board.device(device);
        if (!(spec instanceof DeviceSpec.Input)) {
            throw dev.error(spec == null
                    ? "the board has no device '" + device + "' (it has " + String.join(", ", board.devices().keySet()) + ")"
                    : "'" + device + "' is " + spec.kind() + ", not a digital input");
        }
        TriggerConfig.Edge edge = t.find("edge")
                .map(e -> TriggerConfig.Edge.valueOf(e.oneOf("rising", "falling", "both").toUpperCase(java.util.Locale.ROOT)))
                .orElse(TriggerConfig.Edge.BOTH);
        return new TriggerConfig.Gpio(device, edge, export(t, "on_edge"));
    }

    private static String export(ConfigNode t, String fallback) {
        return t.find("export").map(ConfigNode::string).orElse(fallback);
    }
}
