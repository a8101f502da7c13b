package dev.pinion.cli;

import dev.pinion.runtime.logging.LogSetup;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one parser of {@code pinion run}'s command line: Pinion's own flags and the wasmtime forms users type
 * ({@code -W fuel=N}, {@code -S inherit-env}, {@code --argv0}, ...). It runs without picocli, whose model of a
 * command costs more than running a small module; picocli only prints {@code pinion run --help}. Everything after
 * MODULE goes to the guest unchanged. A bad line throws {@link UsageException} with one line that names what
 * was wrong; wasmtime flags that have no meaning here are rejected by name, never ignored.
 */
final class RunArguments {
    private RunArguments() {}

    /** A command line that cannot run, in one line (the caller adds the hint to see --help). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** Options that take a value, Pinion's and wasmtime's long and short spellings. */
    private static final Set<String> VALUED = Set.of("--dir", "--dir-ro", "--env", "--invoke", "--fuel", "--timeout",
            "--max-memory", "--tier", "--argv0", "-W", "--wasm", "-S", "--wasi", "--log-level", "--board", "--grant");

    /**
     * wasmtime run's flags that Pinion does not have, with what to do instead. They take a value in wasmtime, so
     * the message names the flag whether it was written {@code --flag=v}, {@code --flag v} or {@code -Fv}.
     */
    private static final Map<String, String> WASMTIME_UNSUPPORTED = Map.ofEntries(
            Map.entry("--preload", "linking several modules is not supported"),
            Map.entry("--mapdir", "use --dir HOST::GUEST"),
            Map.entry("--profile", "profiling is not supported"),
            Map.entry("--allow-precompiled", "pinion loads .wasm modules only; there is no precompiled form"),
            Map.entry("-O", "there are no optimization settings; --tier chooses interpreter or JVM bytecode"),
            Map.entry("--optimize", "there are no optimization settings; --tier chooses interpreter or JVM bytecode"),
            Map.entry("-C", "there are no code generation settings; --tier chooses interpreter or JVM bytecode"),
            Map.entry("--codegen", "there are no code generation settings; --tier chooses interpreter or JVM bytecode"),
            Map.entry("-D", "debug settings are not supported"),
            Map.entry("--debug", "debug settings are not supported"),
            Map.entry("-g", "DWARF debugging is not supported"),
            Map.entry("--config", "wasmtime's TOML configuration file is not read; give the flags directly"),
            Map.entry("--target", "there is no compilation target: compiled code is JVM bytecode (--tier)"),
            Map.entry("--tcplisten", "sockets are not supported"));

    /** Wasm features Pinion always has on: {@code -W NAME} or {@code -W NAME=y} is accepted and changes nothing. */
    private static final Set<String> ALWAYS_ON = Set.of("bulk-memory", "multi-value", "reference-types", "simd");

    /** Wasm features Pinion does not implement: {@code -W NAME=n} is accepted, turning one on is not. */
    private static final Set<String> NOT_IMPLEMENTED = Set.of("relaxed-simd", "relaxed-simd-deterministic",
            "threads", "shared-everything-threads", "tail-call", "multi-memory", "memory64", "component-model",
            "component-model-async", "function-references", "gc", "custom-page-sizes", "wide-arithmetic",
            "extended-const", "exceptions", "legacy-exceptions", "stack-switching", "all-proposals");

    /** WASI interfaces beyond preview1's: {@code -S NAME=n} is accepted, turning one on is not. */
    private static final Set<String> WASI_NOT_IMPLEMENTED = Set.of("nn", "threads", "http", "config", "keyvalue",
            "listenfd", "tls", "inherit-network", "allow-ip-name-lookup", "tcp", "udp", "network-error-code",
            "preview0", "p3");

