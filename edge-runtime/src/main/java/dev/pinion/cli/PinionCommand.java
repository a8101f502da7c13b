package dev.pinion.cli;

import dev.pinion.runtime.logging.LogSetup;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top command. It has no action of its own: {@code pinion} alone is a usage error (exit 2) that prints
 * the usage, like any other incomplete command line.
 *
 * <p>The subcommands are listed in {@link #COMMANDS}, not in the annotation: picocli builds the model of every
 * registered command by reflection before parsing, and that is most of the CLI's start-up time, so
 * {@link Pinion#commandLine} registers only the command actually named on the line (all of them for usage).
 */
@Command(
        name = "pinion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Pinion: a WebAssembly runtime for edge/IoT gateways.",
        commandListHeading = "%nCommands:%n",
        footer = {"", "'pinion MODULE [ARGS...]' is short for 'pinion run MODULE [ARGS...]'.",
                "Exit codes: 0 ok, 1 failed, 2 usage error; run gives the guest's exit code,",
                "and 134 when the guest traps.",
                "Run 'pinion COMMAND --help' for a command's options."})
public final class PinionCommand {
    /** Every subcommand, one per line, in the order the usage lists them. Each needs a {@code @Command(name)}. */
    static final List<Class<?>> COMMANDS = List.of(
            RunCommand.class,
            ServeCommand.class,
            DemoCommand.class,
            ValidateCommand.class,
            InspectCommand.class,
            SpectestCommand.class,
            KeygenCommand.class,
            SignCommand.class,
            DeployCommand.class,
            StatusCommand.class,
            CommandLine.HelpCommand.class);

    static final String LOG_LEVEL_OPTION = "--log-level";

    // Read through the ParseResult in Pinion.requestedLogLevel; declared here so every command accepts it.
    @Option(names = LOG_LEVEL_OPTION, scope = ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "Log level: error, warn, info, debug or trace (default: warn). Logs go to stderr.")
    LogSetup.Level logLevel;
}
