package dev.pinion.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the CLI: its exit code and everything it wrote to stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Pinion.run(o, e, args);
        }
        return new CliRun(code, normalize(out.toString()), normalize(err.toString()));
    }

    private static String normalize(String s) {
        return s.replace("\r\n", "\n");
    }
}