    /**
     * Parses {@code argv} (the words after "run") into {@code cmd}. Returns false when the line asks for help
     * ({@code -h}/{@code --help} before MODULE), which picocli prints.
     */
    static boolean parse(String[] argv, RunCommand cmd) {
        int i = 0;
        while (i < argv.length) {
            String a = argv[i];
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) break;
            if (a.equals("-h") || a.equals("--help")) return false;
            String name;
            String value;
            int eq = a.indexOf('=');
            if (a.startsWith("--")) {
                name = eq < 0 ? a : a.substring(0, eq);
                value = eq < 0 ? null : a.substring(eq + 1);
            } else {
                name = a.substring(0, 2); // -W, -S, -O ...: the value may follow at once (-Wfuel=10)
                value = a.length() > 2 ? a.substring(a.startsWith("=", 2) ? 3 : 2) : null;
            }
            String unsupported = WASMTIME_UNSUPPORTED.get(name);
            if (unsupported != null) throw new UsageException("wasmtime's " + name + " is not supported: " + unsupported);
            if (!VALUED.contains(name)) {
                throw new UsageException(a.startsWith("--") ? "unknown option '" + name + "'"
                        : "unknown option '" + a + "'");
            }
            if (value == null) {
                if (i + 1 >= argv.length) throw new UsageException(name + " needs a value");
                value = argv[++i];
            }
            i++;
            option(cmd, name, value);
        }
        if (i >= argv.length) throw new UsageException("missing MODULE (the .wasm file to run)");
        cmd.module = Path.of(argv[i]);
        for (int k = i + 1; k < argv.length; k++) cmd.args.add(argv[k]);
        return true;
    }

    private static void option(RunCommand cmd, String name, String value) {
        try {
            switch (name) {
                case "--dir" -> cmd.dirs.add(RunOptions.preopen(value, false));
                case "--dir-ro" -> cmd.readOnlyDirs.add(RunOptions.preopen(value, true));
                case "--env" -> cmd.env.add(value);
                case "--invoke" -> cmd.invoke = value;
                case "--argv0" -> cmd.argv0 = value;
                case "--fuel" -> cmd.fuel = fuel("--fuel", value);
                case "--timeout" -> cmd.timeout = RunOptions.timeout(value);
                case "--max-memory" -> cmd.maxMemoryPages = RunOptions.memoryPages(value);
                case "--tier" -> cmd.tier = dev.pinion.engine.Config.Tier.parse(value);
                case "--log-level" -> cmd.logLevel = logLevel(value);
                case "--board" -> cmd.board = value;
                case "--grant" -> cmd.grants.add(value);
                case "-W", "--wasm" -> {
                    for (String setting : value.split(",")) wasm(cmd, setting.strip());
                }
                default -> { // -S, --wasi
                    for (String setting : value.split(",")) wasi(cmd, setting.strip());
                }
            }
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(name + ": " + e.getMessage());
        }
    }

    /** One {@code -W KEY[=VALUE]}: wasmtime's Wasm settings. */
    private static void wasm(RunCommand cmd, String setting) {
        int eq = setting.indexOf('=');
        String key = eq < 0 ? setting : setting.substring(0, eq);
        String value = eq < 0 ? null : setting.substring(eq + 1);
        String flag = "-W " + setting;
        switch (key) {
            case "fuel" -> cmd.fuel = fuel(flag, required(flag, value));
            case "timeout" -> cmd.timeout = RunOptions.timeout(required(flag, value));
            case "max-memory-size" -> cmd.maxMemoryPages =
                    RunOptions.memoryPages(required(flag, value));
            default -> {
                if (ALWAYS_ON.contains(key)) {
                    if (!yes(flag, value)) throw new UsageException(flag + ": pinion cannot turn off " + key);
                } else if (NOT_IMPLEMENTED.contains(key)) {
                    if (yes(flag, value)) throw new UsageException(flag + ": pinion does not implement " + key);
                } else if (key.isEmpty()) {
                    throw new UsageException("-W needs a setting, e.g. -W fuel=1000000");
                } else {
                    throw new UsageException(flag + ": not supported (pinion takes -W fuel, timeout, "
                            + "max-memory-size and the on/off switches of Wasm features)");
                }
            }
        }
    }

    /** One {@code -S KEY[=VALUE]}: wasmtime's WASI settings. */
    private static void wasi(RunCommand cmd, String setting) {
        int eq = setting.indexOf('=');
        String key = eq < 0 ? setting : setting.substring(0, eq);
        String value = eq < 0 ? null : setting.substring(eq + 1);
        String flag = "-S " + setting;
        switch (key) {
            case "inherit-env" -> cmd.inheritEnv = yes(flag, value);
            // Pinion has one WASI, preview1 with its command-line interfaces: always on, and which of wasmtime's
            // implementations serves it changes nothing here.
            case "cli", "common" -> {
                if (!yes(flag, value)) throw new UsageException(flag + ": pinion always provides WASI preview1");
            }
            case "preview2" -> yes(flag, value);
            default -> {
                if (WASI_NOT_IMPLEMENTED.contains(key)) {
                    if (yes(flag, value)) throw new UsageException(flag + ": pinion does not implement WASI " + key);
                } else if (key.isEmpty()) {
                    throw new UsageException("-S needs a setting, e.g. -S inherit-env");
                } else {
                    throw new UsageException(flag + ": not supported (pinion takes -S inherit-env, cli, common, "
                            + "preview2 and =n for the WASI interfaces it does not have)");
                }
            }
        }
    }

    private static String required(String flag, String value) {
        if (value == null || value.isEmpty()) throw new UsageException(flag + " needs a value, e.g. " + flag + "=N");
        return value;
    }

    /** wasmtime's booleans: absent, y, yes, true mean on; n, no, false mean off. */
    private static boolean yes(String flag, String value) {
        if (value == null) return true;
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "y", "yes", "true" -> true;
            case "n", "no", "false" -> false;
            default -> throw new UsageException(flag + ": expected y or n");
        };
    }

    private static long fuel(String flag, String value) {
        long fuel;
        try {
            fuel = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": '" + value + "' is not a whole number");
        }
        if (fuel < 0) throw new UsageException(flag + " must be >= 0, got " + fuel);
        return fuel;
    }

    private static LogSetup.Level logLevel(String value) {
        try {
            return LogSetup.Level.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--log-level '" + value + "': expected error, warn, info, debug or trace");
        }
    }

    /** Whether {@code word} starts a run command line without the word "run" (wasmtime's {@code wasmtime FILE}). */
    static boolean isRunOption(String word) {
        int eq = word.indexOf('=');
        String name = word.startsWith("--") ? (eq < 0 ? word : word.substring(0, eq))
                : word.length() >= 2 ? word.substring(0, 2) : word;
        return VALUED.contains(name) && !name.equals("--log-level");
    }
}
