package dev.pinion.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a module file named on the command line, turning I/O failures into one clear sentence. */
final class ModuleFile {
    private ModuleFile() {}

    /** Thrown when the file cannot be read; the message names the file and the cause. */
    static final class UnreadableException extends Exception {
        UnreadableException(String message) {
            super(message);
        }
    }

    static byte[] read(Path path) throws UnreadableException {
        try {
            if (Files.isDirectory(path)) throw new UnreadableException(path + ": is a directory, not a module file");
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UnreadableException(path + ": no such file");
        } catch (IOException e) {
            throw new UnreadableException(path + ": cannot read: " + e.getMessage());
        }
    }
}
