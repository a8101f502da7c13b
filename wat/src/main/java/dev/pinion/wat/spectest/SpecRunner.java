package dev.pinion.wat.spectest;

import dev.pinion.engine.Config;
import dev.pinion.engine.WasmModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Runs spec test scripts against the engine, one {@link Outcome} per assertion.
 *
 * <p>Commands run in script order with the state the spec prescribes: the current module, modules named
 * {@code $M}, instances registered for import under a module name, and a fresh {@link SpecTestHost}. A module
 * that fails to load is reported as a failure at its own line, and every assertion that needs it fails too (it
 * is not skipped: a broken module is the engine's fault). Modules come from the script's {@code .wast} text
 * ({@link WastReader}) or from wast2json's files (binary, or text parsed here). The only skips: modules that
 * need a feature beyond Wasm 2.0 that the engine lacks (found by probing the engine; the skip reason names the
 * feature), with everything that uses them.
 *
 * <p>The runner never dies on an engine bug: anything the engine throws that is not the outcome a command
 * expects (any RuntimeException, StackOverflowError or other Error) is a failed outcome naming the exception, and
 * the script goes on. Engine work runs on a thread of its own with a time limit per command.
 */
public final class SpecRunner {

    /**
     * How the runner drives the engine.
     *
     * @param config         engine settings every module is compiled with
     * @param compiler       decodes, validates and lowers module bytes; {@link WasmModule#compile(byte[], Config)}
     *                       except in the runner's own tests
     * @param commandTimeout time limit for the engine work of one command
     * @param stackSize      stack size in bytes of the thread the engine runs on
     * @param print          receives the output of the {@code spectest} print functions
     */
    public record Options(Config config, BiFunction<byte[], Config, WasmModule> compiler, Duration commandTimeout,
                          long stackSize, Consumer<String> print) {
        /**
         * The engine's default config, 30 s per command, a 256 MiB stack (the scripts recurse deeply on purpose;
         * the stack is reserved, not committed, until used) and print output discarded.
         */
        public static final Options DEFAULT = new Options(Config.DEFAULT, WasmModule::compile,
                Duration.ofSeconds(30), 256L << 20, line -> {});

        public Options {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(compiler, "compiler");
            Objects.requireNonNull(print, "print");
            if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive, got " + commandTimeout);
            }
            if (stackSize < 0) throw new IllegalArgumentException("stackSize must be >= 0, got " + stackSize);
        }

        public Options withConfig(Config c) {
            return new Options(c, compiler, commandTimeout, stackSize, print);
        }

        public Options withCompiler(BiFunction<byte[], Config, WasmModule> c) {
            return new Options(config, c, commandTimeout, stackSize, print);
        }

        public Options withCommandTimeout(Duration t) {
            return new Options(config, compiler, t, stackSize, print);
        }

        public Options withPrint(Consumer<String> p) {
            return new Options(config, compiler, commandTimeout, stackSize, p);
        }
    }

    private final Options options;

    public SpecRunner() {
        this(Options.DEFAULT);
    }

    public SpecRunner(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Runs a script lazily: taking the next outcome from the stream executes the commands up to and including the
     * next assertion, so a test framework can time and report each assertion as it happens.
     *
     * @param directory where the script's module files are (the directory of the JSON file)
     */
    public Stream<Outcome> run(Script script, Path directory) {
        ScriptRun run = new ScriptRun(script, directory, options);
        Iterator<Outcome> outcomes = run;
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(outcomes, Spliterator.ORDERED), false)
                .onClose(run::close);
    }

    /** Runs a script to the end. */
    public List<Outcome> runAll(Script script, Path directory) {
        try (Stream<Outcome> outcomes = run(script, directory)) {
            return outcomes.toList();
        }
    }
}
