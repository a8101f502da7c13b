package dev.pinion.wasi;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.pinion.engine.Caller;
import dev.pinion.engine.Limits;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmExit;
import dev.pinion.wasi.internal.Preview1;
import dev.pinion.wasi.internal.WasiContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs modules on Chicory with Pinion's preview1 host functions plugged in (not Chicory's own WASI): an
 * independent engine to drive our WASI layer with real compiled programs. Test scope only.
 */
final class ChicoryRunner implements GuestRunner {
    @Override
    public String name() {
        return "chicory";
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public int run(byte[] wasm, WasiConfig config) {
        WasiContext ctx = new WasiContext(config);
        Instance[] self = new Instance[1];
        Caller caller = new ChicoryCaller(self);
        List<ImportFunction> fns = new ArrayList<>();
        for (Preview1.Binding b : Preview1.bindings(ctx)) {
            List<com.dylibso.chicory.wasm.types.ValType> params = new ArrayList<>(), results = new ArrayList<>();
            b.type().params().forEach(t -> params.add(map(t)));
            b.type().results().forEach(t -> results.add(map(t)));
            int nResults = results.size();
            fns.add(new HostFunction(Preview1.MODULE, b.name(), params, results, (inst, args) -> {
                long[] stack = new long[Math.max(1, args.length)];
                System.arraycopy(args, 0, stack, 0, args.length);
                b.function().call(caller, stack, 0);
                return nResults == 0 ? null : new long[] {stack[0]};
            }));
        }
        try {
            Instance instance = Instance.builder(Parser.parse(wasm))
                    .withImportValues(ImportValues.builder().withFunctions(fns).build())
                    .withStart(false).build();
            self[0] = instance;
            instance.export("_start").apply();
            return 0;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof WasmExit exit) return exit.exitCode();
            }
            throw e;
        } finally {
            ctx.fds.closeAll();
        }
    }

    private static com.dylibso.chicory.wasm.types.ValType map(ValType t) {
        return switch (t) {
            case I32 -> com.dylibso.chicory.wasm.types.ValType.I32;
            case I64 -> com.dylibso.chicory.wasm.types.ValType.I64;
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    private record ChicoryCaller(Instance[] self) implements Caller {
        @Override public dev.pinion.engine.Instance instance() { return null; }
        @Override public Memory memory() { return new ChicoryMemory(self[0].memory()); }
        @Override public Object refToObject(long ref) { return null; }
        @Override public long objectToRef(Object ref) { return 0; }
    }

    /** Pinion's Memory contract over Chicory's memory: bounds failures are Pinion traps. */
    private record ChicoryMemory(com.dylibso.chicory.runtime.Memory m) implements Memory {
        private int at(long addr, long len) {
            if (addr < 0 || len < 0 || addr + len > byteSize()) throw new Trap(Trap.Kind.OUT_OF_BOUNDS_MEMORY);
            return (int) addr;
        }

        @Override public Limits limits() { return new Limits(m.initialPages(), m.maximumPages()); }
        @Override public int pages() { return m.pages(); }
        @Override public long byteSize() { return (long) m.pages() * PAGE_SIZE; }
        @Override public int grow(int delta) { return m.grow(delta); }
        @Override public byte readByte(long a) { return m.read(at(a, 1)); }
        @Override public short readShort(long a) { return m.readShort(at(a, 2)); }
        @Override public int readInt(long a) { return m.readInt(at(a, 4)); }
        @Override public long readLong(long a) { return m.readLong(at(a, 8)); }
        @Override public float readFloat(long a) { return Float.intBitsToFloat(readInt(a)); }
        @Override public double readDouble(long a) { return Double.longBitsToDouble(readLong(a)); }
        @Override public void writeByte(long a, byte v) { m.writeByte(at(a, 1), v); }
        @Override public void writeShort(long a, short v) { m.writeShort(at(a, 2), v); }
        @Override public void writeInt(long a, int v) { m.writeI32(at(a, 4), v); }
        @Override public void writeLong(long a, long v) { m.writeLong(at(a, 8), v); }
        @Override public void writeFloat(long a, float v) { writeInt(a, Float.floatToRawIntBits(v)); }
        @Override public void writeDouble(long a, double v) { writeLong(a, Double.doubleToRawLongBits(v)); }
        @Override public void read(long a, byte[] d, int o, int l) { System.arraycopy(m.readBytes(at(a, l), l), 0, d, o, l); }
        @Override public void write(long a, byte[] s, int o, int l) { m.write(at(a, l), s, o, l); }
        @Override public void fill(long a, byte v, long l) { m.fill(v, at(a, l), (int) (a + l)); }
    }
}
