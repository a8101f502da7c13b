package dev.pinion.wat.spectest;

import java.util.List;

/**
 * One spec test script as {@code wast2json} writes it: {@code {"source_filename": "x.wast", "commands": [...]}}.
 *
 * <p>The records of this package mirror the JSON one to one: every component is named exactly like its JSON key
 * (hence the snake_case names), so a JSON library that maps records by component name (Jackson 2.12+) reads a
 * file straight into them without annotations or naming configuration. The engine has no runtime dependencies,
 * so the reading itself is the caller's (the engine's spec-suite test and the {@code pinion spectest} command).
 *
 * @param source_filename the {@code .wast} file the script was converted from, e.g. {@code "i32.wast"}
 * @param commands        the commands in script order
 */
public record Script(String source_filename, List<Command> commands) {
    public Script {
        commands = commands == null ? List.of() : List.copyOf(commands);
    }
}
