package dev.pinion.runtime.supervisor;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One call waiting for a module: which handler export to call, with which event. {@code done} completes when
 * the call has run, whatever its outcome (so an MQTT QoS 1 message is acknowledged only once its handler ran),
 * or exceptionally when the module was disabled with the call still queued. It never completes for a call
 * left queued at shutdown: its message was not handled and the broker should deliver it again.
 */
public record Invocation(String export, Event event, CompletableFuture<Void> done) {
    public Invocation {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(done, "done");
    }

    public Invocation(String export, Event event) {
        this(export, event, new CompletableFuture<>());
    }
}
