package dev.pinion.runtime.supervisor;

import java.util.Objects;

/** One call waiting for a module: which handler export to call, with which event. */
public record Invocation(String export, Event event) {
    public Invocation {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(event, "event");
    }
}
