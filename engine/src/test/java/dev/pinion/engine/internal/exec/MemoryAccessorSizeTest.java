package dev.pinion.engine.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The bytecode size of {@link MemoryInstance}'s eight accessors stays in the window HotSpot needs (the comment above
 * them explains): over 35 bytes so that C1 calls them instead of inlining each access's VarHandle chain into a
 * big tier-2 function, at most 64 so that C2's inlining budget still covers every hot access of one.
 */
class MemoryAccessorSizeTest {
    private static final Set<String> ACCESSORS = Set.of("getI8", "getI16", "getI32", "getI64", "setI8", "setI16",
            "setI32", "setI64");

    @Test
    void accessorsAreTooLargeForC1AndSmallForC2sBudget() throws IOException {
        ClassModel model;
        try (InputStream in = MemoryInstance.class.getResourceAsStream("MemoryInstance.class")) {
            model = ClassFile.of().parse(in.readAllBytes());
        }
        Set<String> seen = new TreeSet<>();
        for (MethodModel m : model.methods()) {
            String name = m.methodName().stringValue();
            if (!ACCESSORS.contains(name)) continue;
            int size = m.findAttribute(java.lang.classfile.Attributes.code()).map(CodeAttribute::codeLength)
                    .orElseThrow();
            assertTrue(size > 35 && size <= 64, name + " is " + size + " bytes of bytecode, not in 36..64");
            seen.add(name);
        }
        assertEquals(new TreeSet<>(ACCESSORS), seen, "every accessor checked");
    }
}
