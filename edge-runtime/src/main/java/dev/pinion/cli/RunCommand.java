package dev.pinion.cli;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Config;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.Function;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.Interrupt;
import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.LinkException;
import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.Trap;
import dev.pinion.engine.WasmException;
import dev.pinion.engine.WasmExit;
import dev.pinion.engine.WasmModule;
import dev.pinion.wasi.Preopen;
import dev.pinion.wasi.Wasi;
import dev.pinion.wasi.WasiConfig;
import dev.pinion.runtime.logging.LogSetup;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pinion run}: runs a WASI command ({@code _start}) or calls an export of a reactor, like
 * {@code wasmtime run}. Everything after MODULE goes to the guest verbatim, dashes included. The command line is
 * parsed by {@link RunArguments} (Pinion's flags and wasmtime's); picocli only prints this command's help, from
 * the text below, and hands the words it did not take to the same parser.
 */
@Command(name = "run",
        customSynopsis = {"pinion run [OPTIONS] MODULE [ARGS...]",
                "       pinion [OPTIONS] MODULE [ARGS...]"},
        description = {"Run a WebAssembly module with WASI preview1: a command's _start, or with --invoke an export "
                + "(after a reactor's _initialize). Arguments after MODULE go to the guest unchanged. Without the "
                + "word run, MODULE must be an existing file or a name ending in .wasm.",
                "",
                "  --dir HOST[::GUEST]     Preopen the host directory HOST for the guest, named",
                "                          GUEST (default: HOST as written).",
                "  --dir-ro HOST[::GUEST]  Like --dir, but the guest may only read below it.",
                "  --env NAME[=VALUE]      Set a variable for the guest; NAME alone passes the",
                "                          host's value. -S inherit-env passes the whole host",
                "                          environment.",
                "  --argv0 NAME            The guest's argv[0] (default: MODULE as written).",
                "  --invoke FUNCTION       Call this export with ARGS (parsed by its parameter",
                "                          types) and print its results.",
                "  --fuel N                Instruction budget per call; running out traps.",
                "                          Also -W fuel=N.",
                "  --timeout DURATION      Wall-clock limit per call: 500ms, 10s, 2m, or a bare",
                "                          number of seconds; past it the guest traps.",
                "                          Also -W timeout=DURATION.",
                "  --max-memory SIZE       Cap on the guest's linear memory, e.g. 64MiB, 1G or",
                "                          bytes; growth past it fails. Also -W max-memory-size=.",
                "  --tier interp|tiered|compiled",
                "                          How guest code runs: the interpreter only, hot",
                "                          functions and loops compiled to JVM bytecode in the",
                "                          background (default; interp on JVMs without a JIT),",
                "                          or every function compiled at load.",
                "  --board FILE|sim        The devices a guest may be granted: sim (the simulated",
                "                          board) or a YAML file with a board: section.",
                "  --grant NAME[:MODE]     Let the guest open board device NAME (modes: in, out,",
                "                          read, write, rw; default: the device's natural mode).",
                "                          Without grants the guest sees no device.",
                "  -W, -S KEY[=VALUE],...  wasmtime's Wasm and WASI settings: the ones above,",
                "                          feature switches, -S inherit-env; others are refused",
                "                          by name (README: \"pinion run and wasmtime run\").",
                "  -h, --help              Show this help message and exit."},
        modelTransformer = RunCommand.StopAtModule.class,
        footer = {"",
                "Exit codes: the guest's exit code (proc_exit, 0 when _start returns); "
                + RunCommand.EXIT_TRAP + " when the guest traps (including fuel and timeout exhaustion), like "
                + "wasmtime; 1 when the module cannot be read, decoded, validated, linked or instantiated within "
                + "the limits; 2 for usage errors."})
