package dev.pinion.engine.internal.validate;

import dev.pinion.engine.ExternType;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.Limits;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.binary.Opcodes;
import dev.pinion.engine.internal.model.ConstExpr;
import dev.pinion.engine.internal.model.DataSegment;
import dev.pinion.engine.internal.model.ElementSegment;
import dev.pinion.engine.internal.model.Export;
import dev.pinion.engine.internal.model.GlobalDef;
import dev.pinion.engine.internal.model.Import;
import dev.pinion.engine.internal.model.ModuleInfo;
import java.util.HashSet;
import java.util.Set;

/**
 * Validates a decoded module against the WebAssembly 2.0 validation rules (without SIMD). Front-end entry point:
 *
 * <pre>{@code
 * ModuleInfo info = Decoder.decode(bytes);   // MalformedModuleException
 * Validator.validate(info);                  // InvalidModuleException
 * }</pre>
 *
 * <p>Module-level rules are checked here in section order, then every function body by
 * {@link FunctionValidator}. Failures are {@link InvalidModuleException}s with the spec's wording (as in the
 * spec test suite's {@code assert_invalid}) and the byte offset of the offending entry or instruction.
 */
public final class Validator {
    /** Most pages a 32-bit memory can have (4 GiB). */
    public static final long MAX_PAGES = 65536;

    private final ModuleInfo m;
    private final ModuleContext ctx;
    private final ConstExprValidator constExprs;

    private Validator(ModuleInfo m) {
        this.m = m;
        this.ctx = new ModuleContext(m);
        this.constExprs = new ConstExprValidator(ctx);
    }

    /** Validates the whole module; returns normally if it is valid. */
    public static void validate(ModuleInfo module) {
        new Validator(module).run();
    }

    private void run() {
        for (Import imp : m.imports()) {
            // instanceof, not a pattern switch: each pattern switch spins a class at its first run, and the first
            // one in a cold JVM costs 10 ms or more, a fifth of a `pinion run` (RATIONALE.md, "Start-up").
            ExternType type = imp.type();
            if (type instanceof ExternType.Func) typeIndex(imp.typeIndex(), imp.offset());
            else if (type instanceof ExternType.Table t) tableLimits(t.limits(), imp.offset());
            else if (type instanceof ExternType.Memory mem) memoryLimits(mem.limits(), imp.offset());
        }
        for (int typeIndex : m.funcTypeIndices()) {
            typeIndex(typeIndex, section(FUNCTION));
        }
        for (ExternType.Table t : m.tables()) {
            tableLimits(t.limits(), section(TABLE));
        }
        for (ExternType.Memory mem : m.memories()) {
            memoryLimits(mem.limits(), section(MEMORY));
        }
        if (ctx.memoryCount > 1) {
            throw new InvalidModuleException("multiple memories",
                    m.memories().isEmpty() ? section(IMPORT) : section(MEMORY));
        }
        for (GlobalDef g : m.globals()) {
            constExprs.validate(g.init(), g.type().valueType(), ctx.importedGlobalCount);
            declareRefs(g.init());
        }
        exports();
        start();
        for (ElementSegment e : m.elements()) {
            element(e);
        }
        for (DataSegment d : m.datas()) {
            if (d.active()) {
                if (d.memIndex() >= ctx.memoryCount) {
                    throw new InvalidModuleException("unknown memory " + d.memIndex(), d.offset());
                }
                constExprs.validate(d.memOffset(), ValType.I32, ctx.importedGlobalCount);
            }
        }
        FunctionValidator fv = new FunctionValidator(ctx);
        for (int i = 0; i < m.codes().size(); i++) {
            fv.validate(ctx.importedFunctionCount + i, m.codes().get(i));
        }
    }

    // Section ids, for pointing errors about entries that keep no offset of their own at their section.
    private static final int TYPE = 1, IMPORT = 2, FUNCTION = 3, TABLE = 4, MEMORY = 5, START = 8;

    private long section(int id) {
        return m.sectionOffset(id);
    }

    private void typeIndex(int index, long offset) {
        if (index < 0 || index >= m.types().size()) {
            throw new InvalidModuleException("unknown type " + index, offset);
        }
    }

    private static void tableLimits(Limits l, long offset) {
        if (l.hasMax() && l.min() > l.max()) {
            throw new InvalidModuleException("size minimum must not be greater than maximum", offset);
        }
    }

    private static void memoryLimits(Limits l, long offset) {
        if (l.min() > MAX_PAGES || (l.hasMax() && l.max() > MAX_PAGES)) {
            throw new InvalidModuleException("memory size must be at most 65536 pages (4GiB)", offset);
        }
        if (l.hasMax() && l.min() > l.max()) {
            throw new InvalidModuleException("size minimum must not be greater than maximum", offset);
        }
    }

    private void exports() {
        Set<String> names = new HashSet<>();
        for (Export e : m.exports()) {
            int index = e.index();
            switch (e.kind()) {
                case Export.FUNC -> {
                    if (index >= ctx.functionCount()) throw new InvalidModuleException("unknown function " + index, e.offset());
                    ctx.declaredRefs[index] = true;
                }
                case Export.TABLE -> {
                    if (index >= ctx.tables.length) throw new InvalidModuleException("unknown table " + index, e.offset());
                }
                case Export.MEMORY -> {
                    if (index >= ctx.memoryCount) throw new InvalidModuleException("unknown memory " + index, e.offset());
                }
                case Export.GLOBAL -> {
                    if (index >= ctx.globals.length) throw new InvalidModuleException("unknown global " + index, e.offset());
                }
                default -> throw new AssertionError(e.kind());
            }
            if (!names.add(e.name())) {
                throw new InvalidModuleException("duplicate export name", e.offset());
            }
        }
    }

    private void start() {
        int s = m.start();
        if (s < 0) return;
        if (s >= ctx.functionCount()) throw new InvalidModuleException("unknown function " + s, section(START));
        int type = ctx.funcTypes[s];
        if (ctx.typeParams[type].length != 0 || ctx.typeResults[type].length != 0) {
            throw new InvalidModuleException("start function", section(START));
        }
    }

    private void element(ElementSegment e) {
        if (e.mode() == ElementSegment.Mode.ACTIVE) {
            if (e.tableIndex() >= ctx.tables.length) {
                throw new InvalidModuleException("unknown table " + e.tableIndex(), e.offset());
            }
            constExprs.validate(e.tableOffset(), ValType.I32, ctx.importedGlobalCount);
            if (ctx.tables[e.tableIndex()].elementType() != e.type()) {
                throw new InvalidModuleException("type mismatch", e.offset());
            }
        }
        for (ConstExpr item : e.init()) {
            constExprs.validate(item, e.type(), ctx.importedGlobalCount);
            declareRefs(item);
        }
    }

    /** Every ref.func outside function bodies declares its function for ref.func inside them. */
    private void declareRefs(ConstExpr expr) {
        for (ConstExpr.Instr in : expr.instrs()) {
            if (in.opcode() == Opcodes.REF_FUNC) {
                ctx.declaredRefs[(int) in.imm()] = true;
            }
        }
    }
}
