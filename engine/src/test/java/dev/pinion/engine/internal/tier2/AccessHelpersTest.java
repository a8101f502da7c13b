package dev.pinion.engine.internal.tier2;

import dev.pinion.engine.Config;
import dev.pinion.engine.Instance;
import dev.pinion.engine.WasmModule;
import dev.pinion.engine.internal.exec.ArrayAccess;
import dev.pinion.engine.internal.exec.WasmFunction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * How compiled code reaches linear memory (Compiler.accessHelpers explains why): a function with many accesses
 * through its class's helpers, each one byte over what C1 inlines, and the accessors themselves small enough for
 * C2 to inline at any site; a function with few accesses straight to the accessors. Both compute the same.
 */
class AccessHelpersTest {
    private static Instance instance() throws IOException {
        try (InputStream in = AccessHelpersTest.class.getResourceAsStream("/wasm/accesses.wasm")) {
            return WasmModule.compile(in.readAllBytes(), Config.DEFAULT.withTier(Config.Tier.COMPILED)).instantiate();
        }
    }

    private static ClassModel classOf(Instance inst, String export) throws Compiler.Unsupported {
        return ClassFile.of().parse(Compiler.generate((WasmFunction) inst.function(export), -1));
    }

    /** The owner and name of every method the class's methods invoke that starts with {@code m} or is an accessor. */
    private static Map<String, Integer> calls(ClassModel c) {
        Map<String, Integer> out = new TreeMap<>();
        for (MethodModel m : c.methods()) {
            m.code().ifPresent(code -> code.forEach(e -> {
                if (e instanceof InvokeInstruction i && i.name().stringValue().matches("m?[gs]etI\\d+")) {
                    String owner = i.owner().asInternalName();
                    out.merge((owner.endsWith("MemoryInstance") ? "MemoryInstance." : "own.") + i.name(), 1,
                            Integer::sum);
                }
            }));
        }
        return out;
    }

    @Test
    void manyAccesses_goThroughHelpersThatC1DoesNotInline() throws Exception {
        assumeFalse(ArrayAccess.ENABLED, "the array path (no JIT) calls the accessors directly");
        Instance inst = instance();
        ClassModel c = classOf(inst, "many");
        Map<String, Integer> calls = calls(c);
        assertEquals(40, calls.getOrDefault("own.mgetI32", 0), calls.toString());
        assertEquals(1, calls.getOrDefault("own.msetI64", 0), calls.toString());
        int helpers = 0;
        for (MethodModel m : c.methods()) {
            if (!m.methodName().stringValue().matches("m[gs]etI\\d+")) continue;
            helpers++;
            int size = m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElseThrow();
            assertEquals(Compiler.HELPER_SIZE, size, m.methodName().stringValue());
            assertTrue(size > 35, "over C1's inlining limit (C1MaxInlineSize, 35)");
        }
        assertEquals(8, helpers);
        // the accessors they call stay within C2's limit for sites it does not find hot (MaxInlineSize, 35)
        for (String a : new String[] {"getI8", "getI16", "getI32", "getI64", "setI8", "setI16", "setI32", "setI64"}) {
            assertTrue(accessorSize(a) <= 35, a + " is " + accessorSize(a) + " bytes of bytecode");
        }
        inst.memory().write(64, new byte[] {1, 0, 0, 0, 2, 0, 0, 0}, 0, 8);
        assertEquals(3, inst.function("many").call(64)[0]);
        assertEquals(3L, inst.memory().readLong(64), "the sum stored as an i64");
    }

    @Test
    void fewAccesses_callTheAccessorsDirectly() throws Exception {
        Instance inst = instance();
        Map<String, Integer> calls = calls(classOf(inst, "few"));
        // one of each in call and one in callUnchecked (a function small enough to inline has both bodies)
        assertEquals(Map.of("MemoryInstance.getI32", 2, "MemoryInstance.setI8", 2), calls);
        assertEquals(7, inst.function("few").call(100)[0]);
    }

    private static int accessorSize(String name) throws IOException {
        ClassModel model;
        try (InputStream in = dev.pinion.engine.internal.exec.MemoryInstance.class
                .getResourceAsStream("MemoryInstance.class")) {
            model = ClassFile.of().parse(in.readAllBytes());
        }
        for (MethodModel m : model.methods()) {
            if (m.methodName().equalsString(name)) {
                return m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElseThrow();
            }
        }
        throw new AssertionError("no MemoryInstance." + name);
    }
}
