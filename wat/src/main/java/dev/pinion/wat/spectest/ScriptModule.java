package dev.pinion.wat.spectest;

import dev.pinion.wat.WatException;
import dev.pinion.wat.WatModule;

/** A module written in a {@code .wast} script, turned into bytes only when its command runs. */
public sealed interface ScriptModule {

    /** Produces the module; a {@link WatException} means the text is malformed. */
    @FunctionalInterface
    interface Loader {
        WatModule load() throws WatException;
    }

    /**
     * A module given in the script: {@code (module ...)}, {@code (module binary ...)} or
     * {@code (module quote ...)}.
     *
     * @param form "text", "binary" or "quote"
     */
    record Given(String form, Loader loader) implements ScriptModule {}

    /** {@code (module instance $I $D)}: a new instance of the module defined as {@code $D}. */
    record InstanceOf(String definition) implements ScriptModule {}
}
