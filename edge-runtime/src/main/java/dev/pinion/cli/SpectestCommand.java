package dev.pinion.cli;

import dev.pinion.wat.spectest.Outcome;
import dev.pinion.wat.spectest.Script;
import dev.pinion.wat.spectest.SpecRunner;
import dev.pinion.wat.WatException;
import dev.pinion.wat.spectest.SpecScripts;
import dev.pinion.wat.spectest.WastReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pinion spectest PATH...}: run WebAssembly spec test scripts ({@code .wast}, or wast2json's {@code .json})
 * against the engine and print one line per script and a totals line. Exit 0 if nothing failed, 1 if something
 * did, 2 for a bad path. Scripts are read and run one at a time, so memory does not grow with the suite.
 */
@Command(name = "spectest", mixinStandardHelpOptions = true,
        description = {"Run WebAssembly spec test scripts (.wast, or wast2json .json) against the engine.",
                "Prints 'NAME: P passed, F failed, S skipped' per script and the totals last."},
        footer = {"", "Skipped: modules that need a feature the engine lacks (the reason names it; see --skips).",
                "Exit codes: 0 nothing failed, 1 something failed, 2 usage error (e.g. no such path)."})
final class SpectestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = {"Script files (.wast or .json) or directories searched recursively for them.",
                    "A script found in both forms in a directory runs once, from its .json (or --wast)."})
    List<Path> paths;

    @Option(names = "--wast", description = "In directories, run X.wast rather than its wast2json X.json.")
    boolean preferWast;

    @Option(names = {"-v", "--verbose"}, description = "Print every failure with its file:line and message.")
    boolean verbose;

    @Option(names = "--skips", description = "List the reasons for skipped assertions with their counts.")
    boolean skips;

    private int passed;
    private int failed;
    private int skipped;
    private final Map<String, Integer> skipReasons = new TreeMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // One sorted list over all arguments, so the report's order does not depend on how the paths were given.
        TreeSet<Path> scripts = new TreeSet<>();
        for (Path path : paths) {
            try {
                List<Path> found = SpecScripts.find(path, preferWast);
                if (found.isEmpty()) {
                    err.println("pinion spectest: no .wast or .json spec scripts under " + path);
                    return CommandLine.ExitCode.USAGE;
                }
                found.forEach(p -> scripts.add(p.toAbsolutePath().normalize()));
            } catch (NoSuchFileException e) {
                err.println("pinion spectest: no such file or directory: " + path);
                return CommandLine.ExitCode.USAGE;
            } catch (IOException e) {
                err.println("pinion spectest: cannot list " + path + ": " + e.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
        }
        SpecRunner runner = new SpecRunner();
        for (Path json : scripts) runScript(runner, json, out, err);
        if (skips && !skipReasons.isEmpty()) {
            out.println("skipped:");
            skipReasons.forEach((reason, count) -> out.printf("  %6d  %s%n", count, reason));
        }
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        out.flush();
        return failed == 0 ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
    }

    private void runScript(SpecRunner runner, Path json, PrintWriter out, PrintWriter err) {
        String name = displayName(json);
        Script script;
        try {
            script = SpecScripts.isWast(json) ? WastReader.read(json) : ScriptReader.read(json);
        } catch (WatException e) {
            failed++;
            out.println(name + ": 0 passed, 1 failed, 0 skipped");
            err.println("pinion spectest: cannot read " + json + ":" + e.getMessage());
            out.flush();
            return;
        } catch (IOException e) {
            failed++;
            out.println(name + ": 0 passed, 1 failed, 0 skipped");
            err.println("pinion spectest: " + e.getMessage());
            out.flush();
            return;
        }
        int p = 0, f = 0, s = 0;
        List<Outcome> failures = new ArrayList<>();
        try (Stream<Outcome> outcomes = runner.run(script, json.toAbsolutePath().getParent())) {
            for (Outcome o : (Iterable<Outcome>) outcomes::iterator) {
                switch (o.status()) {
                    case PASSED -> p++;
                    case FAILED -> {
                        f++;
                        failures.add(o);
                    }
                    case SKIPPED -> {
                        s++;
                        skipReasons.merge(o.message(), 1, Integer::sum);
                    }
                }
            }
        }
        passed += p;
        failed += f;
        skipped += s;
        out.println(name + ": " + p + " passed, " + f + " failed, " + s + " skipped");
        if (verbose) {
            for (Outcome o : failures) out.println("  " + o.location() + ": " + o.command() + ": " + o.message());
        }
        out.flush();
    }

    /**
     * The script's name without extension, e.g. {@code i32}; for a proposal's script (under a
     * {@code proposals/<proposal>/} folder) the proposal too, e.g. {@code memory64/memory}, since proposals keep
     * their own versions of core scripts of the same name. Likewise a script in a feature folder of a
     * {@code wasm-3.0/} suite, e.g. {@code memory64/memory}.
     */
    static String displayName(Path json) {
        String file = json.getFileName().toString();
        String stem = file.endsWith(".json") || file.endsWith(".wast") ? file.substring(0, file.length() - 5) : file;
        Path absolute = json.toAbsolutePath().normalize();
        for (int i = 0; i < absolute.getNameCount() - 2; i++) {
            if (absolute.getName(i).toString().equals("proposals")) {
                return absolute.getName(i + 1) + "/" + stem;
            }
        }
        int n = absolute.getNameCount();
        if (n >= 3 && absolute.getName(n - 3).toString().startsWith("wasm-")) {
            return absolute.getName(n - 2) + "/" + stem;
        }
        return stem;
    }
}
