package dev.pinion.engine;

/** Imports could not be resolved (spec: "unlinkable": "unknown import", "incompatible import type"). */
public final class LinkException extends WasmException {
    public LinkException(String message) {
        super(message);
    }
}
