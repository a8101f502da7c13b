package dev.pinion.iot.internal;

import dev.pinion.device.Board;
import dev.pinion.engine.Caller;
import dev.pinion.engine.Instance;
import dev.pinion.engine.Interrupt;
import dev.pinion.engine.Limits;
import dev.pinion.engine.Memory;
import dev.pinion.iot.Grants;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays one guest instance in pinion_* tests: a real engine memory of one page, the instance's own handle table,
 * and calls by "module.function" exactly as the engine makes them (arguments on a long[] stack, errno back).
 */
final class IotGuest implements Caller {
    final Memory mem = Memory.create(new Limits(1, 1));
    final IotContext ctx;
    final List<String[]> logLines = new ArrayList<>();
    private final Map<String, IotCalls.Binding> fns = new LinkedHashMap<>();
    private int heap = 1024;

    IotGuest(Board board, Grants grants) {
        this(board, grants, null);
    }

    IotGuest(Board board, Grants grants, Interrupt interrupt) {
        this(board, grants, interrupt, Long.MAX_VALUE);
    }

    IotGuest(Board board, Grants grants, Interrupt interrupt, long maxWaitNanos) {
        ctx = new IotContext(board, grants.resolve(board.description()), "test",
                (level, module, msg) -> logLines.add(new String[] {level.name(), module, msg}), interrupt,
                maxWaitNanos);
        for (IotCalls.Binding b : IotCalls.bindings(ctx)) fns.put(b.module() + "." + b.name(), b);
    }

    List<String> names() {
        return List.copyOf(fns.keySet());
    }

    IotCalls.Binding binding(String name) {
        return fns.get(name);
    }

    int call(String name, long... args) {
        IotCalls.Binding f = fns.get(name);
        if (f == null) throw new IllegalArgumentException(name);
        if (args.length != f.type().params().size())
            throw new IllegalArgumentException(name + " takes " + f.type().params().size() + " args");
        long[] stack = new long[args.length + 4];
        System.arraycopy(args, 0, stack, 2, args.length);
        f.function().call(this, stack, 2);
        return (int) stack[2];
    }

    int alloc(int size) {
        int p = (heap + 7) & ~7;
        heap = p + size;
        return p;
    }

    long[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int p = alloc(b.length + 1);
        mem.write(p, b);
        return new long[] {p, b.length};
    }

    /** Opens {@code module}'s device by name; returns {errno, handle}. */
    int[] open(String module, String name, int... mode) {
        long[] n = str(name);
        int out = alloc(4);
        mem.writeInt(out, -1);
        int e = module.equals("pinion_gpio")
                ? call("pinion_gpio.open", n[0], n[1], mode[0], out)
                : call(module + ".open", n[0], n[1], out);
        return new int[] {e, mem.readInt(out)};
    }

    int handle(String module, String name, int... mode) {
        int[] r = open(module, name, mode);
        if (r[0] != 0) throw new AssertionError(module + ".open " + name + " errno " + r[0]);
        return r[1];
    }

    @Override public Instance instance() { return null; }

    @Override public Memory memory() { return mem; }

    @Override public Object refToObject(long ref) { return null; }

    @Override public long objectToRef(Object ref) { return 0; }
}
