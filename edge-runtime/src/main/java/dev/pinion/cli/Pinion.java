package dev.pinion.cli;

import dev.pinion.engine.WasmException;
import dev.pinion.runtime.logging.LogSetup;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the {@code pinion} command. Exit codes: 0 success, 1 the command failed (invalid module, trap,
 * I/O error), 2 usage error (unknown command, bad flag, missing argument; usage goes to stderr). A guest
 * program's own exit code is passed through by the commands that run one.
 */
public final class Pinion {
    /** Exit code of a command that ran and failed. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a command line that could not be parsed (picocli's {@code ExitCode.USAGE}). */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    private static final System.Logger LOG = System.getLogger("dev.pinion.cli");

    private Pinion() {}

    /**
     * Runs a command line through picocli and exits. The jar's main class is {@link Main}, which gives
     * {@code pinion run} a faster path first.
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Run one command line with the given streams and return its exit code (used by main and by tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err, args).execute(args);
    }

    /** The full command tree, writing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, new String[0]);
    }

    /**
     * The command tree for {@code args}: with only the subcommand that {@code args} names when it names one
     * (start-up cost is per registered command, see {@link PinionCommand}), otherwise with all of them, so
     * usage, "did you mean" and errors see the whole list.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        CommandLine cl = new CommandLine(new PinionCommand());
        String named = commandName(args);
        if ("help".equals(named)) named = null; // `pinion help COMMAND` needs the others registered
        if (named == null && onlyAsksForVersion(args)) return configure(cl, out, err);
        for (Class<?> command : PinionCommand.COMMANDS) {
            String name = command.getAnnotation(CommandLine.Command.class).name();
            if (named == null || named.equals(name)) cl.addSubcommand(name, command);
        }
        if (cl.getSubcommands().isEmpty()) {
            for (Class<?> command : PinionCommand.COMMANDS) cl.addSubcommand(command);
        }
        CommandLine run = cl.getSubcommands().get("run");
        if (run != null) {
            // run's words all go to its own parser; a subcommand added here takes the parent's parser settings,
            // so RunCommand's model transformer alone would not hold.
            run.setStopAtPositional(true);
            run.setUnmatchedOptionsArePositionalParams(true);
        }
        return configure(cl, out, err);
    }

    /** {@code pinion --version} needs no subcommand at all. */
    private static boolean onlyAsksForVersion(String[] args) {
        return args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"));
    }

    private static CommandLine configure(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(Pinion::configureLoggingThenRun);
        cl.setParameterExceptionHandler(Pinion::reportUsageError);
        cl.setExecutionExceptionHandler(Pinion::reportFailure);
        return cl;
    }

    /** The first argument that is not an option or the value of the top command's only valued option. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(PinionCommand.LOG_LEVEL_OPTION)) {
                i++; // its value
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    /** Logging must be configured before the first log line, which may come from any subcommand. */
    private static int configureLoggingThenRun(ParseResult parseResult) {
        LogSetup.configure(requestedLogLevel(parseResult), true);
        return new CommandLine.RunLast().execute(parseResult);
    }

    /** The last {@code --log-level} on the line, whether given before or after the subcommand name. */
    static LogSetup.Level requestedLogLevel(ParseResult parseResult) {
        LogSetup.Level level = LogSetup.Level.WARN;
        for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption(PinionCommand.LOG_LEVEL_OPTION)) {
                level = pr.matchedOptionValue(PinionCommand.LOG_LEVEL_OPTION, level);
            }
        }
        return level;
    }

    /**
     * The command line did not parse: the error in one line, picocli's "did you mean" suggestions if any, and a
     * hint to see the command's help, as git and cargo do; the whole usage only for a bare {@code pinion}, which
     * asked for nothing in particular.
     */
    private static int reportUsageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (args.length == 0) {
            err.println(ex.getMessage());
            cmd.usage(err);
            return EXIT_USAGE;
        }
        String path = cmd.getCommandSpec().qualifiedName();
        err.println(path + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("See '" + path + " --help'.");
        return EXIT_USAGE;
    }

    /**
     * A command threw instead of returning an exit code: say what went wrong in one line, without a Java stack
     * trace (that is for {@code --log-level debug}).
     */
    private static int reportFailure(Exception ex, CommandLine cmd, ParseResult parseResult) {
        String what = switch (ex) {
            case WasmException w -> w.getMessage();
            // An operator's typo in a path: name the file, not the JDK exception class.
            case java.nio.file.NoSuchFileException f -> f.getFile() + ": no such file";
            case java.nio.file.AccessDeniedException f -> f.getFile() + ": permission denied";
            default -> ex.toString();
        };
        cmd.getErr().println("pinion " + cmd.getCommandName() + ": " + what);
        LOG.log(System.Logger.Level.DEBUG, "stack trace of the failure", ex);
        return EXIT_FAILURE;
    }
}
