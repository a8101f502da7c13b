package dev.pinion.runtime.supervisor;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.ExportInfo;
import dev.pinion.engine.ExternType;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.Function;
import dev.pinion.engine.Instance;
import dev.pinion.engine.Memory;
import dev.pinion.engine.WasmModule;
import java.nio.charset.StandardCharsets;

/**
 * Calls a handler export with an event, following the trigger ABI of docs/abi.md: the event's bytes go into
 * one buffer the guest allocates with {@code pinion_alloc(len)}; the handler gets pointers and lengths into it;
 * afterwards the host gives the buffer back with {@code pinion_free(ptr)} when the module exports it.
 */
final class HandlerCall {
    static final String ALLOC = "pinion_alloc";
    static final String FREE = "pinion_free";

    private static final FuncType ALLOC_TYPE = FuncType.of(new dev.pinion.engine.ValType[] {dev.pinion.engine.ValType.I32},
            dev.pinion.engine.ValType.I32);
    private static final FuncType FREE_TYPE = FuncType.of(new dev.pinion.engine.ValType[] {dev.pinion.engine.ValType.I32});

    /** The event could not be handed to the guest (its allocator failed); the instance itself is fine. */
    static final class DeliveryException extends RuntimeException {
        DeliveryException(String message) {
            super(message, null, false, false);
        }
    }

    private HandlerCall() {}

    /**
     * Checks, before any instance exists, that the module exports every handler with the ABI's type and the
     * allocator when a handler needs one.
     *
     * @throws IllegalArgumentException naming the export and the type it should have
     */
    static void checkExports(String moduleName, WasmModule module, Iterable<Handler> handlers) {
        boolean needsAllocator = false;
        for (Handler h : handlers) {
            checkFunction(moduleName, module, h.export(), h.kind().type(), h.kind().label() + " handler");
            needsAllocator |= h.kind().needsAllocator();
        }
        if (needsAllocator) {
            checkFunction(moduleName, module, ALLOC, ALLOC_TYPE, "allocator its message and edge handlers need");
            FuncType free = exportedType(module, FREE);
            if (free != null && !free.equals(FREE_TYPE)) {
                throw new IllegalArgumentException("module " + moduleName + ": export " + FREE + " has type " + free
                        + ", the ABI's is " + FREE_TYPE);
            }
            boolean memory = false;
            for (ExportInfo e : module.exports()) memory |= e.type() instanceof ExternType.Memory;
            if (!memory) throw new IllegalArgumentException("module " + moduleName + " exports no memory, which its handlers need");
        }
    }

    private static void checkFunction(String moduleName, WasmModule module, String name, FuncType type, String role) {
        FuncType actual = exportedType(module, name);
        if (actual == null) {
            throw new IllegalArgumentException("module " + moduleName + " does not export " + name + " (the " + role + ")");
        }
        if (!actual.equals(type)) {
            throw new IllegalArgumentException("module " + moduleName + ": export " + name + " has type " + actual
                    + ", the " + role + " must be " + type);
        }
    }

    private static FuncType exportedType(WasmModule module, String name) {
        for (ExportInfo e : module.exports()) {
            if (e.name().equals(name) && e.type() instanceof ExternType.Func f) return f.type();
        }
        return null;
    }

    /** Runs the handler and returns its status (0 = handled). Traps propagate. */
    static int call(Instance instance, Invocation inv, CallLimits limits) {
        Function handler = instance.function(inv.export());
        return switch (inv.event()) {
            case Event.Timer t -> (int) handler.call(limits)[0];
            case Event.Message m -> {
                byte[] topic = m.topic().getBytes(StandardCharsets.UTF_8);
                yield withBuffer(instance, limits, topic, m.payload(), ptr -> (int) handler.call(limits,
                        ptr, topic.length, ptr + topic.length, m.payload().length)[0]);
            }
            case Event.Edge e -> {
                byte[] device = e.device().getBytes(StandardCharsets.UTF_8);
                yield withBuffer(instance, limits, device, new byte[0], ptr -> (int) handler.call(limits,
                        ptr, device.length, e.rising() ? 1 : 0, e.timestampNanos())[0]);
            }
        };
    }

    private interface BufferUser {
        int run(long ptr);
    }

    private static int withBuffer(Instance instance, CallLimits limits, byte[] a, byte[] b, BufferUser user) {
        int len = a.length + b.length;
        long ptr = instance.function(ALLOC).call(limits, len)[0] & 0xFFFF_FFFFL;
        if (ptr == 0) throw new DeliveryException(ALLOC + "(" + len + ") returned 0 (the module is out of memory)");
        Memory memory = instance.memory();
        if (ptr + len > memory.byteSize()) {
            throw new DeliveryException(ALLOC + "(" + len + ") returned " + ptr + ", past the end of memory ("
                    + memory.byteSize() + " bytes)");
        }
        memory.write(ptr, a);
        memory.write(ptr + a.length, b);
        int status = user.run(ptr);
        Object free = instance.export(FREE);
        if (free instanceof Function f) f.call(limits, ptr);
        return status;
    }
}
