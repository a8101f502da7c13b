package dev.pinion.iot.internal;

import dev.pinion.device.DeviceException;
import dev.pinion.engine.Caller;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.HostFunction;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmExit;
import dev.pinion.wasi.internal.Errno;
import dev.pinion.wasi.internal.NoMemory;
import dev.pinion.wasi.internal.WasiError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of every pinion_* function (import module, name, parameter signature) and the one wrapper that turns
 * whatever a call throws into an errno, like {@code Preview1}: a guest can make a device call fail, never crash
 * the host. Every function returns an i32 errno (preview1 numbering); results go through guest pointers.
 */
public final class IotCalls {
    /** {module, function, params ('i' = i32, 'l' = i64)}, in dispatch order. */
    static final String[][] FUNCTIONS = {
        {"pinion_gpio", "open", "iiii"}, {"pinion_gpio", "close", "i"}, {"pinion_gpio", "write", "ii"},
        {"pinion_gpio", "read", "ii"}, {"pinion_gpio", "wait_edge", "ili"},
        {"pinion_sensor", "open", "iii"}, {"pinion_sensor", "close", "i"}, {"pinion_sensor", "read", "ii"},
        {"pinion_sensor", "unit", "iiii"},
        {"pinion_i2c", "open", "iii"}, {"pinion_i2c", "close", "i"}, {"pinion_i2c", "write", "iii"},
        {"pinion_i2c", "read", "iii"}, {"pinion_i2c", "write_read", "iiiii"},
        {"pinion_spi", "open", "iii"}, {"pinion_spi", "close", "i"}, {"pinion_spi", "transfer", "iiii"},
        {"pinion_serial", "open", "iii"}, {"pinion_serial", "close", "i"}, {"pinion_serial", "write", "iiii"},
        {"pinion_serial", "read", "iiili"},
        {"pinion_log", "write", "iii"},
    };

    private IotCalls() {}

    /** The {module, function, params} rows, for tests and docs. */
    public static List<String[]> signatures() {
        List<String[]> out = new ArrayList<>();
        for (String[] f : FUNCTIONS) out.add(f.clone());
        return out;
    }

    /** A pinion_* function ready to register: import module, name, type and raw host function. */
    public record Binding(String module, String name, FuncType type, HostFunction function) {}

    public static List<Binding> bindings(IotContext ctx) {
        List<Binding> out = new ArrayList<>(FUNCTIONS.length);
        for (int id = 0; id < FUNCTIONS.length; id++) {
            String sig = FUNCTIONS[id][2];
            ValType[] params = new ValType[sig.length()];
            for (int i = 0; i < params.length; i++) params[i] = sig.charAt(i) == 'l' ? ValType.I64 : ValType.I32;
            out.add(new Binding(FUNCTIONS[id][0], FUNCTIONS[id][1], FuncType.of(params, ValType.I32),
                    new Call(id, ctx)));
        }
        return out;
    }

    public static List<HostModule> hostModules(IotContext ctx) {
        Map<String, HostModule.Builder> builders = new LinkedHashMap<>();
        for (Binding f : bindings(ctx))
            builders.computeIfAbsent(f.module(), HostModule::builder).function(f.name(), f.type(), f.function());
        List<HostModule> out = new ArrayList<>();
        for (HostModule.Builder b : builders.values()) out.add(b.build());
        return List.copyOf(out);
    }

    /** One registered function: its row in {@link #FUNCTIONS} and the instance state it works on. */
    private static final class Call implements HostFunction {
        private final int id;
        private final IotContext ctx;

        Call(int id, IotContext ctx) {
            this.id = id;
            this.ctx = ctx;
        }

        @Override
        public void call(Caller caller, long[] s, int b) {
            int errno;
            Memory m = caller == null ? null : caller.memory();
            try {
                errno = dispatch(m == null ? NoMemory.INSTANCE : m, s, b);
            } catch (WasiError e) {
                errno = e.errno();
            } catch (Trap t) {
                // a memory accessor out of bounds: the guest's bad pointer
                errno = t.kind() == Trap.Kind.OUT_OF_BOUNDS_MEMORY ? Errno.EFAULT : Errno.EIO;
            } catch (DeviceFault f) {
                ctx.fault(f.device, f.cause);
                errno = Errno.EIO;
            } catch (WasmExit e) {
                throw e;
            } catch (IllegalArgumentException e) {
                errno = Errno.EINVAL;
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                errno = Errno.EIO;
            }
            s[b] = errno;
        }

        private int dispatch(Memory m, long[] s, int b) {
            IotContext c = ctx;
            return switch (id) {
                case 0 -> GpioCalls.open(c, m, s, b);
                case 1 -> GpioCalls.close(c, s, b);
                case 2 -> GpioCalls.write(c, s, b);
                case 3 -> GpioCalls.read(c, m, s, b);
                case 4 -> GpioCalls.waitEdge(c, m, s, b);
                case 5 -> SensorCalls.open(c, m, s, b);
                case 6 -> SensorCalls.close(c, s, b);
                case 7 -> SensorCalls.read(c, m, s, b);
                case 8 -> SensorCalls.unit(c, m, s, b);
                case 9 -> BusCalls.i2cOpen(c, m, s, b);
                case 10 -> BusCalls.i2cClose(c, s, b);
                case 11 -> BusCalls.i2cWrite(c, m, s, b);
                case 12 -> BusCalls.i2cRead(c, m, s, b);
                case 13 -> BusCalls.i2cWriteRead(c, m, s, b);
                case 14 -> BusCalls.spiOpen(c, m, s, b);
                case 15 -> BusCalls.spiClose(c, s, b);
                case 16 -> BusCalls.spiTransfer(c, m, s, b);
                case 17 -> SerialCalls.open(c, m, s, b);
                case 18 -> SerialCalls.close(c, s, b);
                case 19 -> SerialCalls.write(c, m, s, b);
                case 20 -> SerialCalls.read(c, m, s, b);
                case 21 -> LogCall.write(c, m, s, b);
                default -> throw new IllegalStateException("no pinion function #" + id);
            };
        }
    }

    /** A device's I/O failure on its way to the dispatcher (EIO plus a rate-limited log line). */
    static final class DeviceFault extends RuntimeException {
        final String device;
        final DeviceException cause;

        DeviceFault(String device, DeviceException cause) {
            super(null, null, false, false);
            this.device = device;
            this.cause = cause;
        }
    }
}
