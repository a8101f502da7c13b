package dev.pinion.engine.internal.binary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.testkit.Testsuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Access to the core spec test suite converted by wast2json ({@link Testsuite}: skipped when absent): the
 * command lists of the core scripts, the non-SIMD ones ({@link #coreCommands}) and the simd_* ones
 * ({@link #simdCommands}) apart, so counts and failures of each can be told apart.
 */
public final class SpecSuite {
    private SpecSuite() {}

    /**
     * One command of a script: the few wast2json fields the engine's own tests look at (the spec-script runner
     * and its full records live in the {@code wat} module, which depends on the engine, not the other way), with
     * the directory its module file lives in.
     */
    public record Command(String script, Path dir, String type, int line, String filename, String moduleType,
                          String text) {
        public String name() {
            return script + ":" + line();
        }

        public boolean isBinary() {
            return filename != null && (moduleType == null || moduleType.equals("binary"));
        }

        public Path file() {
            return dir.resolve(filename);
        }

        public byte[] bytes() {
            try {
                return Files.readAllBytes(file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static Path coreDir() {
        return Testsuite.core();
    }

    /** The core script directories, without (or only, if {@code simd}) the simd_* ones, sorted by name. */
    public static List<Path> coreScripts(boolean simd) {
        try (Stream<Path> dirs = Files.list(coreDir())) {
            return dirs.filter(Files::isDirectory)
                    .filter(d -> d.getFileName().toString().startsWith("simd_") == simd)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All commands of all non-SIMD core scripts, in order. */
    public static List<Command> coreCommands() {
        return commands(false);
    }

    /** All commands of the SIMD core scripts, in order. */
    public static List<Command> simdCommands() {
        return commands(true);
    }

    private static List<Command> commands(boolean simd) {
        ObjectMapper mapper = new ObjectMapper();
        List<Command> all = new ArrayList<>();
        for (Path dir : coreScripts(simd)) {
            String name = dir.getFileName().toString();
            Path json = dir.resolve(name + ".json");
            if (!Files.exists(json)) continue;
            try {
                for (JsonNode c : mapper.readTree(json.toFile()).path("commands")) {
                    all.add(new Command(name + ".wast", dir, c.path("type").asText(), c.path("line").asInt(),
                            textOrNull(c, "filename"), textOrNull(c, "module_type"), textOrNull(c, "text")));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    private static String textOrNull(JsonNode command, String key) {
        JsonNode n = command.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The module binaries of all {@code module} commands of the core scripts, SIMD ones included. */
    public static List<Path> validModules() {
        return java.util.stream.Stream.concat(coreCommands().stream(), simdCommands().stream())
                .filter(c -> c.type().equals("module") && c.isBinary()).map(Command::file).toList();
    }
}
