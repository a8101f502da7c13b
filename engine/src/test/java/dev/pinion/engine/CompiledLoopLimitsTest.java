package dev.pinion.engine;

import dev.pinion.engine.internal.exec.WasmFunction;
import dev.pinion.engine.internal.tier2.Tier2;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls with limits through compiled loops (looplimits.wat): nested loops whose fuel budget is refilled many
 * times in compiled code (every Limiter.CHUNK units under a deadline). Every limit must hold exactly as in the
 * interpreter, at the same place, with the same results, memory and backtraces, in every tier.
 */
class CompiledLoopLimitsTest {
    /** A deadline that never passes during a test: the budget is then refilled every Limiter.CHUNK units. */
    private static final CallLimits DEADLINE = CallLimits.timeout(Duration.ofHours(1));

    private static Instance instance(Config.Tier tier) {
        return TestModules.compile("looplimits", Config.DEFAULT.withTier(tier)).instantiate();
    }

    private static byte[] memory(Instance inst) {
        byte[] out = new byte[64];
        inst.memory().read(0, out, 0, out.length);
        return out;
    }

    /** Calls mix until its body is compiled (tiered mode), then returns the instance. */
    private static Instance compiledMix() {
        Instance inst = instance(Config.Tier.TIERED);
        WasmFunction mix = (WasmFunction) inst.function("mix");
        for (int i = 0; i < 20 && mix.tier2 == null; i++) inst.function("mix").call(DEADLINE, 3, 0L);
        Tier2.compile(mix);
        assertNotNull(mix.tier2, "mix was compiled");
        return inst;
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void callsWithADeadlineOrFuel_giveTheInterpretersResultsAndMemory(Config.Tier tier) {
        Instance reference = instance(Config.Tier.INTERP), inst = instance(tier);
        for (int round = 0; round < 4; round++) { // the tiered mode compiles between rounds
            for (CallLimits limits : new CallLimits[] {DEADLINE, CallLimits.fuel(100_000_000), CallLimits.NONE}) {
                long[] expected = reference.function("mix").call(limits, 700, 5L);
                assertArrayEquals(expected, inst.function("mix").call(limits, 700, 5L), tier + " " + limits);
            }
        }
        assertArrayEquals(memory(reference), memory(inst));
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void fuelRunsOutAtTheSamePlace(Config.Tier tier) {
        Instance reference = instance(Config.Tier.INTERP);
        Instance inst = tier == Config.Tier.TIERED ? compiledMix() : instance(tier);
        long exact = TestModules.exactFuel(reference, "mix_n", 300);
        assertEquals(exact, TestModules.exactFuel(inst, "mix_n", 300), tier.toString());
        // one unit short: the same trap, after the same number of iterations (memory[0] counts them)
        reference.memory().write(0, new byte[8], 0, 8);
        inst.memory().write(0, new byte[8], 0, 8);
        Trap r = assertThrows(Trap.class, () -> reference.function("mix_n").call(CallLimits.fuel(exact - 1), 300));
        Trap t = assertThrows(Trap.class, () -> inst.function("mix_n").call(CallLimits.fuel(exact - 1), 300));
        assertEquals(Trap.Kind.FUEL_EXHAUSTED, t.kind());
        assertEquals(r.wasmStackTrace(), t.wasmStackTrace());
        assertArrayEquals(memory(reference), memory(inst));
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void aTrapAfterTheLoops_hasTheInterpretersBacktrace(Config.Tier tier) {
        Trap reference = assertThrows(Trap.class,
                () -> instance(Config.Tier.INTERP).function("spin_trap").call(DEADLINE, 1_500));
        Instance inst = tier == Config.Tier.TIERED ? compiledMix() : instance(tier);
        for (int round = 0; round < 3; round++) {
            Trap t = assertThrows(Trap.class, () -> inst.function("spin_trap").call(DEADLINE, 1_500));
            assertEquals(Trap.Kind.UNREACHABLE, t.kind());
            assertEquals(reference.wasmStackTrace(), t.wasmStackTrace(), tier + " round " + round);
        }
        assertEquals(2, reference.wasmStackTrace().size(), "mix returned: trap_after and spin_trap");
    }

    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void aDeadlineStopsALoopThatNeverEnds_withTheInterpretersBacktrace(Config.Tier tier) {
        Instance reference = instance(Config.Tier.INTERP), inst = instance(tier);
        Trap r = assertThrows(Trap.class,
                () -> reference.function("forever").call(CallLimits.timeout(Duration.ofMillis(50)), 1));
        for (int round = 0; round < 3; round++) { // compiled, then on-stack replacement, then its body compiled
            Trap t = assertThrows(Trap.class,
                    () -> inst.function("forever").call(CallLimits.timeout(Duration.ofMillis(50)), 1));
            assertEquals(Trap.Kind.INTERRUPTED, t.kind());
            assertEquals(r.getMessage(), t.getMessage());
            assertEquals(r.wasmStackTrace(), t.wasmStackTrace(), tier + " round " + round);
        }
        // an interrupt requested from another thread stops it too
        Interrupt stop = new Interrupt();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            stop.request();
        });
        Trap t = assertThrows(Trap.class,
                () -> inst.function("forever").call(CallLimits.NONE.withInterrupt(stop), 1));
        assertEquals("interrupted: " + Interrupt.STOPPED_BY_REQUEST, t.getMessage());
    }
}
