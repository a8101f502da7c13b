package dev.pinion.cli;

import dev.pinion.runtime.logging.LogSetup;
import java.util.Arrays;

/**
 * The pinion jar's main class. {@code pinion run} starts here without picocli (whose model of a command costs
 * ~150 ms on a cold JVM) or tinylog; every other command line, and every {@code run} line the fast parser does
 * not take (help, {@code --log-level}, bad options), goes to {@link Pinion}, which owns the usage and error
 * messages.
 *
 * <p>Why not {@link Pinion} itself: the java launcher finds {@code main} through reflection, which loads every
 * class named in the main class's method signatures, and Pinion's name picocli types. Loading
 * {@code picocli.CommandLine} that way took 11 to 34 ms (it is too old a class file for the JDK's AOT cache to
 * hold). So this class mentions nothing but {@code String[]}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run")) {
            // Functions start cold. Logging is configured as picocli's path would (warn, stderr), but tinylog
            // stays unloaded unless something logs at warn or above, which a normal run never does.
            LogSetup.configureOnFirstUse(LogSetup.Level.WARN, true);
            Integer code = RunCommand.runFast(Arrays.copyOfRange(args, 1, args.length));
            if (code != null) {
                System.out.flush();
                System.err.flush();
                // Not System.exit: before exiting, it asks the JDK's "java.lang.Runtime" System.Logger whether
                // to log the exit at DEBUG, and finding the logger makes the JDK search every jar on the class
                // path for a System.LoggerFinder service (~20 ms of CPU, measured). halt skips that,
                // and the shutdown hooks, which a run does not register (one catch: JFR's dump-on-exit is one,
                // so -XX:StartFlightRecording in PINION_JAVA_OPTS writes no file for a run).
                Runtime.getRuntime().halt(code);
            }
        }
        Pinion.main(args);
    }
}
