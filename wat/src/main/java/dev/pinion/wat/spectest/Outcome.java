package dev.pinion.wat.spectest;

/**
 * The result of one assertion of a script (or of a {@code module}, {@code register} or {@code action} command
 * that failed: those report only failures, since a passing one asserts nothing by itself).
 *
 * @param file    the {@code .wast} file name, e.g. {@code "i32.wast"}
 * @param line    the command's line in it
 * @param command the command type, e.g. {@code "assert_return"}
 * @param message for FAILED, expected versus actual in Wasm syntax; for SKIPPED, the reason; null for PASSED
 */
public record Outcome(String file, int line, String command, Status status, String message) {

    public enum Status { PASSED, FAILED, SKIPPED }

    static Outcome passed(String file, Command c) {
        return new Outcome(file, c.line(), c.type(), Status.PASSED, null);
    }

    static Outcome failed(String file, Command c, String message) {
        return new Outcome(file, c.line(), c.type(), Status.FAILED, message);
    }

    static Outcome skipped(String file, Command c, String reason) {
        return new Outcome(file, c.line(), c.type(), Status.SKIPPED, reason);
    }

    /** {@code file.wast:line}, the name tests and reports use for the assertion. */
    public String location() {
        return file + ":" + line;
    }

    @Override
    public String toString() {
        return location() + " " + command + " " + status + (message == null ? "" : ": " + message);
    }
}
