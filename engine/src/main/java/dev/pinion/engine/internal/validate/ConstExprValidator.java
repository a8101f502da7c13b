package dev.pinion.engine.internal.validate;

import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.binary.Opcodes;
import dev.pinion.engine.internal.model.ConstExpr;

/**
 * Validates constant expressions (global initialisers, segment offsets, element items): only
 * {@code t.const}, {@code ref.null}, {@code ref.func} and {@code global.get} of an immutable global are
 * allowed, and the expression must leave exactly one value of the expected type.
 */
final class ConstExprValidator {
    private final ModuleContext ctx;

    ConstExprValidator(ModuleContext ctx) {
        this.ctx = ctx;
    }

    /**
     * @param visibleGlobals how many globals {@code global.get} may see: in Wasm 2.0 only the imported ones,
     *                       in global initialisers and segments alike (the spec suite's data.wast and elem.wast
     *                       expect "unknown global" for a defined global)
     */
    void validate(ConstExpr expr, ValType expected, int visibleGlobals) {
        ValType result = null;
        int values = 0;
        for (ConstExpr.Instr in : expr.instrs()) {
            ValType pushed = switch (in.opcode()) {
                case Opcodes.I32_CONST -> ValType.I32;
                case Opcodes.I64_CONST -> ValType.I64;
                case Opcodes.F32_CONST -> ValType.F32;
                case Opcodes.F64_CONST -> ValType.F64;
                case Opcodes.REF_NULL -> ValType.fromCode((int) in.imm());
                case Opcodes.REF_FUNC -> {
                    if (in.imm() >= ctx.functionCount()) {
                        throw new InvalidModuleException("unknown function " + in.imm(), in.offset());
                    }
                    yield ValType.FUNCREF;
                }
                case Opcodes.GLOBAL_GET -> {
                    if (in.imm() >= visibleGlobals) {
                        throw new InvalidModuleException("unknown global " + in.imm(), in.offset());
                    }
                    var g = ctx.global((int) in.imm());
                    if (g.mutable()) {
                        throw new InvalidModuleException("constant expression required", in.offset());
                    }
                    yield g.valueType();
                }
                case Opcodes.V128_CONST -> ValType.V128;
                default -> throw new InvalidModuleException("constant expression required", in.offset());
            };
            result = pushed;
            values++;
        }
        if (values != 1 || result != expected) {
            throw new InvalidModuleException("type mismatch", expr.offset());
        }
    }
}
