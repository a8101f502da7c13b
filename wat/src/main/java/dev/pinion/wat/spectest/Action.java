package dev.pinion.wat.spectest;

import java.util.List;

/**
 * What an action command does: {@code "invoke"} an exported function with {@code args}, or {@code "get"} the
 * value of an exported global.
 *
 * @param module the {@code $name} of the target module, or null for the current (most recent) module
 * @param field  the export name (any UTF-8 string)
 * @param args   invoke arguments (absent for {@code get})
 */
public record Action(String type, String module, String field, List<Value> args) {
    public Action {
        args = args == null ? List.of() : args;
    }
}
