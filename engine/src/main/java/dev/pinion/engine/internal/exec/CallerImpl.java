package dev.pinion.engine.internal.exec;

import dev.pinion.engine.Caller;
import dev.pinion.engine.Instance;
import dev.pinion.engine.Memory;

/** The one reusable {@link Caller} of a thread; {@link #instance} is swapped around each host call. */
public final class CallerImpl implements Caller {
    private final ExecContext ctx;
    public InstanceImpl instance;

    CallerImpl(ExecContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Instance instance() {
        return instance;
    }

    @Override
    public Memory memory() {
        return instance == null ? null : instance.memory();
    }

    @Override
    public Object refToObject(long ref) {
        return ctx.deref(ref);
    }

    @Override
    public long objectToRef(Object ref) {
        return ctx.ref(ref);
    }
}
