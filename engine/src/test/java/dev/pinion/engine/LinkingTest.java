package dev.pinion.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Instance isolation, host functions and re-entrancy, cross-instance sharing, link errors. */
class LinkingTest {
    private static final FuncType I32_I32_TO_I32 =
            FuncType.of(new ValType[] {ValType.I32, ValType.I32}, ValType.I32);

    @Test
    void sameModuleInstantiatedTwice_isIsolated() {
        WasmModule m = TestModules.compile("counter");
        Instance a = m.instantiate(), b = m.instantiate();
        a.function("bump").call();
        assertEquals(2, a.function("bump").call()[0]);
        assertEquals(1, b.function("bump").call()[0]);
        assertEquals(2, a.memory().readInt(0));
        assertEquals(1, b.memory().readInt(0));
    }

    @Test
    void hostFunction_isCalledAndCanCallBackIntoWasm() {
        HostFunction addAndCallBack = (caller, stack, base) -> {
            int sum = (int) stack[base] + (int) stack[base + 1];
            long doubled = caller.instance().function("double").call(sum)[0]; // re-enters the interpreter
            caller.memory().writeInt(0, sum);
            stack[base] = doubled;
        };
        Imports imports = Imports.builder()
                .add(HostModule.builder("env").function("add_and_call_back", I32_I32_TO_I32, addAndCallBack).build())
                .build();
        Instance inst = TestModules.compile("host").instantiate(imports);
        assertEquals(28, inst.function("via_host").call(3, 4)[0]);
        assertEquals(7, inst.memory().readInt(0));
    }

    @Test
    void hostFunctionFailure_becomesHostTrap_andExitPassesThrough() {
        HostFunction boom = (caller, stack, base) -> {
            throw new IllegalStateException("sensor offline");
        };
        Instance inst = TestModules.compile("host").instantiate(Imports.builder()
                .add(HostModule.builder("env").function("add_and_call_back", I32_I32_TO_I32, boom).build()).build());
        Trap t = assertThrows(Trap.class, () -> inst.function("via_host").call(1, 2));
        assertEquals(Trap.Kind.HOST, t.kind());
        assertEquals("sensor offline", t.getMessage());
        assertTrue(t.getCause() instanceof IllegalStateException);
        assertEquals(1, t.wasmStackTrace().size());

        HostFunction exit = (caller, stack, base) -> {
            throw new WasmExit(3);
        };
        Instance exiting = TestModules.compile("host").instantiate(Imports.builder()
                .add(HostModule.builder("env").function("add_and_call_back", I32_I32_TO_I32, exit).build()).build());
        assertEquals(3, assertThrows(WasmExit.class, () -> exiting.function("via_host").call(1, 2)).exitCode());
    }

    @Test
    void crossInstance_sharesMemoryTableAndGlobal() {
        Instance provider = TestModules.instantiate("provider");
        Instance consumer = TestModules.compile("consumer").instantiate(Imports.builder().add("provider", provider).build());
        consumer.function("poke").call(16, 99);
        assertEquals(99, provider.function("peek").call(16)[0]);
        assertEquals(99, consumer.function("peek_via_provider").call(16)[0]);
        consumer.function("set_g").call(5);
        assertEquals(5, provider.function("get_g").call()[0]);
        assertEquals(5, provider.global("g").get());
        // slot 0 holds the provider's function (runs against the provider), slot 1 was written by the consumer
        assertEquals(7, consumer.function("call_slot").call(0)[0]);
        assertEquals(42, consumer.function("call_slot").call(1)[0]);
        assertSame(provider.table("tab").get(1), provider.table("tab").get(1));
        assertTrue(provider.table("tab").get(1) instanceof Function);
    }

    @Test
    void missingImport_isUnknownImport() {
        LinkException e = assertThrows(LinkException.class, () -> TestModules.compile("host").instantiate());
        assertTrue(e.getMessage().startsWith("unknown import"), e.getMessage());
        assertTrue(e.getMessage().contains("'env' 'add_and_call_back'"), e.getMessage());
    }

    @Test
    void wrongImportType_isIncompatibleImportType() {
        FuncType wrong = FuncType.of(new ValType[] {ValType.I32}, ValType.I32);
        Imports imports = Imports.builder()
                .add(HostModule.builder("env").function("add_and_call_back", wrong, (c, s, b) -> { }).build())
                .build();
        LinkException e = assertThrows(LinkException.class, () -> TestModules.compile("host").instantiate(imports));
        assertTrue(e.getMessage().startsWith("incompatible import type"), e.getMessage());
        assertTrue(e.getMessage().contains("'env' 'add_and_call_back'"), e.getMessage());
    }
}
