package dev.pinion.cli;

import dev.pinion.runtime.config.Spelling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The pinion jar's main class. A {@code run} command line, spelled {@code pinion run ...} or wasmtime's way
 * ({@code pinion app.wasm ARGS}, {@code pinion --invoke f app.wasm}), starts here without picocli (whose model of
 * a command costs ~150 ms on a cold JVM) or tinylog; so does an unknown command, which gets its one-line error at
 * once. Every other command line goes to {@link Pinion}, which owns the usage and the other commands' errors.
 *
 * <p>Why not {@link Pinion} itself: the java launcher finds {@code main} through reflection, which loads every
 * class named in the main class's method signatures, and Pinion's name picocli types. Loading
 * {@code picocli.CommandLine} that way took 11 to 34 ms (it is too old a class file for the JDK's AOT cache to
 * hold). So this class mentions nothing but {@code String[]}.
 */
public final class Main {
    private Main() {}

    /**
     * The subcommands' names in usage order (a test checks them against picocli's), so no picocli class loads to
     * know them.
     */
    static final List<String> COMMANDS = List.of("run", "serve", "demo", "validate", "inspect", "spectest", "keygen", "sign",
            "deploy", "status", "help");

    public static void main(String[] args) {
        String[] run = runArguments(args);
        if (run != null) {
            Integer code = RunCommand.runFast(run);
            if (code != null) exit(code);
            args = new String[] {"run", "--help"};
        } else {
            String unknown = unknownCommand(args);
            if (unknown != null) {
                System.err.println("pinion: '" + unknown + "' is not a pinion command (" + String.join(", ", COMMANDS)
                        + ") nor a module file to run");
                String near = nearest(unknown);
                if (near != null) System.err.println("Did you mean '" + near + "'?");
                System.err.println("See 'pinion --help'.");
                exit(RunCommand.EXIT_USAGE);
            }
        }
        Pinion.main(args);
    }

    private static void exit(int code) {
        System.out.flush();
        System.err.flush();
        // Not System.exit: before exiting, it asks the JDK's "java.lang.Runtime" System.Logger whether to log the
        // exit at DEBUG, and finding the logger makes the JDK search every jar on the class path for a
        // System.LoggerFinder service (~20 ms of CPU, measured). halt skips that, and the shutdown hooks, which a
        // run does not register (one catch: JFR's dump-on-exit is one, so -XX:StartFlightRecording in
        // PINION_JAVA_OPTS writes no file for a run).
        Runtime.getRuntime().halt(code);
    }

    /**
     * The words for {@link RunArguments} if {@code args} is a run command line, else null. {@code --log-level}
     * before the command moves behind it. Without the word "run", the line must start with a run option or
     * with a module: a file that exists, or a name ending in .wasm (a missing one is then reported as such).
     */
    static String[] runArguments(String[] args) {
        int i = 0;
        while (i < args.length) {
            if (args[i].equals("--log-level") && i + 1 < args.length) {
                i += 2;
            } else if (args[i].startsWith("--log-level=")) {
                i++;
            } else {
                break;
            }
        }
        if (i == args.length) return null;
        String first = args[i];
        int from;
        if (first.equals("run")) {
            from = i + 1;
        } else if (RunArguments.isRunOption(first) || isModule(first)) {
            from = i;
        } else {
            return null;
        }
        String[] run = new String[i + args.length - from];
        System.arraycopy(args, 0, run, 0, i);
        System.arraycopy(args, from, run, i, args.length - from);
        return run;
    }

    private static boolean isModule(String word) {
        if (word.startsWith("-") || COMMANDS.contains(word)) return false;
        if (word.endsWith(".wasm")) return true;
        try {
            return Files.isRegularFile(Path.of(word));
        } catch (RuntimeException badPath) {
            return false;
        }
    }

    /** The first word if it is neither an option, a command nor a module, after a leading --log-level. */
    static String unknownCommand(String[] args) {
        int i = 0;
        while (i < args.length && args[i].startsWith("--log-level")) i += args[i].contains("=") ? 1 : 2;
        if (i >= args.length) return null;
        String first = args[i];
        return first.startsWith("-") || COMMANDS.contains(first) ? null : first;
    }

    /** A command within two edits of {@code word}, for "did you mean". */
    static String nearest(String word) {
        String best = null;
        int bestDistance = 3;
        for (String c : COMMANDS) {
            int d = Spelling.distance(word, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }
}
