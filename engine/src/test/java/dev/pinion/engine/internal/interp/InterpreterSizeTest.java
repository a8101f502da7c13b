package dev.pinion.engine.internal.interp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import org.junit.jupiter.api.Test;

/**
 * HotSpot never JIT-compiles a method over 8000 bytes of bytecode (HugeMethodLimit); an interpreter loop that grows
 * past it silently becomes many times slower. This guards the limit.
 */
class InterpreterSizeTest {
    @Test
    void dispatchLoop_staysUnderHugeMethodLimit() throws IOException {
        byte[] bytes;
        try (InputStream in = Interpreter.class.getResourceAsStream("Interpreter.class")) {
            bytes = in.readAllBytes();
        }
        ClassModel model = ClassFile.of().parse(bytes);
        MethodModel execute = model.methods().stream()
                .filter(m -> m.methodName().equalsString("execute"))
                .findFirst().orElseThrow();
        int length = execute.findAttribute(Attributes.code()).orElseThrow().codeLength();
        assertTrue(length < 8000, "Interpreter.execute is " + length + " bytes of bytecode; HotSpot will not compile it");
    }
}
