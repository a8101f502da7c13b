package dev.pinion.engine;

import dev.pinion.engine.internal.exec.WasmFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Functions are lowered at their first entry, not at load (most of a big module's load, for functions that
 * mostly never run), once per module; the compile-everything mode lowers all at load, since it compiles them all
 * at instantiation. Validation stays at load: an invalid module never gets this far.
 */
class LazyLoweringTest {
    @ParameterizedTest
    @EnumSource(Config.Tier.class)
    void aFunctionIsLoweredAtItsFirstEntry_onceForAllInstances(Config.Tier tier) {
        WasmModule module = TestModules.compile("tiering", Config.DEFAULT.withTier(tier));
        Instance a = module.instantiate(imports()), b = module.instantiate(imports());
        WasmFunction fa = (WasmFunction) a.function("setup"), fb = (WasmFunction) b.function("setup");
        assertEquals(tier == Config.Tier.COMPILED, fa.lowered, "lowered at load only when everything is compiled");
        assertEquals(8, a.function("setup").call(7)[0]);
        assertTrue(fa.lowered);
        if (tier != Config.Tier.COMPILED) assertFalse(fb.lowered, "the other instance has not entered it");
        assertEquals(8, b.function("setup").call(7)[0]);
        assertSame(fa.code, fb.code, "one lowering per module, shared by its instances");
    }

    private static Imports imports() {
        return Imports.builder().add(HostModule.builder("test")
                .function("tick", FuncType.of(new ValType[] {ValType.I32}), (caller, stack, base) -> { })
                .build()).build();
    }
}
