package dev.pinion.runtime;

import dev.pinion.ota.KeyFiles;
import dev.pinion.ota.Manifest;
import dev.pinion.ota.ModuleRelease;
import dev.pinion.ota.OtaAgent;
import dev.pinion.ota.OtaException;
import dev.pinion.ota.OtaPolicy;
import dev.pinion.ota.Reason;
import dev.pinion.ota.Trigger;
import dev.pinion.ota.TrustedKeys;
import dev.pinion.runtime.config.ConfigException;
import dev.pinion.runtime.config.ModuleConfig;
import dev.pinion.runtime.config.PinionConfig;
import dev.pinion.runtime.config.TriggerConfig;
import dev.pinion.runtime.config.TrustedKey;
import dev.pinion.runtime.config.Units;
import dev.pinion.runtime.mqtt.MqttSession;
import dev.pinion.runtime.ota.SessionMqttLink;
import dev.pinion.runtime.ota.SupervisorModuleHost;
import dev.pinion.runtime.supervisor.ModuleLimits;
import dev.pinion.runtime.supervisor.ModuleSpec;
import dev.pinion.runtime.supervisor.Supervisor;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Over-the-air delivery in the gateway: the OTA agent on the gateway's MQTT session, hot-swapping through the
 * supervisor. A delivered release is held to the same rules as a configured module: its grants, publish topics
 * and trigger topics must be allowed by {@code policy}, its limits within {@code limits.max}.
 */
final class GatewayOta implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.pinion.runtime.ota");

    private final Gateway gateway;
    private final PinionConfig config;
    private final Triggers triggers;
    private final OtaAgent agent;

    private GatewayOta(Gateway gateway, PinionConfig config, Supervisor supervisor, MqttSession session, Triggers triggers)
            throws IOException {
        this.gateway = gateway;
        this.config = config;
        this.triggers = triggers;
        var max = config.limits().max();
        var policy = new OtaPolicy(config.policy().grants(),
                new dev.pinion.ota.ModuleLimits(max.fuel(), max.timeout().toMillis(), (long) max.memoryPages()),
                config.ota().maxModuleBytes(), config.ota().healthWindow(), config.ota().probation());
        var host = new SupervisorModuleHost(supervisor, new SupervisorModuleHost.Releases() {
            @Override
            public ModuleSpec spec(Manifest manifest, byte[] wasm) throws OtaException {
                return gateway.spec(moduleConfig(manifest), wasm, manifest.version().text());
            }

            @Override
            public void activated(ModuleRelease release) throws OtaException {
                ModuleConfig mc = moduleConfig(release.manifest());
                if (!triggers.bound(mc.name()).equals(mc.triggers())) {
                    triggers.unbind(mc.name());
                    triggers.bind(mc);
                }
            }
        });
        agent = new OtaAgent(new SessionMqttLink(session), host, new OtaAgent.Settings(config.deviceId(),
                config.ota().groups(), config.dataDir(), trustedKeys(config), policy, OtaAgent.Settings.DEFAULT_FETCH_WINDOW));
    }

    /** Boots the stored releases and, unless {@code ota.enabled} is false, follows the desired manifests. */
    static GatewayOta start(Gateway gateway, PinionConfig config, Supervisor supervisor, MqttSession session,
            Triggers triggers) throws IOException {
        GatewayOta ota = new GatewayOta(gateway, config, supervisor, session, triggers);
        if (config.ota().enabled()) {
            ota.agent.start();
            LOG.log(Level.INFO, "OTA: following pinion/{0}/desired/+{1}", config.deviceId(),
                    config.ota().groups().isEmpty() ? "" : " and groups " + config.ota().groups());
        }
        return ota;
    }

    OtaAgent agent() {
        return agent;
    }

    @Override
    public void close() {
        agent.close();
    }

    static TrustedKeys trustedKeys(PinionConfig config) {
        List<PublicKey> keys = new ArrayList<>();
        for (TrustedKey k : config.trustedKeys()) {
            try {
                PublicKey key = k.file() != null ? KeyFiles.readPublic(k.file()) : KeyFiles.parsePublic(k.inline());
                keys.add(key);
                LOG.log(Level.INFO, "trusted key {0}: key id {1}", k.id(), KeyFiles.keyId(key));
            } catch (IOException e) {
                throw new ConfigException(k.source(), k.line(), "trusted_keys", "key " + k.id() + ": " + e.getMessage());
            }
        }
        return TrustedKeys.of(keys);
    }

    /** A delivered release as the module config the gateway's own modules have, checked against the policy. */
    ModuleConfig moduleConfig(Manifest m) throws OtaException {
        for (String p : m.publish()) {
            if (!config.policy().allowsPublish(p)) {
                throw new OtaException(Reason.GRANTS_BEYOND_POLICY, "publishing to " + p + " is not allowed by policy.publish");
            }
        }
        List<TriggerConfig> ts = new ArrayList<>();
        for (Trigger t : m.triggers()) ts.add(trigger(t));
        ModuleLimits limits = config.limits().defaults();
        if (m.limits().fuel() != null) limits = limits.withFuel(m.limits().fuel());
        if (m.limits().deadlineMillis() != null) limits = limits.withTimeout(java.time.Duration.ofMillis(m.limits().deadlineMillis()));
        if (m.limits().maxMemoryPages() != null) limits = limits.withMemory(m.limits().maxMemoryPages() * 65_536L);
        String over = limits.exceeding(config.limits().max());
        if (over != null) throw new OtaException(Reason.LIMITS_BEYOND_POLICY, over);
        return new ModuleConfig(m.name(), Path.of(m.name() + ".wasm"), m.grants(), m.publish(), limits, ts);
    }

    private TriggerConfig trigger(Trigger t) throws OtaException {
        try {
            return switch (t.type()) {
                case "mqtt" -> {
                    String filter = required(t, "topic");
                    if (!config.policy().allowsSubscribe(filter)) {
                        throw new OtaException(Reason.GRANTS_BEYOND_POLICY, "trigger topic " + filter
                                + " is not allowed by policy.subscribe");
                    }
                    yield new TriggerConfig.Mqtt(filter, Integer.parseInt(t.params().getOrDefault("qos", "1")), t.export());
                }
                case "interval" -> new TriggerConfig.Interval(Units.duration(required(t, "every")), t.export());
                case "gpio" -> new TriggerConfig.Gpio(required(t, "device"),
                        TriggerConfig.Edge.valueOf(t.params().getOrDefault("edge", "both").toUpperCase(Locale.ROOT)), t.export());
                default -> throw new OtaException(Reason.UNLINKABLE, "trigger type \"" + t.type()
                        + "\" is not one this gateway runs (mqtt, interval, gpio)");
            };
        } catch (IllegalArgumentException e) {
            throw new OtaException(Reason.MANIFEST_MALFORMED, "trigger " + t.type() + " -> " + t.export() + ": " + e.getMessage());
        }
    }

    private static String required(Trigger t, String param) {
        String v = t.params().get(param);
        if (v == null) throw new IllegalArgumentException("missing \"" + param + "\"");
        return v;
    }
}
