package dev.pinion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.ota.Manifest;
import dev.pinion.ota.ModuleLimits;
import dev.pinion.ota.OtaPolicy;
import dev.pinion.ota.TrustedKeys;
import dev.pinion.runtime.ota.TestGateway;
import dev.pinion.testkit.Mosquitto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pinion keygen, sign and deploy against gateways on a real Mosquitto. */
class DeployCommandTest {
    @TempDir
    Path tmp;
    Mosquitto broker;
    Path wasm;
    Path template;

    @BeforeEach
    void start() throws Exception {
        broker = Mosquitto.start();
        wasm = tmp.resolve("recorder.wasm");
        try (var in = TestGateway.class.getResourceAsStream("recorder.wasm")) {
            Files.write(wasm, in.readAllBytes());
        }
        template = tmp.resolve("recorder.json");
        Files.writeString(template, """
                {"name": "recorder", "triggers": [{"type": "mqtt", "export": "on_message", "topic": "in/recorder"}],
                 "grants": ["led:out"], "limits": {"fuel": 1000000}}
                """);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private TrustedKeys keygen() throws Exception {
        CliRun r = CliRun.of("keygen", "--out", tmp.resolve("keys").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("key id "), r.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("keys/pinion.key"))));
        CliRun again = CliRun.of("keygen", "--out", tmp.resolve("keys").toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("not overwriting"), again.err());
        return TrustedKeys.read(List.of(tmp.resolve("keys/pinion.pub")));
    }

    @Test
    void sign_writesAManifestThatVerifies() throws Exception {
        TrustedKeys keys = keygen();
        CliRun r = CliRun.of("sign", "--key", tmp.resolve("keys/pinion.key").toString(), "--manifest", template.toString(),
                "--version", "1.4.0", "--out", tmp.resolve("signed.json").toString(), wasm.toString());
        assertEquals(0, r.exitCode(), r.err());
        Manifest m = Manifest.parse(Files.readAllBytes(tmp.resolve("signed.json")));
        keys.verify(m);
        assertEquals("recorder", m.name());
        assertEquals("1.4.0", m.version().text());
        assertEquals(List.of("led:out"), m.grants());
        assertEquals("in/recorder", m.triggers().get(0).params().get("topic"));
        CliRun noVersion = CliRun.of("sign", "--key", tmp.resolve("keys/pinion.key").toString(), wasm.toString());
        assertEquals(1, noVersion.exitCode());
        assertTrue(noVersion.err().contains("--version"), noVersion.err());
    }

    @Test
    void deploy_wait_exitsZeroWhenActive_andOneWithEachGatewaysReason() throws Exception {
        TrustedKeys keys = keygen();
        var policy = new OtaPolicy(List.of("led:out"), ModuleLimits.DEFAULT, 1 << 20, Duration.ofMillis(100));
        try (var gw = new TestGateway(broker.url(), "gw-cli", tmp.resolve("gw"), keys, policy, List.of());
             var gw3 = new TestGateway(broker.url(), "gw-cli3", tmp.resolve("gw3"), keys, policy, List.of("hall"));
             var gw2 = new TestGateway(broker.url(), "gw-cli2", tmp.resolve("gw2"), keys, policy, List.of("hall"))) {
            CliRun ok = CliRun.of("deploy", "--broker", broker.url(), "--device", "gw-cli", "--key",
                    tmp.resolve("keys/pinion.key").toString(), "--manifest", template.toString(), "--version", "1.0.0",
                    "--wait", "30", wasm.toString());
            assertEquals(0, ok.exitCode(), ok.out() + ok.err());
            assertTrue(ok.out().contains("published 1 chunks"), ok.out());
            assertTrue(ok.out().contains("gw-cli: active 1.0.0"), ok.out());
            assertTrue(ok.out().contains("recorder 1.0.0 active on 1 gateway(s)"), ok.out());
            assertEquals("1.0.0", gw.supervisor.status("recorder").orElseThrow().version());

            CliRun group = CliRun.of("deploy", "--broker", broker.url(), "--group", "hall", "--key",
                    tmp.resolve("keys/pinion.key").toString(), "--manifest", template.toString(), "--version", "1.1.0",
                    "--wait", "30", wasm.toString());
            assertEquals(0, group.exitCode(), group.out() + group.err());
            assertTrue(group.out().contains("active on 2 gateway(s)"), group.out());

            CliRun denied = CliRun.of("deploy", "--broker", broker.url(), "--group", "hall", "--key",
                    tmp.resolve("keys/pinion.key").toString(), "--manifest", template.toString(), "--version", "1.2.0",
                    "--grant", "relay:out", "--wait", "30", wasm.toString());
            assertEquals(1, denied.exitCode(), denied.out() + denied.err());
            assertTrue(denied.err().contains("gw-cli3: rejected: grants_beyond_policy: grants [relay:out]"), denied.err());
            assertTrue(denied.err().contains("gw-cli2: rejected: grants_beyond_policy"), denied.err());
            assertEquals("1.1.0", gw2.supervisor.status("recorder").orElseThrow().version());
        }
    }

    @Test
    void deploy_withoutAnyGateway_timesOutWithExitOne() throws Exception {
        keygen();
        CliRun r = CliRun.of("deploy", "--broker", broker.url(), "--device", "nobody", "--key",
                tmp.resolve("keys/pinion.key").toString(), "--version", "1.0.0", "--wait", "1", wasm.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("nobody: no status within 1 s"), r.err());
    }

    @Test
    void deploy_toUnreachableBroker_namesTheBrokerAndTheReason() throws Exception {
        keygen();
        String key = tmp.resolve("keys/pinion.key").toString();
        String closed = "tcp://127.0.0.1:" + Mosquitto.freePort();
        CliRun refused = CliRun.of("deploy", "--broker", closed, "--device", "gw", "--key", key, "--version", "1.0.0",
                wasm.toString());
        assertEquals(1, refused.exitCode());
        assertEquals("pinion deploy: cannot connect to " + closed + ": connection refused\n", refused.err());
        CliRun unknown = CliRun.of("deploy", "--broker", "tcp://no-such-host.invalid:1883", "--device", "gw", "--key",
                key, "--version", "1.0.0", wasm.toString());
        assertEquals(1, unknown.exitCode());
        assertEquals("pinion deploy: cannot connect to tcp://no-such-host.invalid:1883: unknown host"
                + " no-such-host.invalid\n", unknown.err());
    }
}
