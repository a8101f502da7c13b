package dev.pinion.engine;

import dev.pinion.engine.internal.exec.WasmFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * i64 and f64 compares that a branch consumes (br_if, br_if under i32.eqz, if, a loop's back edge, br_if with a
 * value), which tier 2 compiles as one JVM compare-and-jump (comparebranch.wat): the same decisions in every
 * tier, NaN operands included, and a compare kept in a local (local.tee) still leaves its 0 or 1 there.
 */
class CompareBranchTest {
    private static final long NAN = Double.doubleToRawLongBits(Double.NaN);

    private static long d(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private record Case(String f, long a, long b, int expected) {}

    private static final List<Case> CASES = List.of(
            new Case("f64_lt_br", d(1), d(2), 1), new Case("f64_lt_br", d(2), d(1), 0),
            new Case("f64_lt_br", d(1), d(1), 0), new Case("f64_lt_br", NAN, d(1), 0),
            new Case("f64_not_ge_br", d(1), d(2), 1), new Case("f64_not_ge_br", d(2), d(1), 0),
            new Case("f64_not_ge_br", d(1), d(1), 0), new Case("f64_not_ge_br", d(1), NAN, 1),
            new Case("f64_ne_tee", d(1), d(2), 11), new Case("f64_ne_tee", d(1), d(1), 0),
            new Case("f64_ne_tee", NAN, NAN, 11), new Case("f64_ne_tee", d(0.0), d(-0.0), 0),
            new Case("i64_lt_u_if", 1, 2, 1), new Case("i64_lt_u_if", -1, 2, 0), new Case("i64_lt_u_if", 2, -1, 1),
            new Case("i64_gt_s_loop", 5, 2, 30), new Case("i64_gt_s_loop", 5, 10, 10),
            new Case("i64_gt_s_loop", -1, -3, 20),
            new Case("f64_le_loop", d(1), d(100), 7), new Case("f64_le_loop", d(1), NAN, 1),
            new Case("i64_eq_value", 5, 5, 7), new Case("i64_eq_value", 5, 6, 3));

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void branchesOnI64AndF64Compares_decideAsTheSpecSays(Config.Tier tier) {
        Instance inst = TestModules.compile("comparebranch", Config.DEFAULT.withTier(tier)).instantiate();
        if (tier == Config.Tier.TIERED) {
            // the engine's tests run the tiered mode with a threshold of 2 (pom.xml): a few calls compile each
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Case c : CASES) {
                WasmFunction f = (WasmFunction) inst.function(c.f());
                while (f.tier2 == null && System.nanoTime() < until) f.call(c.a(), c.b());
            }
        }
        for (Case c : CASES) {
            if (tier != Config.Tier.INTERP) assertNotNull(((WasmFunction) inst.function(c.f())).tier2, c.f());
            long[] r = inst.function(c.f()).call(c.a(), c.b());
            assertEquals(c.expected(), (int) r[0], c + " in the " + tier + " tier");
        }
    }
}
