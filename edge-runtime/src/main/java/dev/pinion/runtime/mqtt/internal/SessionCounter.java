package dev.pinion.runtime.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The session counter in the state directory: one more on every start of the gateway, so the birth and Will
 * messages say which run they belong to and an operator can see restarts on the state topic.
 */
public final class SessionCounter {
    private SessionCounter() {}

    /** Reads, increments and durably writes the counter; returns the new value (1 on the first start). */
    public static long next(Path stateDir) throws IOException {
        Path file = stateDir.resolve("session");
        long value = 0;
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException("session counter " + file + " is not a number: '" + text + "'");
            }
        }
        long next = value + 1;
        DurableFiles.write(file, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
        return next;
    }
}
