package dev.pinion.wat.spectest;

import java.util.List;

/**
 * One command of a {@link Script}. wast2json writes all kinds into one flat object distinguished by {@code type};
 * which of the other fields are present depends on it (absent ones are null):
 *
 * <ul>
 *   <li>{@code module}: {@code filename}, optional {@code name} (e.g. {@code "$M1"})</li>
 *   <li>{@code register}: {@code as}, optional {@code name} (default: the current module)</li>
 *   <li>{@code action}, {@code assert_return}, {@code assert_trap}, {@code assert_exhaustion},
 *       {@code assert_exception}: {@code action}, {@code expected}; the traps also {@code text}</li>
 *   <li>{@code assert_invalid}, {@code assert_malformed}, {@code assert_unlinkable},
 *       {@code assert_uninstantiable}: {@code filename}, {@code text}, {@code module_type}
 *       ({@code "binary"} or {@code "text"})</li>
 * </ul>
 *
 * <p>Commands read from a {@code .wast} file (by {@link WastReader}) carry their module in {@code module}
 * instead of a file; {@code filename} then names the script position for messages. wast2json has no such key,
 * so JSON-read commands have it null.
 *
 * @param line   the command's line in the {@code .wast} file
 * @param module the module of a {@code module} or {@code assert_*} module command read from a {@code .wast}
 *               file, or null
 */
public record Command(String type, int line, String filename, String name, String as, Action action,
                      List<Value> expected, String text, String module_type, ScriptModule module) {

    /** A command as wast2json describes it (no in-memory module). */
    public Command(String type, int line, String filename, String name, String as, Action action,
                   List<Value> expected, String text, String module_type) {
        this(type, line, filename, name, as, action, expected, text, module_type, null);
    }

    /** True for the {@code assert_*} commands, the ones that yield a pass/fail/skip result of their own. */
    public boolean isAssertion() {
        return type != null && type.startsWith("assert_");
    }

    /** True if the action's arguments or the expected results use the SIMD type v128. */
    public boolean usesV128() {
        if (expected != null && expected.stream().anyMatch(Value::isV128)) return true;
        return action != null && action.args() != null && action.args().stream().anyMatch(Value::isV128);
    }
}
