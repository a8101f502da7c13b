package dev.pinion.engine.internal.binary;

import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.model.ConstExpr;
import dev.pinion.engine.internal.model.ElementSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The element section: eight encodings selected by a flags field (bit 0: passive or declarative, bit 1: explicit
 * table index or declarative, bit 2: expressions instead of function indices). Function-index forms are turned
 * into one {@code ref.func} constant expression per element so that every segment has the same shape.
 */
final class ElementSectionDecoder {
    private final ExpressionScanner scanner;
    /**
     * One shared {@code ref.func} expression per function index: a segment is often a table of the same few
     * functions, and sharing keeps a one-byte index from costing ~80 bytes of heap each time it repeats.
     */
    private final ConstExpr[] refFuncs;

    ElementSectionDecoder(ExpressionScanner scanner, int functionCount) {
        this.scanner = scanner;
        this.refFuncs = new ConstExpr[functionCount];
    }

    List<ElementSegment> decode(CodeReader s) {
        int n = s.count();
        List<ElementSegment> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(segment(s));
        return list;
    }

    private ElementSegment segment(CodeReader s) {
        int at = s.pos();
        int flags = s.u32();
        if (flags > 7) throw new MalformedModuleException("malformed elements segment kind", at);
        boolean passiveOrDeclarative = (flags & 1) != 0;
        boolean explicitTable = (flags & 2) != 0;
        boolean expressions = (flags & 4) != 0;

        ElementSegment.Mode mode;
        int table = 0;
        ConstExpr offset = null;
        if (!passiveOrDeclarative) {
            mode = ElementSegment.Mode.ACTIVE;
            if (explicitTable) table = s.u32();
            offset = scanner.constExpr(s);
        } else {
            mode = explicitTable ? ElementSegment.Mode.DECLARATIVE : ElementSegment.Mode.PASSIVE;
        }

        // Flags 0 and 4 imply funcref; the others spell out an element kind (index forms) or a reference type.
        ValType type = ValType.FUNCREF;
        if (passiveOrDeclarative || explicitTable) {
            if (expressions) {
                type = ExpressionScanner.refType(s);
            } else {
                int kindAt = s.pos();
                if (s.u8() != 0x00) throw new MalformedModuleException("malformed element kind", kindAt);
            }
        }

        int count = s.count();
        List<ConstExpr> init = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (expressions) {
                init.add(scanner.constExpr(s));
            } else {
                init.add(refFunc(s));
            }
        }
        return new ElementSegment(mode, table, offset, type, List.copyOf(init), at);
    }

    private ConstExpr refFunc(CodeReader s) {
        int at = s.pos();
        long funcIndex = s.u32Long();
        if (funcIndex < refFuncs.length && refFuncs[(int) funcIndex] != null) {
            return refFuncs[(int) funcIndex];
        }
        // Out-of-range indices are not cached: validation rejects the first one anyway.
        ConstExpr e = new ConstExpr(List.of(new ConstExpr.Instr(Opcodes.REF_FUNC, funcIndex, at)), at);
        if (funcIndex < refFuncs.length) refFuncs[(int) funcIndex] = e;
        return e;
    }
}
