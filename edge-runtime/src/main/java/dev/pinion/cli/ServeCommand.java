package dev.pinion.cli;

import dev.pinion.runtime.Gateway;
import dev.pinion.runtime.config.ConfigException;
import dev.pinion.runtime.config.PinionConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code pinion serve --config FILE}: the gateway daemon. Runs until SIGTERM or SIGINT, then stops taking
 * messages, lets in-flight calls finish (bounded by {@code --grace}), flushes the outbox, publishes
 * {@code offline} and exits 0. A config error or a module that cannot load is exit 1 with one line saying
 * what and where.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway daemon: MQTT session, supervised modules, triggers, metrics (see the README's config reference).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The config file (YAML), e.g. /etc/pinion/pinion.yaml.")
    Path config;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long queued and running module calls may take to finish at shutdown (default: ${DEFAULT-VALUE}).")
    String grace;

    @Option(names = "--check", description = "Only check the config file and exit (0 when it is valid).")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration graceTime;
        try {
            graceTime = dev.pinion.runtime.config.Units.duration(grace);
        } catch (IllegalArgumentException e) {
            err.println("pinion serve: --grace: " + e.getMessage());
            return Pinion.EXIT_USAGE;
        }
        PinionConfig cfg;
        try {
            cfg = PinionConfig.load(config);
        } catch (ConfigException e) {
            err.println("pinion serve: " + e.getMessage());
            return Pinion.EXIT_FAILURE;
        }
        if (check) {
            out.println(config + ": valid (" + cfg.modules().size() + " module(s))");
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // Our own handlers replace the JVM's default (exit 143 through the shutdown hooks): the orderly stop
        // below runs on this thread and the process exits 0.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Gateway gateway;
        try {
            gateway = Gateway.start(cfg, Gateway.Options.defaults());
        } catch (ConfigException | Gateway.GatewayException e) {
            err.println("pinion serve: " + e.getMessage());
            return Pinion.EXIT_FAILURE;
        }
        stop.await();
        gateway.shutdown(graceTime);
        return 0;
    }
}
