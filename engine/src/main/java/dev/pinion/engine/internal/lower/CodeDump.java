package dev.pinion.engine.internal.lower;

import dev.pinion.engine.internal.interp.Op;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/** Prints lowered code one instruction a line, for debugging the lowerer and inspecting its output. */
public final class CodeDump {
    private CodeDump() {}

    private static final String[] NAMES = new String[128];
    private static final int[] LENGTHS = new int[128];

    static {
        for (Field f : Op.class.getFields()) {
            // M_ are MISC sub-opcodes, V_ are V128 sub-opcodes: not instructions of their own
            if (Modifier.isStatic(f.getModifiers()) && !f.getName().startsWith("M_") && !f.getName().startsWith("V_")) {
                try {
                    NAMES[f.getInt(null)] = f.getName();
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Operand count of a fixed-length instruction, or -1 for the variable-length ones. */
    private static int operands(int op) {
        return switch (op) {
            case Op.UNREACHABLE -> 0;
            case Op.FUEL, Op.LOOP, Op.BR, Op.MEMORY_SIZE -> 1;
            case Op.BR_IF, Op.BR_UNLESS, Op.BR_IF_I32_EQZ, Op.RETURN, Op.CALL, Op.CALL_IMPORT, Op.MOVE,
                 Op.GLOBAL_GET, Op.GLOBAL_SET, Op.I32_CONST, Op.MEMORY_GROW, Op.REF_IS_NULL, Op.I32_EQZ, Op.I64_EQZ,
                 Op.I32_WRAP_I64, Op.I64_EXTEND_I32_S, Op.I64_EXTEND_I32_U -> 2;
            case Op.UNARY, Op.BINARY -> op == Op.UNARY ? 3 : 4;
            case Op.CALL_INDIRECT, Op.SELECT -> 4;
            case Op.BR_TABLE, Op.MISC, Op.V128 -> -1;
            case Op.I32_LOAD_ADD, Op.I64_LOAD_ADD, Op.I32_LOAD8_U_ADD, Op.I32_LOAD8_S_ADD, Op.I32_LOAD16_U_ADD,
                 Op.I32_STORE_ADD, Op.I64_STORE_ADD, Op.I32_STORE8_ADD, Op.F64_MUL_ADD -> 4;
            default -> 3;
        };
    }

    public static String dump(CompiledFunction f) {
        StringBuilder sb = new StringBuilder();
        sb.append("func ").append(f.index()).append(' ').append(f.type()).append(" locals=").append(f.numLocals())
                .append(" frame=").append(f.frameSize()).append('\n');
        int[] c = f.code();
        int pc = 0;
        while (pc < c.length) {
            int op = c[pc];
            int n = operands(op);
            if (op == Op.BR_TABLE) n = 2 + c[pc + 2] + 1;
            if (op == Op.MISC || op == Op.V128) n = c[pc + 1] - 1;
            sb.append(String.format("%5d  %-16s", pc, NAMES[op]));
            for (int i = 1; i <= n; i++) sb.append(' ').append(c[pc + i]);
            sb.append('\n');
            pc += n + 1;
        }
        return sb.toString();
    }
}
