package dev.pinion.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd unit in the .deb: the settings the service relies on, and systemd's own verdict on the file. */
class ServiceUnitTest {

    private static final String UNIT = "usr/lib/systemd/system/pinion.service";

    /** [Section] key -> values in order (a key may repeat, as DeviceAllow= does). */
    static Map<String, List<String>> settings() throws IOException {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        String section = "";
        for (String line : Deb.file().data().get(UNIT).text().lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) continue;
            if (line.startsWith("[")) { section = line; continue; }
            int eq = line.indexOf('=');
            settings.computeIfAbsent(section + line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
        }
        return settings;
    }

    private static String one(Map<String, List<String>> s, String key) {
        List<String> values = s.get("[Service]" + key);
        assertTrue(values != null && values.size() == 1, key + "= should be set once, is " + values);
        return values.getFirst();
    }

    @Test
    void service_type_restart_and_watchdog() throws IOException {
        var s = settings();
        assertEquals("notify", one(s, "Type"));
        assertEquals("all", one(s, "NotifyAccess")); // the daemon notifies through the systemd-notify binary
        assertEquals("/usr/bin/pinion serve --config /etc/pinion/pinion.yaml", one(s, "ExecStart"));
        assertTrue(Deb.file().data().containsKey("usr/bin/pinion"));
        assertEquals("on-failure", one(s, "Restart"));
        assertTrue(one(s, "WatchdogSec").matches("\\d+s"));
        assertEquals("pinion", one(s, "User"));
        assertEquals("gpio i2c spi dialout", one(s, "SupplementaryGroups"));
        assertEquals(List.of("multi-user.target"), s.get("[Install]WantedBy"));
    }

    @Test
    void hardening() throws IOException {
        var s = settings();
        for (String yes : List.of("NoNewPrivileges", "ProtectHome", "PrivateTmp", "ProtectKernelTunables",
                "ProtectKernelModules", "ProtectControlGroups", "RestrictSUIDSGID", "LockPersonality")) {
            assertEquals("yes", one(s, yes), yes);
        }
        assertEquals("strict", one(s, "ProtectSystem"));
        assertEquals("/var/lib/pinion", one(s, "ReadWritePaths"));
        assertEquals("closed", one(s, "DevicePolicy"));
        assertEquals(List.of("char-gpiochip rw", "char-i2c rw", "char-spi rw", "char-ttyS rw", "char-ttyAMA rw",
                "char-ttyUSB rw", "char-ttyACM rw"), s.get("[Service]DeviceAllow"));
        assertEquals("", one(s, "CapabilityBoundingSet"));
        assertTrue(one(s, "RestrictAddressFamilies").matches("AF_UNIX AF_INET AF_INET6( AF_NETLINK)?"));
        assertEquals("@system-service", s.get("[Service]SystemCallFilter").getFirst());
        assertTrue(one(s, "MemoryMax").matches("\\d+M"));
        // The JIT writes and then executes code: this setting would kill the JVM at its first compiled method.
        assertTrue(!s.containsKey("[Service]MemoryDenyWriteExecute"));
        // The heap cap, and the jssc native directory the packaged config names: a CacheDirectory the service writes.
        assertTrue(s.get("[Service]Environment").stream().anyMatch(e -> e.matches("PINION_JAVA_OPTS=\".*-Xmx\\d+m.*\"")));
        assertEquals("pinion/native", one(s, "CacheDirectory"));
        assertEquals("pinion", one(s, "StateDirectory"));
        assertEquals("0750", one(s, "StateDirectoryMode"));
    }

    /** systemd's own parser: any unknown key, bad value or missing binary is a warning line; none may appear. */
    @Test
    void systemd_analyze_verify_is_silent(@TempDir Path tmp) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed (apt-get install systemd); "
                + "packaging/arm-smoke.sh verifies the unit inside the trixie roots");
        Deb.extract(tmp.resolve("root"));
        // verify checks that ExecStart's binary exists: point it at the extracted launcher.
        Path unit = tmp.resolve("pinion.service");
        Files.writeString(unit, Deb.file().data().get(UNIT).text()
                .replace("ExecStart=/usr/bin/pinion", "ExecStart=" + tmp.resolve("root/usr/bin/pinion")));
        Process p = new ProcessBuilder(analyze.toString(), "verify", "--man=no", unit.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out.strip(), "systemd-analyze verify complained");
    }
}
