package dev.pinion.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * A module's WASI stdout or stderr as log lines tagged with the module's name: the daemon has no terminal, and
 * journald keeps what the logger writes. Lines are cut at 1 KiB so a guest cannot build one unbounded line.
 */
final class GuestOutput extends OutputStream {
    private static final int MAX_LINE = 1024;
    private final System.Logger log;
    private final Level level;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    GuestOutput(String module, Level level) {
        this.log = System.getLogger("dev.pinion.guest." + module);
        this.level = level;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            flushLine();
        } else {
            line.write(b);
            if (line.size() >= MAX_LINE) flushLine();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
        line.reset();
        if (!text.isEmpty()) log.log(level, text);
    }

    @Override
    public void flush() {
        // lines are logged whole; a partial line waits for its newline
    }
}
