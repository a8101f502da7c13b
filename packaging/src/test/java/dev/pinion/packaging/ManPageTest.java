package dev.pinion.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man page documents what the installed CLI offers: its commands and global options, from its own --help. */
class ManPageTest {

    static String manPage() throws IOException {
        byte[] gz = Deb.file().data().get("usr/share/man/man1/pinion.1.gz").bytes();
        // gzip -9n as policy wants: best compression flagged in the header, no timestamp.
        assertEquals(2, gz[8], "XFL: best compression");
        assertEquals(0, gz[4] | gz[5] | gz[6] | gz[7], "MTIME must be 0");
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void every_command_of_pinion_help_is_in_the_man_page(@TempDir Path tmp) throws Exception {
        Deb.extract(tmp);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-jar", tmp.resolve("usr/share/pinion/pinion.jar").toString(), "--help")
                .redirectErrorStream(true).start();
        String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), help);

        Set<String> commands = new TreeSet<>();
        boolean inCommands = false;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) { inCommands = true; continue; }
            if (inCommands && line.isBlank()) break;
            Matcher m = Pattern.compile("^  ([a-z][a-z-]*)\\s").matcher(line);
            if (inCommands && m.find()) commands.add(m.group(1));
        }
        assertTrue(commands.contains("run"), "no commands parsed from:\n" + help);

        String man = manPage();
        Set<String> documented = new TreeSet<>();
        Matcher entry = Pattern.compile("(?m)^\\.TP\\n\\.B[IR]? ([a-z][a-z-]*)").matcher(man.substring(man.indexOf(".SH COMMANDS")));
        while (entry.find()) documented.add(entry.group(1));
        Set<String> missing = new TreeSet<>(commands);
        missing.removeAll(documented);
        assertEquals(Set.of(), missing, "commands in `pinion --help` that the man page (packaging/src/deb/doc/pinion.1) lacks");
        for (String option : new String[] {"--log-level", "--help", "--version"}) {
            assertTrue(help.contains(option));
            assertTrue(man.contains(option.replace("-", "\\-")), "man page lacks " + option);
        }
        // The run options a user reaches for first, as `pinion run --help` lists them.
        for (String option : new String[] {"--fuel", "--timeout", "--max-memory", "--tier", "--dir"}) {
            assertTrue(man.contains(option.replace("-", "\\-")), "man page lacks run " + option);
        }
    }
}