public final class RunCommand implements Callable<Integer> {
    /** Exit code of a trap: 128 + SIGABRT, what wasmtime returns on Unix for a trapping guest. */
    public static final int EXIT_TRAP = 134;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    /** The line after a usage error. */
    static final String HINT = "See 'pinion run --help'.";

    // The settings RunArguments fills in.
    List<Preopen> dirs = new ArrayList<>();
    List<Preopen> readOnlyDirs = new ArrayList<>();
    List<String> env = new ArrayList<>();
    boolean inheritEnv;
    String argv0;
    String invoke;
    Long fuel;
    Duration timeout;
    Integer maxMemoryPages;
    Config.Tier tier;
    LogSetup.Level logLevel;
    /** --board FILE|sim and --grant NAME[:MODE]: the devices the guest may open (RunDevices). */
    String board;
    List<String> grants = new ArrayList<>();
    Path module;
    List<String> args = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
    boolean help;

    /** What picocli did not take (everything but --help): parsed by RunArguments in {@link #call()}. */
    @Parameters(arity = "0..*", hidden = true)
    List<String> argv = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final InputStream in;
    private final OutputStream out;
    private final OutputStream err;
    private final boolean[] terminals;

    /** Uses the process's own stdin, stdout and stderr, unbuffered, so the guest's bytes pass through as is. */
    public RunCommand() {
        this(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err),
                new boolean[] {isTerminal(0), isTerminal(1), isTerminal(2)});
    }

    /** For embedding and tests: the guest's standard streams (none of them a terminal). */
    public RunCommand(InputStream in, OutputStream out, OutputStream err) {
        this(in, out, err, new boolean[3]);
    }

    private RunCommand(InputStream in, OutputStream out, OutputStream err, boolean[] terminals) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminals = terminals;
    }

    /**
     * Whether this process's descriptor {@code fd} is a terminal, so the guest's isatty() (and with it wasi-libc's
     * line buffering of stdout) works as under wasmtime. Linux's /proc link is cheap; System.console() would load
     * the console machinery on every run.
     */
    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | RuntimeException notLinuxOrClosed) {
            return false;
        }
    }

    /** Everything after MODULE belongs to the guest, even "--dir" or "-x": picocli hands all words over as is. */
    static final class StopAtModule implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            spec.parser().unmatchedOptionsArePositionalParams(true);
            return spec;
        }
    }

    /**
     * Runs a {@code run} command line (the words after "run") without picocli, whose model of a command takes
     * longer to build than a small module takes to run (~150 ms on a cold JVM). Returns null when the line asks
     * for help, which picocli prints.
     */
    public static Integer runFast(String[] argv) {
        RunCommand cmd = new RunCommand();
        PrintWriter usage = new PrintWriter(new PrintStream(cmd.err, true, StandardCharsets.UTF_8), true);
        return cmd.execute(argv, usage, true);
    }

    /** picocli's path (e.g. {@code pinion --log-level debug run ...} in tests): the same parser and run. */
    @Override
    public Integer call() {
        Integer code = execute(argv.toArray(String[]::new), spec.commandLine().getErr(), false);
        if (code != null) return code;
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * Parses {@code argv} into this command and runs it; a usage error is one line on {@code usage} plus the
     * hint. With {@code configureLogging}, the run's {@code --log-level} takes effect first (picocli's path has
     * configured logging already). Returns null when the line asks for help.
     */
    Integer execute(String[] argv, PrintWriter usage, boolean configureLogging) {
        try {
            if (!RunArguments.parse(argv, this)) return null;
        } catch (RunArguments.UsageException e) {
            usage.println("pinion run: " + e.getMessage());
            usage.println(HINT);
            usage.flush();
            return EXIT_USAGE;
        }
        // Functions start cold: tinylog stays unloaded unless something logs at the level or above.
        if (configureLogging) LogSetup.configureOnFirstUse(logLevel == null ? LogSetup.Level.WARN : logLevel, true);
        return run();
    }

    /** Runs the module with the settings parsed into this command. */
    Integer run() {
        PrintStream errText = new PrintStream(err, true, StandardCharsets.UTF_8);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(module);
        } catch (NoSuchFileException e) {
            return fail(errText, "cannot read module '" + module + "': no such file");
        } catch (IOException e) {
            return fail(errText, "cannot read module '" + module + "': " + e.getMessage());
        }
        if (!startsWithWasmMagic(bytes) && TextModuleInput.isText(module, bytes)) {
            // Text (WAT): only now is the parser loaded; a binary run never touches it.
            bytes = TextModuleInput.toBinary(module, bytes, line -> errText.println("pinion run: " + line));
            if (bytes == null) return EXIT_FAILURE;
        }
        // With a timeout the engine enforces the deadline in Wasm code; the interrupt also wakes a guest sleeping
        // in poll_oneoff, which the engine cannot see.
        Interrupt interrupt = timeout == null ? null : new Interrupt();
        WasiConfig wasiConfig;
        try {
            wasiConfig = wasiConfig(interrupt);
        } catch (IllegalArgumentException e) {
            return usage(errText, e.getMessage());
        }
        Config config = Config.DEFAULT;
        if (maxMemoryPages != null) config = config.withMaxMemoryPages(maxMemoryPages);
        if (tier != null) config = config.withTier(tier);
        CallLimits limits = CallLimits.NONE;
        if (fuel != null) limits = limits.withFuel(fuel);
        if (timeout != null) limits = limits.withTimeout(timeout).withInterrupt(interrupt);
        RunDevices devices;
        try {
            devices = RunDevices.open(board, grants, module, interrupt, errText);
        } catch (RunDevices.Failure f) {
            return f.usage ? usage(errText, f.getMessage()) : fail(errText, f.getMessage());
        }
        try (Wasi wasi = Wasi.create(wasiConfig); RunDevices d = devices) {
            WasmModule compiled = WasmModule.compile(bytes, config);
            Instance instance;
            try {
                instance = compiled.instantiate(wasi.imports(d == null ? Imports.NONE : d.imports(Imports.NONE)));
            } catch (Trap t) {
                // Over a limit before any guest code ran (e.g. --max-memory below the module's minimum): the
                // module cannot run here, which is exit 1 like wasmtime's instantiation errors, not a trap.
                if (t.kind() != Trap.Kind.RESOURCE_LIMIT) throw t;
                return fail(errText, module + ": cannot instantiate: " + t.getMessage()
                        + (maxMemoryPages != null ? " (--max-memory)" : ""));
            }
            if (invoke != null) {
                if (Wasi.isReactor(compiled)) call(instance, "_initialize", limits, interrupt);
                return invoke(instance, limits, interrupt, errText);
            }
            if (Wasi.isCommand(compiled)) {
                call(instance, "_start", limits, interrupt);
            } else if (Wasi.isReactor(compiled)) {
                call(instance, "_initialize", limits, interrupt);
            } else {
                return fail(errText, "module '" + module + "' exports neither _start nor _initialize; "
                        + "use --invoke FUNCTION to call one of its exports");
            }
            return 0;
        } catch (WasmExit e) {
            return e.exitCode();
        } catch (Trap t) {
            errText.println(t.describe());
            return EXIT_TRAP;
        } catch (MalformedModuleException e) {
            return fail(errText, module + ": malformed: " + e.reason() + ModuleFile.atOffset(e.offset()));
        } catch (InvalidModuleException e) {
            return fail(errText, module + ": invalid: " + e.reason() + ModuleFile.atOffset(e.offset()));
        } catch (LinkException e) {
            return fail(errText, module + ": cannot link: " + e.getMessage());
        } catch (WasmException e) {
            return fail(errText, module + ": " + e.getMessage());
        } finally {
            flush(out);
            flush(err);
        }
    }

    private WasiConfig wasiConfig(Interrupt interrupt) {
        WasiConfig.Builder b = WasiConfig.builder().stdin(in).stdout(out).stderr(err)
                .terminals(terminals[0], terminals[1], terminals[2]);
        if (interrupt != null) b.interrupt(interrupt);
        b.arg(argv0 != null ? argv0 : module.toString());
        if (invoke == null) b.args(args);
        if (inheritEnv) {
            for (var e : System.getenv().entrySet()) {
                try {
                    b.env(e.getKey(), e.getValue());
                } catch (IllegalArgumentException notPassable) {
                    // a host variable WASI cannot carry (e.g. a NUL byte): the guest does without it
                }
            }
        }
        for (String e : env) {
            int eq = e.indexOf('=');
            String name = eq < 0 ? e : e.substring(0, eq);
            String value = eq < 0 ? System.getenv(name) : e.substring(eq + 1);
            if (value == null) continue; // NAME alone, unset on the host: nothing to pass
            try {
                b.env(name, value);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("--env '" + e + "': " + ex.getMessage());
            }
        }
        for (Preopen p : dirs) b.preopen(p);
        for (Preopen p : readOnlyDirs) b.preopen(p);
        return b.build();
    }

    /** One export call under the limits; with a timeout, a watchdog requests the interrupt at the deadline. */
    private long[] call(Instance instance, String name, CallLimits limits, Interrupt interrupt, long... args) {
        Function fn = instance.function(name);
        if (interrupt == null) return fn.call(limits, args);
        interrupt.reset();
        Thread watchdog = Thread.ofPlatform().daemon().name("pinion-run-timeout").start(() -> {
            try {
                Thread.sleep(timeout);
                interrupt.request(Interrupt.DEADLINE_EXCEEDED); // the reason the user sees, whoever looks first
            } catch (InterruptedException callFinished) {
                // the call ended before its deadline
            }
        });
        try {
            return fn.call(limits, args);
        } finally {
            watchdog.interrupt();
        }
    }

    private int invoke(Instance instance, CallLimits limits, Interrupt interrupt, PrintStream errText) {
        Object export = instance.export(invoke);
        if (!(export instanceof Function fn)) {
            return fail(errText, "module '" + module + "' has no exported function '" + invoke + "'");
        }
        FuncType type = fn.type();
        if (args.size() != type.params().size()) {
            return usage(errText, "--invoke " + invoke + " takes " + type.params().size() + " argument(s) "
                    + type + ", got " + args.size());
        }
        long[] raw = new long[args.size()];
        for (int i = 0; i < raw.length; i++) {
            try {
                raw[i] = WasmValues.parse(type.params().get(i), args.get(i));
            } catch (IllegalArgumentException e) {
                return usage(errText, "--invoke " + invoke + " argument " + (i + 1) + ": " + e.getMessage());
            }
        }
        long[] results = call(instance, invoke, limits, interrupt, raw);
        PrintStream text = new PrintStream(out, false, StandardCharsets.UTF_8);
        for (int i = 0; i < type.results().size(); i++) {
            text.println(WasmValues.format(type.results().get(i), results[i]));
        }
        text.flush();
        return 0;
    }

    /** Same as {@code TextModuleInput.isBinary}, here so that a binary run loads nothing of the text path. */
    private static boolean startsWithWasmMagic(byte[] b) {
        return b.length >= 4 && b[0] == 0 && b[1] == 'a' && b[2] == 's' && b[3] == 'm';
    }

    private static int fail(PrintStream err, String message) {
        err.println("pinion run: " + message);
        return EXIT_FAILURE;
    }

    private static int usage(PrintStream err, String message) {
        err.println("pinion run: " + message);
        err.println(HINT);
        return EXIT_USAGE;
    }

    private static void flush(OutputStream s) {
        try {
            s.flush();
        } catch (IOException ignored) {
            // the reader went away (closed pipe): nothing left to tell it
        }
    }
}
