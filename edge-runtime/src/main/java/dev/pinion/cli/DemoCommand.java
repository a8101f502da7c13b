package dev.pinion.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pinion demo}: the gateway end to end ({@link GatewayDemo}); {@code pinion demo engine}: the engine alone.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = EngineDemoCommand.class,
        description = {"Run a whole gateway here: embedded broker, simulated board, five modules.",
                "An embedded MQTT broker, the simulated board and the daemon with five example modules: sensor",
                "readings, a button switching an LED, a request answered, a runaway module stopped by its fuel",
                "limit. Nothing to install, no network. 'pinion demo engine' shows the engine alone."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keep-running", description = "Keep the broker and the gateway running after the demo (Ctrl-C stops).")
    boolean keepRunning;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        return new GatewayDemo(out).run(keepRunning);
    }
}
