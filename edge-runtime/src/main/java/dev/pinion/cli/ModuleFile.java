package dev.pinion.cli;

import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.WasmModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads a module file named on the command line, binary or text (WAT). Every way it can fail becomes one line on
 * stderr that names the file and what was wrong: the I/O error, the line and column of malformed text, or the
 * stage (malformed/invalid), the spec's reason and the byte offset.
 */
final class ModuleFile {
    private static final System.Logger LOG = System.getLogger("dev.pinion.cli");

    private ModuleFile() {}

    /** Read, decode and validate {@code path}; on failure print why to {@code err} and return null. */
    static WasmModule compile(Path path, PrintWriter err) {
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                err.println(path + ": is a directory, not a module file");
                return null;
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            err.println(path + ": no such file");
            return null;
        } catch (IOException e) {
            err.println(path + ": cannot read: " + e.getMessage());
            return null;
        }
        long start = System.nanoTime();
        if (!TextModuleInput.isBinary(bytes) && TextModuleInput.isText(path, bytes)) {
            bytes = TextModuleInput.toBinary(path, bytes, err::println);
            if (bytes == null) return null;
        }
        try {
            WasmModule module = WasmModule.compile(bytes);
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1} bytes decoded, validated and lowered in {2} ms",
                    path, bytes.length, (System.nanoTime() - start) / 1_000_000);
            return module;
        } catch (MalformedModuleException e) {
            err.println(path + ": malformed: " + e.reason() + atOffset(e.offset()));
        } catch (InvalidModuleException e) {
            err.println(path + ": invalid: " + e.reason() + atOffset(e.offset()));
        }
        return null;
    }

    /** " at byte offset 123 (0x7b)", or nothing for a fault not tied to one place (offset -1). */
    static String atOffset(long offset) {
        return offset < 0 ? "" : " at byte offset " + offset + " (0x" + Long.toHexString(offset) + ")";
    }
}
