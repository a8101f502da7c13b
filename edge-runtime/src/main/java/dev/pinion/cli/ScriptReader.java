package dev.pinion.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pinion.wat.spectest.Script;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a wast2json spec test script. The engine's script records are named after the JSON keys, so a plain
 * ObjectMapper maps the file straight into them; unknown keys are errors, so a format change is noticed.
 */
final class ScriptReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptReader() {}

    /** The script in {@code json}, or an IOException naming the file and what is wrong with it. */
    static Script read(Path json) throws IOException {
        try {
            return JSON.readValue(json.toFile(), Script.class);
        } catch (JacksonException e) {
            throw new IOException("not a wast2json script: " + json + ": " + e.getOriginalMessage()
                    + locationOf(e), e);
        } catch (IOException e) {
            throw new IOException("cannot read " + json + ": " + e.getMessage(), e);
        }
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
