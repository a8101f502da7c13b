package dev.pinion.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator side: a group deploy reaches every member, and a refusal comes back with each gateway's reason. */
class GroupDeployTest {
    OtaFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new OtaFixture();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void groupDeploy_reachesEveryMember_andWaitsForAll() throws Exception {
        String group = OtaFixture.uniqueName("floor");
        var gws = List.of(fx.gateway(group + "-a", OtaPolicy.PERMISSIVE, group),
                fx.gateway(group + "-b", OtaPolicy.PERMISSIVE, group),
                fx.gateway(group + "-c", OtaPolicy.PERMISSIVE, "other", group));
        byte[] wasm = TestModules.counter("group", 20_000);
        Manifest m = fx.sign("app", "1.2.3", wasm);
        var d = new Deployer(fx.operatorLink, m, wasm, new Deployer.Target(group, true));
        d.watch(null);
        d.publish(null);
        var outcome = d.await(Duration.ofSeconds(30));
        assertTrue(outcome.allActive(), outcome.toString());
        assertEquals(Set.of(group + "-a", group + "-b", group + "-c"), outcome.byDevice().keySet());
        for (var gw : gws) assertEquals("1.2.3", gw.host.running("app"));
    }

    @Test
    void deviceDeploy_reportsTheGatewaysReason() throws Exception {
        String device = OtaFixture.uniqueName("gw");
        fx.gateway(device, new OtaPolicy(List.of("led:out"), ModuleLimits.DEFAULT, 1 << 20, Duration.ofMillis(50)));
        byte[] wasm = TestModules.counter("deny", 2000);
        Manifest m = fx.signer.sign(Manifest.builder("app", "1.0.0", wasm).grants(List.of("relay:out")));
        var d = new Deployer(fx.operatorLink, m, wasm, new Deployer.Target(device, false));
        d.watch(null);
        d.publish(null);
        var outcome = d.await(Duration.ofSeconds(30));
        assertTrue(outcome.complete());
        assertFalse(outcome.allActive());
        assertEquals("grants_beyond_policy", outcome.byDevice().get(device).reason());
    }
}
