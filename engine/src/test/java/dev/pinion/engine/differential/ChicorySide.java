package dev.pinion.engine.differential;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.ValType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference side: one module instantiated on Chicory's interpreter with the same logging imports. Calls run
 * on a worker thread so a runaway call can be abandoned after a timeout (Chicory checks thread interruption).
 */
final class ChicorySide implements AutoCloseable {
    private static final long NULL_REF = -1;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chicory-differential");
        t.setDaemon(true);
        return t;
    });
    private final Instance instance;
    private final Duration timeout;

    ChicorySide(byte[] wasm, List<Values.Raw> log, Duration timeout) {
        this.timeout = timeout;
        ImportValues.Builder imports = ImportValues.builder();
        for (ValType t : List.of(ValType.I32, ValType.I64, ValType.F32, ValType.F64)) {
            imports.addFunction(new HostFunction("fuzzing-support", "log-" + t.wasmName(),
                    FunctionType.of(List.of(chicoryType(t)), List.of()),
                    (inst, args) -> {
                        log.add(Values.Raw.of(t, args[0]));
                        return null;
                    }));
        }
        this.instance = Instance.builder(Parser.parse(wasm)).withImportValues(imports.build()).build();
    }

    DifferentialTest.Outcome call(String export, FuncType type) {
        long[] args = type.params().stream().mapToLong(t -> t.isReference() ? NULL_REF : 0L).toArray();
        Future<long[]> pending = worker.submit(() -> instance.export(export).apply(args));
        try {
            long[] results = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<Values.Raw> raw = new ArrayList<>();
            for (int i = 0; i < type.results().size(); i++) {
                ValType t = type.results().get(i);
                raw.add(Values.Raw.of(t, results[i]));
            }
            return DifferentialTest.Outcome.returned(raw);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return DifferentialTest.Outcome.exhausted("timeout");
        } catch (ExecutionException e) {
            // Any failure of the call (TrapException, ChicoryException, StackOverflowError) counts as a trap.
            return DifferentialTest.Outcome.trapped(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Chicory", e);
        }
    }

    private static com.dylibso.chicory.wasm.types.ValType chicoryType(ValType t) {
        return switch (t) {
            case I32 -> com.dylibso.chicory.wasm.types.ValType.I32;
            case I64 -> com.dylibso.chicory.wasm.types.ValType.I64;
            case F32 -> com.dylibso.chicory.wasm.types.ValType.F32;
            case F64 -> com.dylibso.chicory.wasm.types.ValType.F64;
            default -> throw new IllegalArgumentException("no logging import of type " + t);
        };
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
