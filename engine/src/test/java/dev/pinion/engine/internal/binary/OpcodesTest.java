package dev.pinion.engine.internal.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpcodesTest {

    /** Every opcode constant has a table row whose spec name is the constant's name in lower case with dots. */
    @Test
    void everyConstant_hasARowNamedAfterIt() throws IllegalAccessException {
        int constants = 0;
        for (Field f : Opcodes.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) continue;
            String name = f.getName();
            if (name.startsWith("PREFIX_") || name.endsWith("_COUNT")) continue;
            int code = f.getInt(null);
            Opcodes.Info info = Opcodes.info(code);
            assertNotNull(info, name);
            String expected = name.equals("SELECT_T") ? "select" : specName(name);
            assertEquals(expected, info.name(), name);
            if (!info.isSimd()) constants++;
        }
        // SIMD rows need a constant only where the lowering names them (loads, stores, const, shuffle)
        assertEquals(Opcodes.all().stream().filter(i -> !i.isSimd()).count(), constants, "rows without a constant");
    }

    /** I32_TRUNC_SAT_F32_S -> i32.trunc_sat_f32_s: the first underscore after the type prefix is the dot. */
    private static String specName(String constant) {
        String lower = constant.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"i32_", "i64_", "f32_", "f64_", "local_", "global_", "table_", "memory_",
                "ref_", "data_", "elem_", "v128_", "i8x16_"}) {
            if (lower.startsWith(prefix)) return prefix.substring(0, prefix.length() - 1) + "." + lower.substring(prefix.length());
        }
        return lower;
    }

    @Test
    void wasm20Counts() {
        long single = Opcodes.all().stream().filter(i -> !i.isPrefixed()).count();
        long prefixed = Opcodes.all().stream().filter(i -> i.isPrefixed() && !i.isSimd()).count();
        assertEquals(18, prefixed);
        assertEquals(236, Opcodes.all().stream().filter(Opcodes.Info::isSimd).count(), "Wasm 2.0 SIMD instructions");
        // 0x00-0x05, 0x0B-0x11 (13), 0x1A-0x1C (3), 0x20-0x26 (7), 0x28-0xC4 (157), 0xD0-0xD2 (3)
        assertEquals(6 + 7 + 3 + 7 + 157 + 3, single);
        Set<String> names = new HashSet<>();
        Opcodes.all().forEach(i -> names.add(i.name()));
        assertEquals(Opcodes.all().size() - 1, names.size(), "only select has two rows");
    }

    @Test
    void unknownCodes_haveNoRow() {
        assertNull(Opcodes.info(0x06));
        assertNull(Opcodes.info(0x27));
        assertNull(Opcodes.info(Opcodes.PREFIX_FD));
        assertNull(Opcodes.info(0xFD9A));                     // an unassigned SIMD sub-opcode
        assertNull(Opcodes.info(0xFE00));                     // what CodeReader returns for sub-opcodes past 0xFF
        assertNull(Opcodes.info(0xFC12));
        assertNull(Opcodes.info(-1));
    }

    @Test
    void memoryInstructions_haveNaturalAlignment() {
        assertEquals(2, Opcodes.info(Opcodes.I32_LOAD).naturalAlign());
        assertEquals(3, Opcodes.info(Opcodes.F64_STORE).naturalAlign());
        assertEquals(0, Opcodes.info(Opcodes.I64_LOAD8_U).naturalAlign());
        assertEquals(-1, Opcodes.info(Opcodes.I32_ADD).naturalAlign());
        assertEquals(4, Opcodes.info(Opcodes.V128_LOAD).naturalAlign());
        assertEquals(1, Opcodes.info(Opcodes.V128_STORE16_LANE).naturalAlign());
        assertEquals(8, Opcodes.laneCount(Opcodes.V128_STORE16_LANE));
        for (Opcodes.Info i : Opcodes.all()) {
            boolean memarg = i.imm() == Opcodes.Imm.MEMARG || i.imm() == Opcodes.Imm.MEMARG_LANE;
            assertEquals(memarg, i.naturalAlign() >= 0, i.name());
        }
    }

    @Test
    void numericInstructions_haveFixedSignatures() {
        Opcodes.Info add = Opcodes.info(Opcodes.I64_ADD);
        assertEquals(2, add.pops().length);
        assertEquals(1, add.pushes().length);
        assertTrue(Opcodes.info(Opcodes.F32_CONVERT_I64_U).hasFixedSignature());
        assertTrue(!Opcodes.info(Opcodes.SELECT).hasFixedSignature());
    }
}
