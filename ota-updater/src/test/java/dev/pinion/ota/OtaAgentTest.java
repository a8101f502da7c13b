package dev.pinion.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.ota.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deliveries and their faults through a real Mosquitto, with in-process gateways on the real engine. Every
 * fault leaves the running version untouched and is reported with its own reason in the status topic.
 */
class OtaAgentTest {
    static OtaFixture fx;
    static final OtaPolicy POLICY = new OtaPolicy(List.of("led:out", "*:read"), new ModuleLimits(1_000_000L, 500L, 16L),
            1 << 20, Duration.ofMillis(200));

    @BeforeAll
    static void start() throws Exception {
        fx = new OtaFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    /** A gateway with {@code module} 1.0.0 active, and a watch on its status. */
    record Running(OtaFixture.Gateway gw, String module, Manifest v1, OtaFixture.StatusWatch status) {}

    static Running runningV1() throws Exception {
        String device = OtaFixture.uniqueName("gw");
        String module = "mod" + device.replace("gw", "");
        var gw = fx.gateway(device, POLICY);
        var status = fx.watch(device, module);
        byte[] wasm = TestModules.counter(module + "-1", 10_000);
        Manifest v1 = fx.sign(module, "1.0.0", wasm);
        fx.publish(device, v1, wasm);
        ModuleStatus s = status.awaitFinal(v1);
        assertEquals("active", s.state(), s.toString());
        return new Running(gw, module, v1, status);
    }

    /** After a fault: reason as expected, v1 still running and recorded, no partial transfer left behind. */
    static void assertRejectedAndUntouched(Running r, Manifest bad, String state, Reason reason) throws Exception {
        ModuleStatus s = r.status.awaitFinal(bad);
        assertEquals(state, s.state(), s.toString());
        assertEquals(reason.code(), s.reason(), s.toString());
        assertEquals("1.0.0", s.activeVersion(), "status names the untouched running version");
        assertEquals("1.0.0", r.gw.host.running(r.module));
        assertEquals(List.of(r.module + "@1.0.0"), r.gw.host.activations(), "nothing else was started");
        assertEquals("1.0.0", Files.readString(r.gw.dataDir.resolve("modules/" + r.module + "/current")).strip());
        try (Stream<Path> partial = Files.list(r.gw.dataDir.resolve("ota/partial"))) {
            assertEquals(List.of(), partial.toList(), "nothing left behind");
        }
    }

    @Test
    void delivery_goesThroughEveryState_andStoresTheRelease() throws Exception {
        Running r = runningV1();
        List<String> states = r.status.all().stream().map(ModuleStatus::state).distinct().toList();
        assertEquals(List.of("fetching", "verifying", "staged", "active"), states);
        Path dir = r.gw.dataDir.resolve("modules/" + r.module + "/1.0.0");
        assertEquals(r.v1.sha256(), Hashes.sha256Hex(Files.readAllBytes(dir.resolve("module.wasm"))));
        assertEquals(r.v1.sha256(), Manifest.parse(Files.readAllBytes(dir.resolve("manifest.json"))).sha256());
        r.gw.host.deliver(r.module, 7);
        r.gw.host.drain(r.module);
        assertEquals(List.of(new EngineModuleHost.Processed(r.module, "1.0.0", 7)), r.gw.host.processed());
    }

    @Test
    void upgrade_keepsThePreviousVersion_andPrunesOlderOnes() throws Exception {
        Running r = runningV1();
        for (String v : List.of("1.1.0", "2.0.0")) {
            byte[] wasm = TestModules.counter(r.module + v, 3000);
            Manifest m = fx.sign(r.module, v, wasm);
            fx.publish(r.gw.device, m, wasm);
            assertEquals("active", r.status.awaitFinal(m).state());
        }
        Path dir = r.gw.dataDir.resolve("modules/" + r.module);
        assertEquals("2.0.0", Files.readString(dir.resolve("current")).strip());
        assertEquals("1.1.0", Files.readString(dir.resolve("previous")).strip());
        assertTrue(Files.exists(dir.resolve("1.1.0/module.wasm")));
        assertFalse(Files.exists(dir.resolve("1.0.0")), "only active and previous are kept");
        assertEquals("2.0.0", r.gw.host.running(r.module));
    }

    @Test
    void truncatedChunk_isRejected() throws Exception {
        Running r = runningV1();
        byte[] wasm = TestModules.counter(r.module + "-t", 20_000);
        Manifest m = fx.sign(r.module, "1.1.0", wasm);
        for (int i = 0; i < m.chunkCount(); i++) {
            int len = m.chunkLength(i) - (i == 1 ? 100 : 0);
            fx.publishChunk(m.sha256(), i, Arrays.copyOfRange(wasm, i * m.chunkSize(), i * m.chunkSize() + len));
        }
        fx.publishManifest(r.gw.device, r.module, m.toBytes());
        assertRejectedAndUntouched(r, m, "rejected", Reason.CHUNK_SIZE_MISMATCH);
        assertTrue(r.status.awaitFinal(m).detail().contains("chunk 1"), "names the chunk");
    }

    @Test
    void wrongHash_isRejected() throws Exception {
        Running r = runningV1();
        byte[] wasm = TestModules.counter(r.module + "-h", 9000);
        Manifest m = fx.sign(r.module, "1.1.0", wasm);
        byte[] other = wasm.clone();
        other[other.length - 1] ^= 1; // same length, one bit different: only the sha256 can tell
        for (int i = 0; i < m.chunkCount(); i++) {
            fx.publishChunk(m.sha256(), i, Arrays.copyOfRange(other, i * m.chunkSize(), i * m.chunkSize() + m.chunkLength(i)));
        }
        fx.publishManifest(r.gw.device, r.module, m.toBytes());
        assertRejectedAndUntouched(r, m, "rejected", Reason.SHA256_MISMATCH);
    }

    @Test
    void badSignature_isRejected() throws Exception {
        Running r = runningV1();
        byte[] wasm = TestModules.counter(r.module + "-s", 2000);
        Manifest m = fx.sign(r.module, "1.1.0", wasm);
        byte[] sig = java.util.Base64.getDecoder().decode(m.signature());
        sig[10] ^= 0x20;
        Manifest forged = m.withSignature(java.util.Base64.getEncoder().encodeToString(sig));
        fx.publish(r.gw.device, forged, wasm);
        assertRejectedAndUntouched(r, forged, "rejected", Reason.BAD_SIGNATURE);
    }

    @Test
    void unknownKey_isRejected() throws Exception {
        Running r = runningV1();
        byte[] wasm = TestModules.counter(r.module + "-k", 2000);
        var stranger = KeyFiles.generate();
        Manifest m = new SigningKey(KeyFiles.keyId(stranger.getPublic()), stranger.getPrivate())
                .sign(Manifest.builder(r.module, "1.1.0", wasm));
        fx.publish(r.gw.device, m, wasm);
        assertRejectedAndUntouched(r, m, "rejected", Reason.UNKNOWN_KEY);
    }

    @Test
    void grantsEditedAfterSigning_breakTheSignature() throws Exception {
        Running r = runningV1();
        byte[] wasm = TestModules.counter(r.module + "-g", 2000);
        Manifest m = fx.signer.sign(Manifest.builder(r.module, "1.1.0", wasm).grants(List.of("led:out")));
        Json edited = m.toJson();
        edited.put("grants", Json.array().add("led:out").add("room_temp:read")); // allowed by policy: only the signature can catch it
        Manifest tampered = Manifest.parse(edited.toString().getBytes(StandardCharsets.UTF_8));
        fx.publish(r.gw.device, tampered, wasm);
        assertRejectedAndUntouched(r, tampered, "rejected", Reason.BAD_SIGNATURE);
    }

    @Test
    void editedCopyOfTheActiveRelease_isReportedBadSignature_andChangesNothing() throws Exception {
        Running r = runningV1();
        Json edited = r.v1.toJson();
        edited.put("grants", Json.array().add("led:out")); // same version and hash as the running release
        Manifest tampered = Manifest.parse(edited.toString().getBytes(StandardCharsets.UTF_8));
        fx.publishManifest(r.gw.device, r.module, tampered.toBytes());
        ModuleStatus s = r.status.awaitState("rejected", tampered);
        assertEquals(Reason.BAD_SIGNATURE.code(), s.reason(), s.toString());
        assertEquals("1.0.0", s.activeVersion());
        assertEquals("1.0.0", r.gw.host.running(r.module));
        int before = r.status.all().size();
        fx.publishManifest(r.gw.device, r.module, r.v1.toBytes()); // the genuine manifest again: active
        ModuleStatus back = r.status.await(x -> x.state().equals("active") && r.status.all().indexOf(x) >= before,
                Duration.ofSeconds(20));
        assertEquals("1.0.0", back.version());
    }

    @Test
    void downgrade_isRejected_butASignedRollbackIsAccepted() throws Exception {
        Running r = runningV1();
        byte[] wasm = TestModules.counter(r.module + "-old", 2000);
        Manifest older = fx.sign(r.module, "0.9.0", wasm);
        fx.publish(r.gw.device, older, wasm);
        assertRejectedAndUntouched(r, older, "rejected", Reason.DOWNGRADE);

        Manifest rollback = fx.signer.sign(Manifest.builder(r.module, "0.9.0", wasm).rollbackFrom("1.0.0"));
        fx.publish(r.gw.device, rollback, wasm);
        ModuleStatus s = r.status.await(x -> rollback.sha256().equals(x.sha256()) && x.state().equals("active"),
                Duration.ofSeconds(20));
        assertEquals("0.9.0", s.version());
        assertEquals("0.9.0", r.gw.host.running(r.module));
    }

    @Test
    void grantsBeyondPolicy_areRejected() throws Exception {
        Running r = runningV1();
        byte[] wasm = TestModules.counter(r.module + "-p", 2000);
        Manifest m = fx.signer.sign(Manifest.builder(r.module, "1.1.0", wasm).grants(List.of("led:out", "relay:out")));
        fx.publish(r.gw.device, m, wasm);
        assertRejectedAndUntouched(r, m, "rejected", Reason.GRANTS_BEYOND_POLICY);
        assertTrue(r.status.awaitFinal(m).detail().contains("relay:out"));
    }

    @Test
    void limitsBeyondPolicy_areRejected() throws Exception {
        Running r = runningV1();
        byte[] wasm = TestModules.counter(r.module + "-l", 2000);
        Manifest m = fx.signer.sign(Manifest.builder(r.module, "1.1.0", wasm).limits(new ModuleLimits(5_000_000L, null, null)));
        fx.publish(r.gw.device, m, wasm);
        assertRejectedAndUntouched(r, m, "rejected", Reason.LIMITS_BEYOND_POLICY);
    }

    @Test
    void invalidWasm_isRejected() throws Exception {
        Running r = runningV1();
        byte[] wasm = "\0asm\1\0\0\0this is not a module".getBytes(StandardCharsets.ISO_8859_1);
        Manifest m = fx.sign(r.module, "1.1.0", wasm);
        fx.publish(r.gw.device, m, wasm);
        assertRejectedAndUntouched(r, m, "rejected", Reason.INVALID_MODULE);
        assertTrue(r.status.awaitFinal(m).detail().contains("byte offset"), "says where");
    }

    @Test
    void unlinkableModule_isRejected() throws Exception {
        Running r = runningV1();
        byte[] wasm = TestModules.load("unlinkable");
        Manifest m = fx.sign(r.module, "1.1.0", wasm);
        fx.publish(r.gw.device, m, wasm);
        assertRejectedAndUntouched(r, m, "rejected", Reason.UNLINKABLE);
        assertTrue(r.status.awaitFinal(m).detail().contains("pinion_test.self_destruct"));
    }

    @Test
    void garbageAndOversizedManifests_areRejected() throws Exception {
        Running r = runningV1();
        fx.publishManifest(r.gw.device, r.module, "{\"name\": \"x\", oops".getBytes(StandardCharsets.UTF_8));
        ModuleStatus s = r.status.await(x -> "rejected".equals(x.state()) && "manifest_malformed".equals(x.reason()),
                Duration.ofSeconds(20));
        assertEquals("1.0.0", s.activeVersion());
        fx.publishManifest(r.gw.device, r.module, new byte[Manifest.MAX_BYTES + 1]);
        s = r.status.await(x -> "manifest_too_large".equals(x.reason()), Duration.ofSeconds(20));
        assertEquals("1.0.0", s.activeVersion());
        assertEquals("1.0.0", r.gw.host.running(r.module));
        assertEquals(List.of(r.module + "@1.0.0"), r.gw.host.activations());
    }

    @Test
    void chunksOutOfOrderAndDuplicated_stillAssembleCorrectly() throws Exception {
        Running r = runningV1();
        byte[] wasm = TestModules.counter(r.module + "-o", 40_000);
        Manifest m = fx.sign(r.module, "1.1.0", wasm);
        fx.publishManifest(r.gw.device, r.module, m.toBytes()); // the gateway waits for chunks that are not there yet
        r.status.awaitState("fetching", m);
        for (int i = m.chunkCount() - 1; i >= 0; i--) {
            byte[] c = Arrays.copyOfRange(wasm, i * m.chunkSize(), i * m.chunkSize() + m.chunkLength(i));
            fx.publishChunk(m.sha256(), i, c);
            fx.publishChunk(m.sha256(), i, c);
        }
        assertEquals("active", r.status.awaitFinal(m).state());
        assertEquals("1.1.0", r.gw.host.running(r.module));
    }

    @Test
    void nameMismatchAndVersionConflict_areRejected() throws Exception {
        Running r = runningV1();
        byte[] wasm = TestModules.counter(r.module + "-n", 2000);
        Manifest other = fx.sign("someone-else", "1.1.0", wasm);
        fx.publishManifest(r.gw.device, r.module, other.toBytes());
        assertEquals("name_mismatch", r.status.awaitFinal(other).reason());
        byte[] otherBytes = TestModules.counter(r.module + "-c", 2000);
        Manifest conflict = fx.sign(r.module, "1.0.0", otherBytes);
        fx.publish(r.gw.device, conflict, otherBytes);
        assertRejectedAndUntouched(r, conflict, "rejected", Reason.VERSION_CONFLICT);
    }
}
