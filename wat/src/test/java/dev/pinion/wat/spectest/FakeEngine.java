package dev.pinion.wat.spectest;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Config;
import dev.pinion.engine.CustomSection;
import dev.pinion.engine.ExportInfo;
import dev.pinion.engine.ExternType;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.Function;
import dev.pinion.engine.Global;
import dev.pinion.engine.ImportInfo;
import dev.pinion.engine.Imports;
import dev.pinion.engine.Instance;
import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.LinkException;
import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Table;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmModule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A stand-in engine for testing the runner's own logic: a "module file" holds one word saying how the module
 * behaves (compiles or not, links or not, traps at start), and every instance exports the same small set of
 * functions with scripted behaviour (arithmetic, chosen result bits, each kind of trap, engine bugs, a hang).
 */
final class FakeEngine {
    /** Every set of imports a module was instantiated with, in order. */
    final List<Imports> instantiations = new ArrayList<>();
    int compilations;

    WasmModule compile(byte[] bytes, Config config) {
        compilations++;
        String behaviour = new String(bytes, StandardCharsets.UTF_8).trim();
        return switch (behaviour) {
            case "malformed" -> throw new MalformedModuleException("unexpected end", 3);
            case "invalid" -> throw new InvalidModuleException("type mismatch", 10);
            case "decoder-bug" -> throw new ArrayIndexOutOfBoundsException("Index 8 out of bounds for length 8");
            default -> new Module(behaviour);
        };
    }

    private final class Module implements WasmModule {
        private final String behaviour;

        Module(String behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public Instance instantiate(Imports imports) {
            instantiations.add(imports);
            return switch (behaviour) {
                case "unknown-import" -> throw new LinkException("unknown import: spectest.nothing");
                case "incompatible-import" -> throw new LinkException("incompatible import type: spectest.memory");
                case "start-trap" -> throw new Trap(Trap.Kind.UNREACHABLE);
                default -> new FakeInstance(this);
            };
        }

        // Metadata the runner never asks for.
        @Override public Config config() { return Config.DEFAULT; }
        @Override public String name() { return null; }
        @Override public List<ImportInfo> imports() { return List.of(); }
        @Override public List<ExportInfo> exports() { return List.of(); }
        @Override public List<CustomSection> customSections() { return List.of(); }
        @Override public byte[] customSection(String name) { return null; }
        @Override public int definedFunctionCount() { return 0; }
        @Override public int byteSize() { return 0; }
        @Override public List<FuncType> functionTypes() { return List.of(); }
        @Override public List<ExternType.Memory> memories() { return List.of(); }
        @Override public List<ExternType.Table> tables() { return List.of(); }
        @Override public List<ExternType.Global> globals() { return List.of(); }
        @Override public String functionName(int index) { return null; }
    }

    private static final class FakeInstance implements Instance {
        private final WasmModule module;
        private final Map<String, Object> exports = new LinkedHashMap<>();
        private int counter;

        FakeInstance(WasmModule module) {
            this.module = module;
            ValType[] none = {};
            raw("add", FuncType.of(new ValType[] {ValType.I32, ValType.I32}, ValType.I32),
                    a -> new long[] {(int) a[0] + (int) a[1]});
            raw("f32.bits", FuncType.of(new ValType[] {ValType.I32}, ValType.F32), a -> new long[] {a[0]});
            raw("f64.bits", FuncType.of(new ValType[] {ValType.I64}, ValType.F64), a -> new long[] {a[0]});
            raw("count", FuncType.of(none, ValType.I32), a -> new long[] {++counter});
            raw("unreachable", FuncType.of(none), a -> { throw new Trap(Trap.Kind.UNREACHABLE); });
            raw("table-oob", FuncType.of(none), a -> { throw new Trap(Trap.Kind.OUT_OF_BOUNDS_TABLE); });
            raw("memory-oob", FuncType.of(none), a -> { throw new Trap(Trap.Kind.OUT_OF_BOUNDS_MEMORY); });
            raw("exhaust", FuncType.of(none), a -> { throw new Trap(Trap.Kind.CALL_STACK_EXHAUSTED); });
            raw("engine-bug", FuncType.of(none), a -> { throw new NullPointerException("frame is null"); });
            raw("overflow", FuncType.of(none), a -> { throw new StackOverflowError(); });
            raw("hang", FuncType.of(none), a -> {
                while (!Thread.currentThread().isInterrupted()) Thread.onSpinWait();
                return new long[0];
            });
            raw("wrong-count", FuncType.of(none, ValType.I32), a -> new long[0]);
            typed("id", FuncType.of(new ValType[] {ValType.EXTERNREF}, ValType.EXTERNREF), a -> new Object[] {a[0]});
            typed("fresh", FuncType.of(none, ValType.EXTERNREF), a -> new Object[] {new Object()});
            typed("self", FuncType.of(none, ValType.FUNCREF), a -> new Object[] {exports.get("self")});
            typed("null-func", FuncType.of(none, ValType.FUNCREF), a -> new Object[] {null});
            exports.put("g", new FakeGlobal(ValType.I32, 42));
        }

        private void raw(String name, FuncType type, UnaryOperator<long[]> body) {
            exports.put(name, new FakeFunction(type, body, null));
        }

        private void typed(String name, FuncType type, UnaryOperator<Object[]> body) {
            exports.put(name, new FakeFunction(type, null, body));
        }

        @Override public WasmModule module() { return module; }
        @Override public Object export(String name) { return exports.get(name); }
        @Override public Map<String, Object> exports() { return exports; }
        @Override public Function function(String name) { return (Function) exports.get(name); }
        @Override public Memory memory(String name) { return null; }
        @Override public Memory memory() { return null; }
        @Override public Global global(String name) { return (Global) exports.get(name); }
        @Override public Table table(String name) { return null; }
    }

    /** Numbers-only functions answer {@link #call}; functions with references answer {@link #invoke}. */
    private record FakeFunction(FuncType type, UnaryOperator<long[]> raw, UnaryOperator<Object[]> typed)
            implements Function {
        @Override
        public long[] call(long... args) {
            if (raw == null) throw new UnsupportedOperationException("typed function called raw");
            return raw.apply(args);
        }

        @Override
        public long[] call(CallLimits limits, long... args) {
            return call(args);
        }

        @Override
        public Object[] invoke(Object... args) {
            if (typed == null) throw new UnsupportedOperationException("raw function called typed");
            return typed.apply(args);
        }

        @Override
        public String toString() {
            return "fake function " + type;
        }
    }

    private record FakeGlobal(ValType type, long bits) implements Global {
        @Override public boolean mutable() { return false; }
        @Override public long get() { return bits; }
        @Override public long getHigh() { return 0; }
        @Override public void set(long value) { throw new UnsupportedOperationException(); }
        @Override public Object getRef() { return null; }
        @Override public void setRef(Object ref) { throw new UnsupportedOperationException(); }
    }
}
