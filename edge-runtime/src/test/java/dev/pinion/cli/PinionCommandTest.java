package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.runtime.logging.LogSetup;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The top command: usage, version, exit codes and the global --log-level option. */
class PinionCommandTest {

    @Test
    void help_printsUsageOnStdout_exit0() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        assertEquals("", run.err());
        Golden.assertMatches("usage.txt", run.out());
    }

    @Test
    void noArguments_printsUsageOnStderr_exit2() {
        CliRun run = CliRun.of();
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        Golden.assertMatches("no-arguments.txt", run.err());
    }

    @Test
    void unknownOption_printsOneLineAndAHint_exit2() {
        CliRun run = CliRun.of("--bogus");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals("pinion: Unknown option: '--bogus'\nSee 'pinion --help'.\n", run.err());
    }

    @Test
    void everyCommand_answersHelp_exit0() {
        // An operator's first move with a new command; a required option must not get in the way.
        for (Class<?> command : PinionCommand.COMMANDS) {
            String name = command.getAnnotation(picocli.CommandLine.Command.class).name();
            if (name.equals("help")) continue; // picocli's own; `help --help` describes itself
            CliRun run = CliRun.of(name, "--help");
            assertEquals(0, run.exitCode(), name + " --help: " + run.err());
            assertTrue(run.out().startsWith("Usage: pinion " + name), name + " --help: " + run.out());
        }
    }

    @Test
    void missingFile_isNamedInOneLine_exit1() {
        CliRun run = CliRun.of("sign", "--key", "no-such-dir/pinion.key", "--version", "1.0.0", "no-such-module.wasm");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("pinion sign: no-such-module.wasm: no such file\n", run.err());
    }

    @Test
    void runHelp_printsRunUsageOnStdout_exit0() {
        CliRun run = CliRun.of("run", "--help");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("Usage: pinion run [OPTIONS] MODULE [ARGS...]\n"), run.out());
        assertTrue(run.out().contains("  --dir HOST[::GUEST] "), run.out());
        assertTrue(run.out().contains("  -W, -S KEY[=VALUE],... "), run.out());
    }

    @Test
    void unknownCommand_printsOneLineAndAHint_exit2() {
        CliRun run = CliRun.of("frobnicate");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("pinion: Unmatched argument at index 0: 'frobnicate'\n"), run.err());
        assertTrue(run.err().endsWith("\nSee 'pinion --help'.\n"), run.err());
        assertTrue(run.err().lines().count() <= 3, run.err());
        CliRun near = CliRun.of("valdate", "x.wasm");
        assertTrue(near.err().contains("Did you mean"), near.err());
        assertTrue(near.err().contains("validate"), near.err());
    }

    @Test
    void commandLineWithRun_goesToRunsOwnParser() {
        CliRun run = CliRun.of("--log-level", "warn", "run", "--bogus", "x.wasm");
        assertEquals(2, run.exitCode());
        assertEquals("pinion run: unknown option '--bogus'\nSee 'pinion run --help'.\n", run.err());
    }

    @Test
    void mainsCommandNames_areTheRegisteredOnes() {
        assertEquals(PinionCommand.COMMANDS.stream()
                .map(c -> c.getAnnotation(picocli.CommandLine.Command.class).name()).toList(), Main.COMMANDS);
    }

    @Test
    void badLogLevel_namesTheValueAndTheChoices_exit2() {
        CliRun run = CliRun.of("--log-level", "loud", "validate", "x.wasm");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("pinion: Invalid value for option '--log-level': expected one of "
                + "[ERROR, WARN, INFO, DEBUG, TRACE] (case-insensitive) but was 'loud'"), run.err());
    }

    @Test
    void subcommandWithBadFlag_oneLineAndTheCommandsHelpHint_exit2() {
        CliRun run = CliRun.of("validate", "--strict", "x.wasm");
        assertEquals(2, run.exitCode());
        assertEquals("pinion validate: Unknown option: '--strict'\nSee 'pinion validate --help'.\n", run.err());
    }

    @Test
    void version_printsProjectVersionThenJvm_exit0() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.exitCode());
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length, run.out());
        assertEquals("pinion " + System.getProperty("pinion.version"), lines[0]);
        assertTrue(lines[1].startsWith("Java " + Runtime.version().feature()), lines[1]);
    }

    @ParameterizedTest
    @CsvSource({
        "'validate x.wasm',                     WARN",
        "'--log-level debug validate x.wasm',   DEBUG",
        "'validate --log-level TRACE x.wasm',   TRACE",
        "'--log-level info validate --log-level error x.wasm', ERROR",
    })
    void logLevel_isTakenBeforeOrAfterTheCommandName_lastWins(String line, LogSetup.Level expected) {
        var cl = Pinion.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        var parsed = cl.parseArgs(line.split(" "));
        assertEquals(expected, Pinion.requestedLogLevel(parsed));
    }

    @ParameterizedTest
    @CsvSource({
        "'validate x.wasm',                  validate",
        "'--log-level debug inspect m.wasm', inspect",
        "'--log-level=debug demo',           demo",
        "'frobnicate',                       frobnicate",
        "'--help',                           ''",
    })
    void commandName_isTheFirstNonOptionArgument(String line, String expected) {
        assertEquals(expected.isEmpty() ? null : expected, Pinion.commandName(line.split(" ")));
    }

    @Test
    void namedCommand_isTheOnlyOneRegistered_unknownOrNoneRegistersAll() {
        var out = new PrintWriter(new StringWriter());
        assertEquals(java.util.Set.of("validate"),
                Pinion.commandLine(out, out, new String[] {"validate", "x.wasm"}).getSubcommands().keySet());
        int all = PinionCommand.COMMANDS.size();
        assertEquals(all, Pinion.commandLine(out, out, new String[] {"frobnicate"}).getSubcommands().size());
        assertEquals(all, Pinion.commandLine(out, out, new String[] {"--help"}).getSubcommands().size());
    }

    @Test
    void helpCommand_printsTheNamedCommandsUsage_exit0() {
        CliRun run = CliRun.of("help", "validate");
        assertEquals(0, run.exitCode());
        Golden.assertMatches("validate-help.txt", run.out());
    }

    @Test
    void commandHelp_printsThatCommandsUsage_exit0() {
        CliRun run = CliRun.of("validate", "--help");
        assertEquals(0, run.exitCode());
        Golden.assertMatches("validate-help.txt", run.out());
    }
}
