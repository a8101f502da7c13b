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
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
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

/**
 * {@code pinion run}: runs a WASI command ({@code _start}) or calls an export of a reactor, like
 * {@code wasmtime run}. Everything after MODULE goes to the guest verbatim, dashes included.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a WebAssembly module with WASI preview1: a command's _start, or with --invoke an export "
                + "(after a reactor's _initialize). Arguments after MODULE go to the guest unchanged."},
        modelTransformer = RunCommand.StopAtModule.class,
        sortOptions = false,
        footer = {"", "Exit codes: the guest's exit code (proc_exit, 0 when _start returns); "
                + RunCommand.EXIT_TRAP + " when the guest traps (including fuel and timeout exhaustion), like "
                + "wasmtime; 1 when the module cannot be read, decoded, validated or linked; 2 for usage errors."})
public final class RunCommand implements Callable<Integer> {
    /** Exit code of a trap: 128 + SIGABRT, what wasmtime returns on Unix for a trapping guest. */
    public static final int EXIT_TRAP = 134;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Option(names = "--dir", paramLabel = "HOST[::GUEST]", converter = RunOptions.Dir.class,
            description = "Preopen the host directory HOST for the guest, named GUEST (default: HOST as written).")
    List<Preopen> dirs = new ArrayList<>();

    @Option(names = "--dir-ro", paramLabel = "HOST[::GUEST]", converter = RunOptions.ReadOnlyDir.class,
            description = "Like --dir, but the guest may only read below it.")
    List<Preopen> readOnlyDirs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME[=VALUE]",
            description = "Set an environment variable for the guest; NAME alone passes the host's value.")
    List<String> env = new ArrayList<>();

    @Option(names = "--invoke", paramLabel = "FUNCTION",
            description = "Call this export with ARGS (parsed by its parameter types) and print its results.")
    String invoke;

    @Option(names = "--fuel", paramLabel = "N", description = "Instruction budget per call; running out traps.")
    Long fuel;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = RunOptions.TimeoutConverter.class,
            description = "Wall-clock limit per call, e.g. 500ms, 10s, 2m; past it the guest traps.")
    Duration timeout;

    @Option(names = "--max-memory", paramLabel = "SIZE", converter = RunOptions.MemorySizeConverter.class,
            description = "Cap on the guest's linear memory, e.g. 64MiB; growth past it fails.")
    Integer maxMemoryPages;

    @Option(names = "--board", paramLabel = "FILE|sim",
            description = "The devices the guest may be granted: sim (the simulated board) or a YAML file with a "
                    + "board: section.")
    String board;

    @Option(names = "--grant", paramLabel = "NAME[:MODE]",
            description = "Let the guest open board device NAME (modes: in, out, read, write, rw; default: the "
                    + "device's natural mode). Without grants it sees no device.")
    List<String> grants = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm file.")
    Path module;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the guest (or --invoke).")
    List<String> args = new ArrayList<>();

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

    /** Everything after MODULE belongs to the guest, even "--dir" or "-x": stop option parsing there. */
    static final class StopAtModule implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }

    /**
     * Runs a {@code run} command line (the arguments after "run") without picocli, or returns null when the line
     * needs picocli: help, an unknown option, a bad option value. Building picocli's model of the command takes
     * longer than running a small module (~150 ms on a cold JVM), so the CLI main class should try this first;
     * falling back keeps picocli's usage messages for every error.
     */
    public static Integer runFast(String[] args) {
        RunCommand cmd = parseFast(args, new RunCommand());
        return cmd == null ? null : cmd.call();
    }

    /** The fast parser behind {@link #runFast}; fills {@code cmd} like picocli would, or returns null. */
    static RunCommand parseFast(String[] argv, RunCommand cmd) {
        int i = 0;
        while (i < argv.length) {
            String a = argv[i];
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) break;
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            String value;
            if (eq >= 0) {
                value = a.substring(eq + 1);
                i++;
            } else {
                if (i + 1 >= argv.length) return null;
                value = argv[i + 1];
                i += 2;
            }
            try {
                switch (name) {
                    case "--dir" -> cmd.dirs.add(new RunOptions.Dir().convert(value));
                    case "--dir-ro" -> cmd.readOnlyDirs.add(new RunOptions.ReadOnlyDir().convert(value));
                    case "--env" -> cmd.env.add(value);
                    case "--invoke" -> cmd.invoke = value;
                    case "--fuel" -> cmd.fuel = Long.parseLong(value);
                    case "--timeout" -> cmd.timeout = new RunOptions.TimeoutConverter().convert(value);
                    case "--max-memory" -> cmd.maxMemoryPages = new RunOptions.MemorySizeConverter().convert(value);
                    case "--board" -> cmd.board = value;
                    case "--grant" -> cmd.grants.add(value);
                    default -> {
                        return null; // --help, --log-level, typos: picocli's business
                    }
                }
            } catch (RuntimeException badValue) {
                return null;
            }
        }
        if (i >= argv.length) return null; // no MODULE: picocli says so
        cmd.module = Path.of(argv[i]);
        for (int k = i + 1; k < argv.length; k++) cmd.args.add(argv[k]);
        return cmd;
    }

    @Override
    public Integer call() {
        PrintStream errText = new PrintStream(err, true, StandardCharsets.UTF_8);
        if (fuel != null && fuel < 0) return usage(errText, "--fuel must be >= 0, got " + fuel);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(module);
        } catch (NoSuchFileException e) {
            return fail(errText, "cannot read module '" + module + "': no such file");
        } catch (IOException e) {
            return fail(errText, "cannot read module '" + module + "': " + e.getMessage());
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
            Instance instance = compiled.instantiate(wasi.imports(d == null ? Imports.NONE : d.imports(Imports.NONE)));
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
        b.arg(module.toString());
        if (invoke == null) b.args(args);
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
                interrupt.request();
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

    private static int fail(PrintStream err, String message) {
        err.println("pinion run: " + message);
        return EXIT_FAILURE;
    }

    private static int usage(PrintStream err, String message) {
        err.println("pinion run: " + message);
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
