package dev.pinion.wat.internal;

import dev.pinion.wat.WatException;
import java.util.Arrays;

/** The text being parsed, for turning offsets into line:column. */
public final class Source {
    private final String text;
    private final int[] lineStarts;
    private final int firstLine;

    /**
     * @param firstLine the line number of the text's first line (a quoted module inside a script starts where
     *                  its first string does)
     */
    public Source(String text, int firstLine) {
        this.text = text;
        this.firstLine = firstLine;
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
    }

    public Source(String text) {
        this(text, 1);
    }

    public String text() {
        return text;
    }

    public int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + firstLine;
    }

    public int column(int offset) {
        return offset - lineStarts[line(offset) - firstLine] + 1;
    }

    public WatException error(int offset, String reason) {
        return new WatException(line(offset), column(offset), reason);
    }
}
