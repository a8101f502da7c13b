package dev.pinion.wat.spectest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pinion.engine.FuncType;
import dev.pinion.engine.Function;
import dev.pinion.engine.Global;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Limits;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Table;
import dev.pinion.engine.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The spectest module has exactly the reference interpreter's exports and values. Needs the engine's externs. */
class SpecTestHostTest {

    @Test
    void exportsAndValues() {
        List<String> printed = new ArrayList<>();
        HostModule host = SpecTestHost.create(printed::add);
        assertEquals("spectest", host.name());
        assertEquals(Set.of("print", "print_i32", "print_i64", "print_f32", "print_f64", "print_i32_f32",
                "print_f64_f64", "global_i32", "global_i64", "global_f32", "global_f64", "table", "memory"),
                host.exports().keySet());

        assertGlobal(host, "global_i32", ValType.I32, 666);
        assertGlobal(host, "global_i64", ValType.I64, 666);
        assertGlobal(host, "global_f32", ValType.F32, 0x4426A666L);
        assertGlobal(host, "global_f64", ValType.F64, 0x4084D4CCCCCCCCCDL);

        Table table = (Table) host.export("table");
        assertEquals(ValType.FUNCREF, table.elementType());
        assertEquals(new Limits(10, 20), table.limits());
        assertEquals(10, table.size());
        assertNull(table.get(9));

        Memory memory = (Memory) host.export("memory");
        assertEquals(new Limits(1, 2), memory.limits());
        assertEquals(1, memory.pages());
        assertEquals(0, memory.readLong(0));

        Function printI32F32 = (Function) host.export("print_i32_f32");
        assertEquals(FuncType.of(new ValType[] {ValType.I32, ValType.F32}), printI32F32.type());
        assertEquals(FuncType.of(new ValType[] {}), ((Function) host.export("print")).type());
        printI32F32.call(-5, Float.floatToRawIntBits(1.5f));
        assertEquals(List.of("-5 : i32", "1.5 : f32"), printed);
    }

    private static void assertGlobal(HostModule host, String name, ValType type, long bits) {
        Global g = (Global) host.export(name);
        assertEquals(type, g.type(), name);
        assertFalse(g.mutable(), name + " is immutable");
        assertEquals(bits, type == ValType.F32 || type == ValType.I32 ? g.get() & 0xffff_ffffL : g.get(), name);
    }
}
