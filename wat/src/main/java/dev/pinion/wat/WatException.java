package dev.pinion.wat;

/**
 * Text that is not a well-formed WebAssembly text module or script: the spec's "malformed" for the text format.
 * Carries the 1-based line and column where the problem was found and what was expected there.
 */
public class WatException extends Exception {
    private final int line;
    private final int column;
    private final String reason;

    public WatException(int line, int column, String reason) {
        super(line + ":" + column + ": " + reason, null, false, false);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** 1-based line of the offending token. */
    public int line() {
        return line;
    }

    /** 1-based column (in characters) of the offending token. */
    public int column() {
        return column;
    }

    /** What was wrong, without the position, e.g. {@code "unknown operator i32.ad"}. */
    public String reason() {
        return reason;
    }
}
