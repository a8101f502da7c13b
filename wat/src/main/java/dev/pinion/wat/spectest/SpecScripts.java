package dev.pinion.wat.spectest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds spec test scripts on disk: {@code .wast} files and the {@code .json} files wast2json makes of them.
 */
public final class SpecScripts {
    private SpecScripts() {}

    /**
     * The script at {@code path} if it is a file, or the scripts under it (recursively), sorted by path so runs
     * and reports are in a stable order. A script present in both forms (X.json beside X.wast, as in the
     * converted suite) is taken once: as JSON, or as {@code .wast} if {@code preferWast}.
     *
     * @throws NoSuchFileException if nothing exists at {@code path}
     */
    public static List<Path> find(Path path, boolean preferWast) throws IOException {
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no such file or directory");
        if (!Files.isDirectory(path)) return List.of(path);
        List<Path> all;
        try (Stream<Path> files = Files.walk(path)) {
            all = files.filter(p -> Files.isRegularFile(p) && (isJson(p) || isWast(p))).sorted().toList();
        }
        java.util.Set<Path> present = new java.util.HashSet<>(all);
        return all.stream().filter(p -> {
            Path other = p.resolveSibling(stem(p) + (isJson(p) ? ".wast" : ".json"));
            if (!present.contains(other)) return true;
            return isWast(p) == preferWast;
        }).toList();
    }

    /** The JSON scripts under {@code path} (and {@code .wast} scripts that have no JSON beside them). */
    public static List<Path> find(Path path) throws IOException {
        return find(path, false);
    }

    public static boolean isWast(Path p) {
        return p.getFileName().toString().endsWith(".wast");
    }

    private static boolean isJson(Path p) {
        return p.getFileName().toString().endsWith(".json");
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
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
