package dev.pinion.wat.spectest;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs the engine's work for one script on a thread of its own, for two reasons:
 * <ul>
 *   <li>a generous, known stack: the scripts recurse thousands of calls deep on purpose, and the harness checks
 *       Wasm semantics, not the default thread stack of whatever JVM runs it;</li>
 *   <li>a watchdog: an engine bug that loops forever costs one command (reported as failed), not the run. The
 *       stuck thread cannot be killed; it is interrupted, abandoned (daemon) and replaced by a fresh one.</li>
 * </ul>
 * Whatever the work throws, including errors such as StackOverflowError, is rethrown on the caller's thread.
 */
final class EngineThread implements AutoCloseable {

    /** The work did not finish within the time limit. */
    static final class TimedOut extends RuntimeException {
        TimedOut(Duration limit) {
            super("did not finish within " + limit.toMillis() + " ms (engine hang?); its thread was abandoned");
        }
    }

    private final Duration timeout;
    private final long stackSize;
    private ExecutorService executor;

    EngineThread(Duration timeout, long stackSize) {
        this.timeout = timeout;
        this.stackSize = stackSize;
    }

    <T> T call(Supplier<T> work) {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(
                    task -> {
                        Thread t = new Thread(null, task, "spectest-engine", stackSize);
                        t.setDaemon(true);
                        return t;
                    });
        }
        Future<T> future = executor.submit(work::get);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            executor.shutdownNow();
            executor = null;
            throw new TimedOut(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the engine", e);
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
