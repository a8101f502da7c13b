package dev.pinion.cli;

import dev.pinion.ota.Deployer;
import dev.pinion.ota.Manifest;
import dev.pinion.ota.ModuleStatus;
import dev.pinion.ota.OtaException;
import dev.pinion.ota.SigningKey;
import dev.pinion.ota.mqtt.PahoMqttLink;
import dev.pinion.runtime.mqtt.MqttErrors;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pinion deploy}: sign a release and publish it (chunks, then the manifest, all retained) for one device
 * or a group; with {@code --wait}, follow every gateway's status until each reports the release active (exit 0)
 * or refused (exit 1, with each gateway's reason).
 */
@Command(name = "deploy",
        description = {"Sign a module release and deliver it over MQTT to a device or a group of devices.",
                "With --wait, exit 0 once every gateway reports it active, 1 with each gateway's reason otherwise."})
final class DeployCommand implements Callable<Integer> {
    // Not mixinStandardHelpOptions: its -V/--version would clash with the release --version, and picocli then
    // drops the whole mixin silently, --help included.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Option(names = "--broker", required = true, paramLabel = "URL", description = "MQTT broker, e.g. tcp://localhost:1883.")
    String broker;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--device", paramLabel = "ID", description = "Deliver to this gateway.")
        String device;

        @Option(names = "--group", paramLabel = "GROUP", description = "Deliver to every gateway of this group.")
        String group;
    }

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private key from 'pinion keygen'.")
    Path key;

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--wait", paramLabel = "SECONDS", description = "Wait up to SECONDS for the gateways' verdict.")
    Integer waitSeconds;

    @Parameters(index = "0", paramLabel = "MODULE", description = "The module (.wasm).")
    Path module;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        byte[] wasm = Files.readAllBytes(module);
        Manifest m;
        try {
            m = manifest.sign(SigningKey.read(key), module, wasm);
        } catch (OtaException e) {
            err.println("pinion deploy: manifest: " + e.detail());
            return Pinion.EXIT_FAILURE;
        }
        var t = target.device != null ? new Deployer.Target(target.device, false) : new Deployer.Target(target.group, true);
        String where = (t.group() ? "group " : "device ") + t.name();
        boolean tty = System.console() != null && System.console().isTerminal();
        Progress progress = new Progress(out, tty);
        String url = broker.startsWith("mqtt://") ? "tcp://" + broker.substring(7) : broker;
        PahoMqttLink connected;
        try {
            connected = PahoMqttLink.connect(url, "pinion-deploy");
        } catch (org.eclipse.paho.client.mqttv3.MqttException | IllegalArgumentException e) {
            err.println("pinion deploy: cannot connect to " + broker + ": "
                    + (e instanceof IllegalArgumentException ? "bad broker URL: " + e.getMessage() : MqttErrors.describe(e)));
            return Pinion.EXIT_FAILURE;
        }
        try (PahoMqttLink link = connected) {
            Deployer d = new Deployer(link, m, wasm, t);
            if (waitSeconds != null) d.watch(progress);
            out.println("deploying " + m.name() + " " + m.version() + " (" + wasm.length + " bytes, " + m.chunkCount()
                    + " chunks, sha256 " + m.sha256().substring(0, 12) + ", key " + m.keyId() + ") to " + where);
            d.publish(progress);
            // A broker restart may lose what was not yet saved: publishing again is harmless (retained, idempotent).
            link.onReconnect(() -> d.publish(null));
            if (waitSeconds == null) {
                out.println("published; not waiting (use --wait SECONDS to follow the gateways)");
                return 0;
            }
            Deployer.Outcome outcome = d.await(Duration.ofSeconds(waitSeconds));
            progress.end();
            return report(outcome, d, m, out, err, where);
        }
    }

    private int report(Deployer.Outcome outcome, Deployer d, Manifest m, PrintWriter out, PrintWriter err, String where) {
        if (d.targets().isEmpty()) {
            err.println("pinion deploy: no gateway of " + where + " announced itself within " + waitSeconds + " s");
            return Pinion.EXIT_FAILURE;
        }
        if (outcome.allActive()) {
            out.println(m.name() + " " + m.version() + " active on " + outcome.byDevice().size() + " gateway(s)");
            return 0;
        }
        for (String device : d.targets().stream().sorted().toList()) {
            ModuleStatus s = outcome.byDevice().get(device);
            if (s == null) {
                err.println(device + ": no status within " + waitSeconds + " s");
            } else if (!s.state().equals("active")) {
                err.println(device + ": " + s.state() + (s.reason() == null ? "" : ": " + s.reason() + ": " + s.detail())
                        + (s.isFinal() ? "" : " (still in progress after " + waitSeconds + " s)"));
            }
        }
        return Pinion.EXIT_FAILURE;
    }

    /** A progress bar on a terminal; plain lines otherwise (logs and CI stay readable). */
    private static final class Progress implements Deployer.Progress {
        private final PrintWriter out;
        private final boolean tty;
        private final Map<String, String> lastLine = new java.util.concurrent.ConcurrentHashMap<>();
        private boolean barOpen;

        Progress(PrintWriter out, boolean tty) {
            this.out = out;
            this.tty = tty;
        }

        @Override
        public synchronized void published(int chunks, int total) {
            if (tty) {
                int width = 30, filled = chunks * width / total;
                out.print("\rpublishing [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + chunks + "/" + total);
                out.flush();
                barOpen = chunks < total;
                if (chunks == total) out.println();
            } else if (chunks == total) {
                out.println("published " + total + " chunks");
            }
        }

        @Override
        public synchronized void status(ModuleStatus s) {
            String line = s.device() + ": " + s.state() + " " + (s.version() == null ? "" : s.version())
                    + (s.received() != null ? " " + s.received() + "/" + s.total() + " chunks" : "")
                    + (s.reason() != null ? " (" + s.reason() + ")" : "");
            if (line.equals(lastLine.put(s.device(), line))) return;
            if (tty && barOpen) out.println();
            barOpen = false;
            out.println(line);
            out.flush();
        }

        synchronized void end() {
            out.flush();
        }
    }
}
