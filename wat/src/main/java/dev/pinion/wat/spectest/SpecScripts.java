package dev.pinion.wat.spectest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds spec test scripts ({@code .json} files written by wast2json) on disk. */
public final class SpecScripts {
    private SpecScripts() {}

    /**
     * The script at {@code path} if it is a file, or every {@code .json} file under it (recursively), sorted by
     * path so runs and reports are in a stable order.
     *
     * @throws NoSuchFileException if nothing exists at {@code path}
     */
    public static List<Path> find(Path path) throws IOException {
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no such file or directory");
        if (!Files.isDirectory(path)) return List.of(path);
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }

    /** The {@code .wast} file a script was converted from: beside it, named by its {@code source_filename}. */
    public static Path wastFile(Path json, Script script) {
        String source = script.source_filename();
        if (source == null || source.isEmpty()) {
            String name = json.getFileName().toString();
            source = name.substring(0, name.length() - ".json".length()) + ".wast";
        }
        return json.resolveSibling(source);
    }
}
