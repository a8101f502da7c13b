package dev.pinion.engine.internal.binary;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.engine.spectest.Script;
import dev.pinion.engine.spectest.Testsuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Access to the core spec test suite converted by wast2json ({@link Testsuite}: skipped when absent): the
 * command lists of every non-SIMD core script. SIMD scripts are left out because this engine does not
 * implement SIMD (it rejects such modules as "SIMD not supported").
 */
public final class SpecSuite {
    private SpecSuite() {}

    /**
     * One command of a script (read into the harness's own {@link Script} records, so the JSON is mapped in one
     * place), with the directory its module file lives in.
     */
    public record Command(String script, Path dir, dev.pinion.engine.spectest.Command command) {
        public String type() {
            return command.type();
        }

        public int line() {
            return command.line();
        }

        public String name() {
            return script + ":" + line();
        }

        public boolean isBinary() {
            return command.filename() != null
                    && (command.module_type() == null || command.module_type().equals("binary"));
        }

        public Path file() {
            return dir.resolve(command.filename());
        }

        public byte[] bytes() {
            try {
                return Files.readAllBytes(file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String text() {
            return command.text();
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
                for (dev.pinion.engine.spectest.Command c : mapper.readValue(json.toFile(), Script.class).commands()) {
                    all.add(new Command(name + ".wast", dir, c));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    /** The module binaries of all {@code module} commands of non-SIMD core scripts. */
    public static List<Path> validModules() {
        return coreCommands().stream().filter(c -> c.type().equals("module")).map(Command::file).toList();
    }
}
