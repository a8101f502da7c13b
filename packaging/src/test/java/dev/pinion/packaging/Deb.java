package dev.pinion.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The package this build made: target/pinion_*_all.deb (the tests run after `package`). */
final class Deb {
    private static DebFile cached;
    private static Path path;

    private Deb() {}

    static synchronized Path path() {
        if (path == null) {
            Path target = Path.of(System.getProperty("pinion.deb.dir", "target"));
            try (Stream<Path> files = Files.list(target)) {
                // The newest: an incremental build leaves older snapshots (their names carry the build minute).
                path = files.filter(p -> p.getFileName().toString().matches("pinion_.*_all\\.deb"))
                        .max(java.util.Comparator.comparing(p -> p.toFile().lastModified()))
                        .orElseThrow(() -> new IllegalStateException("no pinion_*_all.deb in " + target
                                + " (the tests run after jdeb, in the integration-test phase)"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return path;
    }

    static synchronized DebFile file() throws IOException {
        if (cached == null) cached = DebFile.read(path());
        return cached;
    }

    /** Writes the data files (not owners or modes beyond the executable bit) under root, like dpkg-deb -x. */
    static void extract(Path root) throws IOException {
        for (DebFile.Entry e : file().data().values()) {
            Path target = root.resolve(e.path());
            if (e.isDirectory()) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                Files.write(target, e.bytes());
                if ((e.mode() & 0111) != 0) target.toFile().setExecutable(true, false);
            }
        }
    }
}
