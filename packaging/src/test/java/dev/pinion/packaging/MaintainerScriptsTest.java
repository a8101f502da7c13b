package dev.pinion.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb's maintainer scripts run for real (the shadow tools, chown, chmod) against a fake root, the way
 * `dpkg --root` runs them: with DPKG_ROOT set. A real install into a trixie root, with the service enabled, is
 * packaging/arm-smoke.sh's job.
 */
class MaintainerScriptsTest {

    @TempDir Path tmp;
    Path root;
    Path spy; // systemctl, deb-systemd-helper and deb-systemd-invoke that only record that they were called

    @BeforeEach
    void fakeRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the maintainer scripts create users and chown files: run the build as root to test them "
                        + "(packaging/arm-smoke.sh runs them in a real install either way)");
        for (String tool : List.of("groupadd", "useradd", "usermod")) {
            assumeTrue(which(tool).isPresent(), tool + " is not installed (Debian package passwd)");
        }
        root = tmp.resolve("root");
        Deb.extract(root);
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        // dialout exists on every Debian system with gid 20; the others appear only with their devices.
        Files.writeString(root.resolve("etc/group"), "root:x:0:\ndialout:x:20:\n");
        Files.writeString(root.resolve("etc/shadow"), "root:*:20000:0:99999:7:::\n");
        Files.writeString(root.resolve("etc/gshadow"), "root:*::\ndialout:*::\n");
        spy = tmp.resolve("spy");
        Files.createDirectories(spy);
        for (String tool : List.of("systemctl", "deb-systemd-helper", "deb-systemd-invoke", "java")) {
            Path script = spy.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho \"" + tool + " $*\" >> " + tmp.resolve("calls") + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private String run(String script, String... args) throws Exception {
        Path file = tmp.resolve(script);
        Files.write(file, Deb.file().control().get(script).bytes());
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-e", file.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("DPKG_ROOT", root.toString());
        env.put("PATH", spy + ":/usr/sbin:/usr/bin:/sbin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), script + " " + String.join(" ", args) + ":\n" + out);
        return out;
    }

    private String line(String db, String name) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("etc/" + db)).stream().filter(l -> l.startsWith(name + ":")).toList();
        assertEquals(1, lines.size(), db + " entries for " + name + ": " + lines);
        return lines.getFirst();
    }

    private int owner(Path path, String attribute) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:" + attribute, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void install_creates_the_user_in_the_device_groups_and_the_private_state_dir() throws Exception {
        run("postinst", "configure");

        String[] user = line("passwd", "pinion").split(":");
        int uid = Integer.parseInt(user[2]);
        assertTrue(uid > 0 && uid < 1000, "a system uid, got " + uid);
        assertEquals("/var/lib/pinion", user[5]);
        assertEquals("/usr/sbin/nologin", user[6]);
        int gid = Integer.parseInt(line("group", "pinion").split(":")[2]);
        assertEquals(gid, Integer.parseInt(user[3]), "primary group pinion");
        assertEquals("dialout:x:20:pinion", line("group", "dialout"), "an existing group is joined, not recreated");
        for (String group : List.of("gpio", "i2c", "spi")) {
            String[] g = line("group", group).split(":", -1);
            assertTrue(Integer.parseInt(g[2]) < 1000, group + " is created as a system group");
            assertEquals("pinion", g[3], group + " members");
        }

        Path state = root.resolve("var/lib/pinion");
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals(uid, owner(state, "uid"));
        assertEquals(gid, owner(state, "gid"));
        Path config = root.resolve("etc/pinion/pinion.yaml");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals(0, owner(config, "uid"));
        assertEquals(gid, owner(config, "gid"));
        // Under DPKG_ROOT nothing touches the running system: no service start, no AOT training run.
        assertFalse(Files.exists(tmp.resolve("calls")), () -> "called: " + read(tmp.resolve("calls")));
    }

    @Test
    void upgrade_keeps_the_user_state_and_is_idempotent() throws Exception {
        run("postinst", "configure");
        String passwd = Files.readString(root.resolve("etc/passwd"));
        Files.writeString(root.resolve("var/lib/pinion/deployed.wasm"), "module");
        // An admin removed the user from a group; the next configure puts it back.
        Files.writeString(root.resolve("etc/group"), Files.readString(root.resolve("etc/group")).replaceAll("(?m)^(spi:x:\\d+:)pinion$", "$1"));

        run("prerm", "upgrade", "0.2.0");
        run("postrm", "upgrade", "0.2.0");
        run("postinst", "configure", "0.1.0");

        assertEquals(passwd, Files.readString(root.resolve("etc/passwd")));
        assertTrue(line("group", "spi").endsWith(":pinion"), line("group", "spi"));
        assertEquals("module", Files.readString(root.resolve("var/lib/pinion/deployed.wasm")));
    }

    @Test
    void remove_keeps_state_and_purge_deletes_it() throws Exception {
        run("postinst", "configure");
        Files.writeString(root.resolve("var/lib/pinion/deployed.wasm"), "module");
        Files.createDirectories(root.resolve("var/cache/pinion"));
        Files.writeString(root.resolve("var/cache/pinion/pinion.aot"), "cache");

        run("prerm", "remove");
        run("postrm", "remove");
        assertTrue(Files.exists(root.resolve("var/lib/pinion/deployed.wasm")), "remove keeps the state");
        assertFalse(Files.exists(root.resolve("var/cache/pinion")), "remove drops the caches of the removed jar");

        run("postrm", "purge");
        assertFalse(Files.exists(root.resolve("var/lib/pinion")), "purge deletes the state");
        line("passwd", "pinion"); // the user stays: files it owned may outlive the package
        assertFalse(Files.exists(tmp.resolve("calls")), () -> "called: " + read(tmp.resolve("calls")));
    }

    @Test
    void unknown_actions_fail() throws Exception {
        for (String script : List.of("postinst", "postrm")) {
            Path file = tmp.resolve(script);
            Files.write(file, Deb.file().control().get(script).bytes());
            Process p = new ProcessBuilder("/bin/sh", file.toString(), "bogus").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), script);
            assertTrue(out.contains("unknown argument 'bogus'"), out);
        }
    }

    private static Optional<Path> which(String tool) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static String read(Path p) {
        try { return Files.readString(p); } catch (IOException e) { return e.toString(); }
    }
}
