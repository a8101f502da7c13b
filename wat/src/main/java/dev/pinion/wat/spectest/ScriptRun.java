package dev.pinion.wat.spectest;

import dev.pinion.engine.HostModule;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.LinkException;
import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.Trap;
import dev.pinion.engine.WasmException;
import dev.pinion.engine.WasmModule;
import dev.pinion.wat.Feature;
import dev.pinion.wat.UnsupportedFeatureException;
import dev.pinion.wat.Wat;
import dev.pinion.wat.WatException;
import dev.pinion.wat.WatModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Iterator;
import java.util.stream.Collectors;

/**
 * One execution of a script: the state the commands share and the meaning of each command. Hands out outcomes
 * one at a time, executing commands up to the next one that yields an outcome.
 */
final class ScriptRun implements Iterator<Outcome>, AutoCloseable {

    /** A module command's result: an instance, or why there is none. */
    private sealed interface Loaded permits Ready, Broken, Skipped {}

    private record Ready(Instance instance) implements Loaded {}

    private record Broken(int line, String reason) implements Loaded {}

    /** The module needs a feature the engine (or the text parser) does not support: its users are skipped. */
    private record Skipped(String reason) implements Loaded {}

    /** A module that cannot be run for want of a feature; the message is the skip reason. */
    private static final class Unsupported extends Exception {
        Unsupported(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The command cannot run; {@code dependent} when only because a module it needs failed to load. */
    private static final class Unrunnable extends Exception {
        final boolean dependent;

        Unrunnable(String message, boolean dependent) {
            super(message, null, false, false);
            this.dependent = dependent;
        }
    }

    private static final List<String> LINK_WORDINGS = List.of("unknown import", "incompatible import type");

    private final String file;
    private final List<Command> commands;
    private final Path directory;
    private final SpecRunner.Options options;
    private final ExternRefs refs = new ExternRefs();
    private final EngineThread engine;
    private final Map<String, Loaded> named = new HashMap<>();
    /** {@code (module definition $D ...)}: compiled, not instantiated; a String is why it cannot be. */
    private final Map<String, Object> definitions = new HashMap<>();
    private final EngineFeatures engineFeatures;
    /** Why a registered module was skipped, if one was: a module that then fails to link is skipped too. */
    private String skippedRegistration;
    private Loaded current;
    private Imports imports;
    private String hostProblem;
    private int index;
    private Outcome pending;

    ScriptRun(Script script, Path directory, SpecRunner.Options options) {
        this.file = script.source_filename() == null ? "?" : script.source_filename();
        this.commands = script.commands();
        this.directory = directory;
        this.options = options;
        this.engine = new EngineThread(options.commandTimeout(), options.stackSize());
        this.engineFeatures = new EngineFeatures(options.compiler(), options.config());
    }

    @Override
    public boolean hasNext() {
        while (pending == null && index < commands.size()) {
            Command c = commands.get(index++);
            pending = executeSafely(c);
        }
        if (pending == null) close();
        return pending != null;
    }

    @Override
    public Outcome next() {
        if (!hasNext()) throw new NoSuchElementException();
        Outcome o = pending;
        pending = null;
        return o;
    }

    @Override
    public void close() {
        engine.close();
    }

    /** Last line of defence: a fault of the harness or a bad value in the script fails the command, not the run. */
    private Outcome executeSafely(Command c) {
        try {
            return execute(c);
        } catch (Throwable t) {
            return Outcome.failed(file, c, "cannot run command: " + describe(t));
        }
    }

    private Outcome execute(Command c) {
        String type = c.type() == null ? "" : c.type();
        Skipped skipped = skippedTarget(c);
        if (skipped != null) {
            if ("module".equals(type)) {
                // An instance of a skipped definition is skipped itself, for those who use it by name.
                current = skipped;
                if (c.name() != null) named.put(c.name(), skipped);
            }
            return c.isAssertion() ? Outcome.skipped(file, c, skipped.reason()) : null;
        }
        return switch (type) {
            case "module" -> module(c);
            case "module_definition" -> moduleDefinition(c);
            case "register" -> register(c);
            case "action" -> action(c);
            case "assert_return" -> assertReturn(c);
            case "assert_trap" -> assertTrap(c);
            case "assert_exhaustion" -> assertExhaustion(c);
            case "assert_invalid" -> assertInvalid(c);
            case "assert_malformed" -> assertMalformed(c);
            case "assert_unlinkable" -> assertUnlinkable(c);
            case "assert_uninstantiable" -> assertUninstantiable(c);
            case "assert_exception" -> Outcome.skipped(file, c,
                    "not supported by the engine: " + dev.pinion.wat.Feature.EXCEPTIONS.description() + " (assert_exception)");
            case "assert_malformed_custom", "assert_invalid_custom" -> Outcome.skipped(file, c,
                    "not supported by the text parser yet: " + dev.pinion.wat.Feature.CUSTOM_ANNOTATIONS.description());
            case "thread", "wait" -> Outcome.skipped(file, c,
                    "not supported by the runner: " + dev.pinion.wat.Feature.THREADS.description() + " (" + type + ")");
            default -> Outcome.failed(file, c, "unknown command type '" + type + "'");
        };
    }

    // ---- module commands -------------------------------------------------------------------------------------

    private Outcome module(Command c) {
        Loaded loaded;
        try {
            Imports available = imports();
            if (c.module() instanceof ScriptModule.InstanceOf of) {
                Object definition = definitions.get(of.definition());
                if (!(definition instanceof WasmModule m)) {
                    throw new IllegalStateException(definition == null ? "no module definition " + of.definition()
                            : "module definition " + of.definition() + " failed: " + definition);
                }
                loaded = new Ready(engine.call(() -> m.instantiate(available)));
            } else {
                byte[] bytes = load(c);
                loaded = new Ready(engine.call(() -> compile(bytes).instantiate(available)));
            }
        } catch (Unsupported u) {
            loaded = new Skipped(u.getMessage());
        } catch (Throwable t) {
            loaded = skippedRegistration != null && t instanceof LinkException
                    ? new Skipped("imports a module that was skipped (" + skippedRegistration + ")")
                    : new Broken(c.line(), describe(t) + hostNote());
        }
        current = loaded;
        if (c.name() != null) named.put(c.name(), loaded);
        if (loaded instanceof Skipped s) return Outcome.skipped(file, c, s.reason());
        return loaded instanceof Broken b
                ? Outcome.failed(file, c, "module " + c.filename() + " failed to load: " + b.reason())
                : null;
    }

    /** {@code (module definition $D ...)}: compiled now, instantiated by each {@code (module instance $I $D)}. */
    private Outcome moduleDefinition(Command c) {
        try {
            byte[] bytes = load(c);
            WasmModule module = engine.call(() -> compile(bytes));
            if (c.name() != null) definitions.put(c.name(), module);
            return null;
        } catch (Unsupported u) {
            if (c.name() != null) definitions.put(c.name(), u.getMessage());
            return Outcome.skipped(file, c, u.getMessage());
        } catch (Throwable t) {
            if (c.name() != null) definitions.put(c.name(), describe(t));
            return Outcome.failed(file, c, "module definition failed to compile: " + describe(t));
        }
    }

    /** The target of an action command if it was skipped (its users are skipped with the same reason). */
    private Skipped skippedTarget(Command c) {
        if (c.action() != null) {
            Loaded l = c.action().module() == null ? current : named.get(c.action().module());
            if (l instanceof Skipped s) return s;
        }
        if ("register".equals(c.type())) {
            Loaded l = c.name() == null ? current : named.get(c.name());
            if (l instanceof Skipped s) {
                skippedRegistration = s.reason();
                return s;
            }
        }
        if (c.module() instanceof ScriptModule.InstanceOf of && definitions.get(of.definition()) instanceof String why
                && !(why.startsWith("threw") || why.startsWith("trapped"))) {
            return new Skipped(why);
        }
        return null;
    }

    private Outcome register(Command c) {
        Loaded loaded = c.name() == null ? current : named.get(c.name());
        if (loaded == null) {
            return Outcome.failed(file, c, c.name() == null ? "no module to register" : "unknown module " + c.name());
        }
        // A broken module was reported at its own line; its importers will fail to link and say so.
        if (loaded instanceof Ready r) imports = imports().toBuilder().add(c.as(), r.instance()).build();
        return null;
    }

    private Outcome assertInvalid(Command c) {
        return assertRejected(c, InvalidModuleException.class, "invalid", MalformedModuleException.class, "malformed");
    }

    private Outcome assertMalformed(Command c) {
        return assertRejected(c, MalformedModuleException.class, "malformed", InvalidModuleException.class, "invalid");
    }

    /** Decoding and validation are separate stages with their own errors: the wrong one is a failure. */
    private Outcome assertRejected(Command c, Class<? extends WasmException> wanted, String wantedName,
                                   Class<? extends WasmException> other, String otherName) {
        String expectation = "expected a " + wantedName + " module (\"" + c.text() + "\")";
        byte[] bytes;
        String unsupported;
        try {
            // Not gated on features: an engine that lacks one must still reject a module that is bad anyway
            // (the 2.0 suite checks that e.g. two memories are invalid). Only a wrong verdict is excused.
            WatModule module = loadUngated(c);
            bytes = module.binary();
            unsupported = unsupportedFeature(module);
        } catch (Unsupported u) {
            return Outcome.skipped(file, c, u.getMessage());
        } catch (WatException e) {
            // Malformed text is the text format's "malformed"; an invalid module must get past the parser.
            return wanted == MalformedModuleException.class ? Outcome.passed(file, c)
                    : Outcome.failed(file, c, expectation + " but its text was rejected as malformed: " + e.getMessage());
        } catch (IOException e) {
            return Outcome.failed(file, c, describe(e));
        }
        try {
            engine.call(() -> compile(bytes));
            if (unsupported != null) return Outcome.skipped(file, c, unsupported);
            return Outcome.failed(file, c, expectation + " but it compiled");
        } catch (Throwable t) {
            if (wanted.isInstance(t)) return Outcome.passed(file, c);
            if (unsupported != null) return Outcome.skipped(file, c, unsupported);
            if (other.isInstance(t)) {
                return Outcome.failed(file, c, expectation + " but it was rejected as " + otherName + ": " + t.getMessage());
            }
            return Outcome.failed(file, c, expectation + " but " + describe(t));
        }
    }

    private Outcome assertUnlinkable(Command c) {
        String expectation = "expected a link error (\"" + c.text() + "\")";
        return instantiateExpectingFailure(c, expectation, t -> {
            if (!(t instanceof LinkException e)) return Outcome.failed(file, c, expectation + " but " + describe(t));
            return linkWordingMatches(e.getMessage(), c.text()) ? Outcome.passed(file, c)
                    : Outcome.failed(file, c, expectation + " but got the link error \"" + e.getMessage() + "\"");
        });
    }

    /** Only the two spec wordings are told apart: a message naming the other one is a different category. */
    private static boolean linkWordingMatches(String message, String expected) {
        String m = message == null ? "" : message;
        if (expected == null || m.contains(expected)) return true;
        return LINK_WORDINGS.stream().noneMatch(w -> !w.equals(expected) && m.contains(w));
    }

    private Outcome assertUninstantiable(Command c) {
        String expectation = "expected instantiation to trap (\"" + c.text() + "\")";
        return instantiateExpectingFailure(c, expectation, t ->
                t instanceof Trap trap && TrapWording.matches(trap, c.text()) ? Outcome.passed(file, c)
                        : Outcome.failed(file, c, expectation + " but " + describe(t)));
    }

    /**
     * The module must compile and then fail to instantiate; {@code judge} decides whether the way it failed is
     * the expected one.
     */
    private Outcome instantiateExpectingFailure(Command c, String expectation,
                                                java.util.function.Function<Throwable, Outcome> judge) {
        WasmModule module;
        try {
            byte[] bytes = load(c);
            module = engine.call(() -> compile(bytes));
        } catch (Unsupported u) {
            return Outcome.skipped(file, c, u.getMessage());
        } catch (Throwable t) {
            return Outcome.failed(file, c, expectation + " but the module did not compile: " + describe(t));
        }
        try {
            Imports available = imports();
            engine.call(() -> module.instantiate(available));
            return Outcome.failed(file, c, expectation + " but it instantiated");
        } catch (Throwable t) {
            if (skippedRegistration != null && t instanceof LinkException e && e.getMessage() != null
                    && e.getMessage().contains("unknown import")) {
                // The import it misses comes from a module that was skipped for want of a feature.
                return Outcome.skipped(file, c, "imports a module that was skipped (" + skippedRegistration + ")");
            }
            return judge.apply(t);
        }
    }

    // ---- action commands -------------------------------------------------------------------------------------

    private Outcome action(Command c) {
        try {
            perform(c.action());
            return null;
        } catch (Unrunnable u) {
            return u.dependent ? null : Outcome.failed(file, c, u.getMessage());
        } catch (Throwable t) {
            return Outcome.failed(file, c, "action " + describe(c.action()) + " " + describe(t));
        }
    }

    private Outcome assertReturn(Command c) {
        List<Value> expected = c.expected() == null ? List.of() : c.expected();
        String expectation = describe(c.action()) + ": expected " + describeExpected(expected);
        List<WasmValue> actual;
        try {
            actual = perform(c.action());
        } catch (Unrunnable u) {
            return Outcome.failed(file, c, u.getMessage());
        } catch (Throwable t) {
            return Outcome.failed(file, c, expectation + " but " + describe(t));
        }
        boolean same = actual.size() == expected.size();
        for (int i = 0; same && i < actual.size(); i++) same = Expectation.matches(expected.get(i), actual.get(i), refs);
        return same ? Outcome.passed(file, c)
                : Outcome.failed(file, c, expectation + " but got " + describeActual(actual));
    }

    private Outcome assertTrap(Command c) {
        String expectation = describe(c.action()) + ": expected trap \"" + c.text() + "\"";
        try {
            List<WasmValue> actual = perform(c.action());
            return Outcome.failed(file, c, expectation + " but got " + describeActual(actual));
        } catch (Unrunnable u) {
            return Outcome.failed(file, c, u.getMessage());
        } catch (Trap t) {
            return TrapWording.matches(t, c.text()) ? Outcome.passed(file, c)
                    : Outcome.failed(file, c, expectation + " but " + describe(t));
        } catch (Throwable t) {
            return Outcome.failed(file, c, expectation + " but " + describe(t));
        }
    }

    private Outcome assertExhaustion(Command c) {
        String expectation = describe(c.action()) + ": expected trap \"" + Trap.Kind.CALL_STACK_EXHAUSTED.message() + "\"";
        try {
            List<WasmValue> actual = perform(c.action());
            return Outcome.failed(file, c, expectation + " but got " + describeActual(actual));
        } catch (Unrunnable u) {
            return Outcome.failed(file, c, u.getMessage());
        } catch (Trap t) {
            return t.kind() == Trap.Kind.CALL_STACK_EXHAUSTED ? Outcome.passed(file, c)
                    : Outcome.failed(file, c, expectation + " but " + describe(t));
        } catch (StackOverflowError e) {
            return Outcome.failed(file, c, expectation + " but a StackOverflowError escaped the engine");
        } catch (Throwable t) {
            return Outcome.failed(file, c, expectation + " but " + describe(t));
        }
    }

    private List<WasmValue> perform(Action a) throws Unrunnable {
        if (a == null) throw new Unrunnable("the command has no action", false);
        Instance instance = target(a);
        String field = a.field();
        return switch (a.type() == null ? "" : a.type()) {
            case "invoke" -> {
                List<WasmValue> args = a.args().stream().map(v -> Expectation.argument(v, refs)).toList();
                yield engine.call(() -> Invoker.invoke(instance, field, args));
            }
            case "get" -> engine.call(() -> Invoker.get(instance, field));
            default -> throw new Unrunnable("unknown action type '" + a.type() + "'", false);
        };
    }

    private Instance target(Action a) throws Unrunnable {
        Loaded loaded = a.module() == null ? current : named.get(a.module());
        if (loaded == null) {
            throw new Unrunnable(a.module() == null ? "no module has been instantiated before this action"
                    : "unknown module " + a.module(), false);
        }
        if (loaded instanceof Broken b) {
            throw new Unrunnable("needs the module of line " + b.line() + ", which failed to load: " + b.reason(), true);
        }
        return ((Ready) loaded).instance();
    }

    // ---- engine access ---------------------------------------------------------------------------------------

    private WasmModule compile(byte[] bytes) {
        return options.compiler().apply(bytes, options.config());
    }

    /**
     * The module of a command in binary: from the script itself (a {@code .wast} script), or from the file
     * wast2json wrote (binary, or text for modules it left as text). Text is parsed here, so a malformed one
     * throws {@link WatException}; a module that needs a feature the engine lacks throws {@link Unsupported}.
     */
    private byte[] load(Command c) throws IOException, WatException, Unsupported {
        WatModule module = loadUngated(c);
        String unsupported = unsupportedFeature(module);
        if (unsupported != null) throw new Unsupported(unsupported);
        return module.binary();
    }

    /** The skip reason if the module needs a feature the engine lacks, else null. */
    private String unsupportedFeature(WatModule module) {
        for (Feature f : module.features()) {
            if (!engineFeatures.supports(f)) return EngineFeatures.skipReason(f);
        }
        return null;
    }

    private WatModule loadUngated(Command c) throws IOException, WatException, Unsupported {
        WatModule module;
        try {
            if (c.module() instanceof ScriptModule.Given given) {
                module = given.loader().load();
            } else if (c.filename() == null) {
                throw new IOException("the command names no module file");
            } else if ("text".equals(c.module_type())) {
                String text = new String(Files.readAllBytes(directory.resolve(c.filename())), StandardCharsets.UTF_8);
                module = Wat.parse(text);
            } else {
                return new WatModule(Files.readAllBytes(directory.resolve(c.filename())), java.util.Set.of());
            }
        } catch (UnsupportedFeatureException e) {
            throw new Unsupported("not supported by the text parser yet: " + e.feature().description());
        }
        return module;
    }

    /** The imports for the next module: a fresh spectest host plus whatever was registered so far. */
    private Imports imports() {
        if (imports == null) {
            try {
                HostModule host = engine.call(() -> SpecTestHost.create(options.print()));
                imports = Imports.builder().add(host).build();
            } catch (Throwable t) {
                hostProblem = describe(t);
                imports = Imports.NONE;
            }
        }
        return imports;
    }

    private String hostNote() {
        return hostProblem == null ? "" : " (the spectest host module could not be built: " + hostProblem + ")";
    }

    // ---- descriptions ----------------------------------------------------------------------------------------

    /** What went wrong, in a phrase that completes "expected X but ...". */
    static String describe(Throwable t) {
        if (t instanceof Trap trap) {
            return "trapped: " + trap.getMessage() + " (kind " + trap.kind() + ")";
        }
        if (t instanceof WasmException) {
            return "threw " + t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        if (t instanceof Invoker.BadAction || t instanceof EngineThread.TimedOut) {
            return t.getMessage();
        }
        if (t instanceof WatException) {
            return "its text is malformed: " + t.getMessage();
        }
        if (t instanceof IOException) {
            return "cannot read the module file: " + t;
        }
        // Anything else is an engine (or harness) bug: name it and where it came from.
        StackTraceElement[] trace = t.getStackTrace();
        String where = trace.length > 0 ? " (at " + trace[0] + ")" : "";
        return "threw " + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()) + where;
    }

    private static String describe(Action a) {
        if (a == null) return "(no action)";
        String module = a.module() == null ? "" : a.module() + " ";
        if ("get".equals(a.type())) return "(get " + module + "\"" + a.field() + "\")";
        String args = a.args().stream().map(Expectation::describe).collect(Collectors.joining(" "));
        return "(invoke " + module + "\"" + a.field() + "\"" + (args.isEmpty() ? "" : " " + args) + ")";
    }

    private static String describeExpected(List<Value> values) {
        return values.isEmpty() ? "()" : values.stream().map(Expectation::describe).collect(Collectors.joining(" "));
    }

    private static String describeActual(List<WasmValue> values) {
        return values.isEmpty() ? "()" : values.stream().map(WasmValue::toString).collect(Collectors.joining(" "));
    }
}
