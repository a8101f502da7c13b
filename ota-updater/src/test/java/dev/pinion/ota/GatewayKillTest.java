package dev.pinion.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway, a real separate JVM, is killed with SIGKILL at random instants while it fetches, verifies,
 * stores and swaps: after every kill the data directory names a complete, verified release as current (never a
 * partial or unverified one, never an older one), and in the end the newest release is delivered and active.
 * {@code -Dpinion.ota.kills=N} changes the number of kills (default 50).
 */
class GatewayKillTest {
    OtaFixture fx;
    Path pub;
    final List<Process> children = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fx = new OtaFixture();
        pub = fx.tmp.resolve("operator.pub");
        Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(fx.operator.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : children) p.destroyForcibly().waitFor();
        fx.close();
    }

    /** A child gateway JVM and what it printed: "STARTED" once booted, "STATE name version" per transition. */
    private final class Child {
        final Process process;
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        volatile String lastState = "booting";
        final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Child(String device, Path dataDir, Path log) throws Exception {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var pb = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), GatewayMain.class.getName(),
                    fx.broker.url(), device, dataDir.toString(), pub.toString(), "150", "4");
            pb.redirectErrorStream(true);
            process = pb.start();
            children.add(process);
            Thread.ofVirtual().start(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
                     var out = Files.newBufferedWriter(log, java.nio.file.StandardOpenOption.CREATE,
                             java.nio.file.StandardOpenOption.APPEND)) {
                    for (String line; (line = in.readLine()) != null; ) {
                        out.write(line);
                        out.newLine();
                        if (line.equals("STARTED")) {
                            lastState = "started";
                            started.countDown();
                        } else if (line.startsWith("STATE ")) {
                            lastState = line.split(" ")[1];
                            seen.add(lastState);
                            seen.add(line.substring("STATE ".length()));
                        }
                    }
                } catch (java.io.IOException e) {
                    // the child died: that is the point
                }
            });
        }
    }

    /** What must hold after any crash: current (if any) is a complete release whose bytes and signature verify. */
    private String assertRunnableVerified(Path dataDir, String lastCurrent, List<String> deployed) throws Exception {
        Path mod = dataDir.resolve("modules/app");
        Path current = mod.resolve("current");
        if (!Files.exists(current)) {
            assertTrue(lastCurrent == null, "current disappeared after " + lastCurrent);
            return null;
        }
        String v = Files.readString(current).strip();
        var store = new dev.pinion.ota.internal.ModuleStore(dataDir);
        ModuleRelease r = store.load("app", v, fx.trusted); // throws if bytes or signature do not verify
        assertTrue(deployed.contains(v), "current " + v + " was deployed");
        if (lastCurrent != null) {
            assertFalse(r.version().isBefore(Version.parse(lastCurrent)), "current went back from " + lastCurrent + " to " + v);
        }
        return v;
    }

    @Test
    void sigkillAtRandomInstants_alwaysLeavesAVerifiedVersion_andTheTransferCompletes() throws Exception {
        int kills = Integer.getInteger("pinion.ota.kills", 50);
        String device = OtaFixture.uniqueName("killed");
        Path dataDir = fx.tmp.resolve(device);
        Path log = fx.tmp.resolve(device + ".log");
        var status = fx.watch(device, "app");
        Random random = new Random(Long.getLong("pinion.ota.seed", System.nanoTime()));
        List<String> deployed = new ArrayList<>();
        List<Manifest> manifests = new ArrayList<>();
        String lastCurrent = null;
        int version = 0;
        var killedIn = new java.util.TreeMap<String, Integer>();
        for (int kill = 0; kill < kills; kill++) {
            if (version == 0 || (lastCurrent != null && lastCurrent.equals(deployed.get(deployed.size() - 1)))) {
                version++;
                byte[] wasm = TestModules.counter("kill-" + version, 40 * Manifest.DEFAULT_CHUNK_SIZE);
                Manifest m = fx.sign("app", "1." + version + ".0", wasm);
                fx.publish(device, m, wasm);
                deployed.add(m.version().text());
                manifests.add(m);
            }
            Child gw = new Child(device, dataDir, log);
            // Aim each kill at a phase (so the spread does not depend on how loaded the machine is), then at a
            // random instant a few milliseconds into it.
            String[] phases = {"booting", "fetching", "fetching", "verifying", "staged", "active"};
            String target = phases[random.nextInt(phases.length)];
            if (target.equals("booting")) {
                Thread.sleep(random.nextInt(800));
            } else {
                long until = System.nanoTime() + 15_000_000_000L;
                String latest = deployed.get(deployed.size() - 1);
                // ... unless the newest release is already active: then there is no such phase left to hit.
                while (!gw.seen.contains(target) && !gw.seen.contains("active " + latest) && System.nanoTime() < until
                        && gw.process.isAlive()) {
                    Thread.sleep(1);
                }
                Thread.sleep(random.nextInt(target.equals("fetching") ? 150 : 20));
            }
            String at = gw.lastState;
            gw.process.destroyForcibly(); // SIGKILL
            assertTrue(gw.process.waitFor(10, TimeUnit.SECONDS));
            killedIn.merge(at, 1, Integer::sum);
            lastCurrent = assertRunnableVerified(dataDir, lastCurrent, deployed);
        }
        // Let it finish: the newest release ends up active, verified, with nothing left over.
        Manifest last = manifests.get(manifests.size() - 1);
        Child gw = new Child(device, dataDir, log);
        ModuleStatus s = status.await(x -> last.sha256().equals(x.sha256()) && x.isFinal(), Duration.ofSeconds(60));
        assertEquals("active", s.state(), s + "\n" + Files.readString(log));
        assertEquals(last.version().text(), assertRunnableVerified(dataDir, lastCurrent, deployed));
        try (Stream<Path> partial = Files.list(dataDir.resolve("ota/partial"))) {
            assertEquals(List.of(), partial.toList());
        }
        try (Stream<Path> versions = Files.list(dataDir.resolve("modules/app"))) {
            assertTrue(versions.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals("failed")).count() <= 2,
                    "at most the active and previous versions are kept");
        }
        gw.process.destroyForcibly().waitFor();
        if (Boolean.getBoolean("pinion.test.verbose")) { // a green build stays quiet unless asked
            System.out.println("GatewayKillTest: " + kills + " kills, " + deployed.size() + " releases delivered; last state"
                    + " seen before each kill: " + killedIn);
        }
    }
}
