package dev.pinion.engine.internal.binary;

import dev.pinion.engine.CustomSection;
import dev.pinion.engine.ExternType;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.Limits;
import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.model.Code;
import dev.pinion.engine.internal.model.ConstExpr;
import dev.pinion.engine.internal.model.DataSegment;
import dev.pinion.engine.internal.model.ElementSegment;
import dev.pinion.engine.internal.model.Export;
import dev.pinion.engine.internal.model.GlobalDef;
import dev.pinion.engine.internal.model.Import;
import dev.pinion.engine.internal.model.ModuleInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a WebAssembly 2.0 binary module into a {@link ModuleInfo}. Front-end entry point:
 *
 * <pre>{@code
 * ModuleInfo info = Decoder.decode(bytes);   // MalformedModuleException
 * Validator.validate(info);                  // InvalidModuleException
 * }</pre>
 *
 * <p>Decoding checks everything the spec's binary format defines (section order and sizes, LEB128 limits,
 * UTF-8 names, opcodes and immediates of every function body and constant expression) and nothing the
 * validation rules define (indices, types). Every failure is a {@link MalformedModuleException} with the spec's
 * wording and the byte offset; any byte string, however hostile, produces either a {@link ModuleInfo} or that
 * exception (SIMD instructions are the one exception: they decode and the validator rejects them).
 *
 * <p>Memory is bounded by the input: every count is checked against the bytes left before anything is
 * allocated, and a function may declare at most {@link #MAX_LOCALS} locals.
 */
public final class Decoder {
    /** Most locals (excluding parameters) one function may declare; more is "too many locals". */
    public static final int MAX_LOCALS = 50_000;
    /**
     * Most parameters, and most results, of one function type. Every call, block and branch costs validation (and
     * execution) time in proportion to its arity; without a cap a module could make each 2-byte instruction cost
     * a million steps. 1000 is the limit the JS embedding of WebAssembly sets, so real modules stay within it.
     */
    public static final int MAX_PARAMS = 1000, MAX_RESULTS = 1000;

    private static final int MAGIC = 0x6D736100; // "\0asm" read little-endian
    private static final int VERSION = 1;

    // Section ids.
    static final int CUSTOM = 0, TYPE = 1, IMPORT = 2, FUNCTION = 3, TABLE = 4, MEMORY = 5, GLOBAL = 6,
            EXPORT = 7, START = 8, ELEMENT = 9, CODE = 10, DATA = 11, DATA_COUNT = 12;
    /** Position of each non-custom section id in the required order (data count sits between element and code). */
    private static final int[] ORDER = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};

    private final byte[] bytes;
    private List<FuncType> types = List.of();
    private List<Import> imports = List.of();
    private int[] funcTypeIndices = new int[0];
    private List<ExternType.Table> tables = List.of();
    private List<ExternType.Memory> memories = List.of();
    private List<GlobalDef> globals = List.of();
    private List<Export> exports = List.of();
    private int start = -1;
    private List<ElementSegment> elements = List.of();
    private int dataCount = -1;
    private List<Code> codes = List.of();
    private List<DataSegment> datas = List.of();
    private final List<CustomSection> customSections = new ArrayList<>();
    private NameSection names = NameSection.EMPTY;
    private final ExpressionScanner scanner = new ExpressionScanner();
    private final int[] sectionOffsets = new int[DATA_COUNT + 1];

    private Decoder(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Decodes a binary module. The array is kept by the result (bodies and data are read in place): do not modify it. */
    public static ModuleInfo decode(byte[] bytes) {
        if (bytes == null) throw new MalformedModuleException("unexpected end", 0);
        return new Decoder(bytes).module();
    }

    private ModuleInfo module() {
        Arrays.fill(sectionOffsets, -1);
        CodeReader r = new CodeReader(bytes);
        if (r.remaining() < 4) throw new MalformedModuleException("unexpected end", r.limit());
        if (r.f32Bits() != MAGIC) throw new MalformedModuleException("magic header not detected", 0);
        if (r.remaining() < 4) throw new MalformedModuleException("unexpected end", r.limit());
        if (r.f32Bits() != VERSION) throw new MalformedModuleException("unknown binary version", 4);

        int lastOrder = 0;
        while (!r.atEnd()) {
            int idAt = r.pos();
            int id = r.u8();
            if (id > DATA_COUNT) throw new MalformedModuleException("malformed section id", idAt);
            int sizeAt = r.pos();
            long size = r.u32Long();
            if (size > r.remaining()) throw new MalformedModuleException("length out of bounds", sizeAt);
            int contentStart = r.pos();
            int end = contentStart + (int) size;
            if (id != CUSTOM) {
                if (ORDER[id] <= lastOrder) {
                    throw new MalformedModuleException("unexpected content after last section", idAt);
                }
                lastOrder = ORDER[id];
            }
            // A read past the section's end is a lie in the size field if more bytes follow, or a truncated
            // module if the section runs to the end of the file.
            CodeReader s = new CodeReader(bytes, contentStart, end).endReason(id == CUSTOM ? "unexpected end"
                    : end == bytes.length ? "unexpected end of section or function" : "section size mismatch");
            sectionOffsets[id] = contentStart;
            section(id, s);
            if (!s.atEnd()) throw new MalformedModuleException("section size mismatch", s.pos());
            r.seek(end);
        }
        if (funcTypeIndices.length != codes.size()) {
            throw new MalformedModuleException("function and code section have inconsistent lengths",
                    sectionOffsets[CODE] >= 0 ? sectionOffsets[CODE] : bytes.length);
        }
        if (dataCount >= 0 && dataCount != datas.size()) {
            throw new MalformedModuleException("data count and data section have inconsistent lengths", bytes.length);
        }
        // Like the reference decoder, insist on the data count section only when there are data segments to
        // count; without any, a data index is simply unknown, which validation reports.
        if (dataCount < 0 && !datas.isEmpty() && scanner.firstDataIndexUse() >= 0) {
            throw new MalformedModuleException("data count section required", scanner.firstDataIndexUse());
        }
        return new ModuleInfo(bytes, List.copyOf(types), List.copyOf(imports), funcTypeIndices, List.copyOf(tables),
                List.copyOf(memories), List.copyOf(globals), List.copyOf(exports), start, List.copyOf(elements),
                dataCount, List.copyOf(codes), List.copyOf(datas), List.copyOf(customSections), names.moduleName(),
                names.functionNames(), sectionOffsets);
    }

    private void section(int id, CodeReader s) {
        switch (id) {
            case CUSTOM -> custom(s);
            case TYPE -> types = typeSection(s);
            case IMPORT -> imports = importSection(s);
            case FUNCTION -> functionSection(s);
            case TABLE -> tables = tableSection(s);
            case MEMORY -> memories = memorySection(s);
            case GLOBAL -> globals = globalSection(s);
            case EXPORT -> exports = exportSection(s);
            case START -> start = s.u32();
            case ELEMENT -> elements = new ElementSectionDecoder(scanner, functionCount()).decode(s);
            case DATA_COUNT -> dataCount = s.u32();
            case CODE -> codeSection(s);
            case DATA -> datas = dataSection(s);
            default -> throw new AssertionError(id);
        }
    }

    /** Imported plus defined functions, as far as decoded. */
    private int functionCount() {
        int imported = 0;
        for (Import i : imports) {
            if (i.type() instanceof ExternType.Func) imported++;
        }
        return imported + funcTypeIndices.length;
    }

    private void custom(CodeReader s) {
        String name = s.name();
        int payload = s.pos();
        customSections.add(new CustomSection(name, payload, s.limit() - payload));
        if (name.equals("name") && names == NameSection.EMPTY) {
            names = NameSection.decode(bytes, payload, s.limit());
        }
        s.seek(s.limit());
    }

    private List<FuncType> typeSection(CodeReader s) {
        int n = s.count();
        List<FuncType> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = s.pos();
            int form = s.u8();
            if (form != 0x60) {
                // The form is an s7 in the spec's grammar: a continuation bit makes it too long for one.
                throw new MalformedModuleException((form & 0x80) != 0 ? "integer representation too long"
                        : "malformed function type", at);
            }
            int paramsAt = s.pos();
            List<ValType> params = valTypes(s);
            if (params.size() > MAX_PARAMS) throw new MalformedModuleException("too many parameters", paramsAt);
            int resultsAt = s.pos();
            List<ValType> results = valTypes(s);
            if (results.size() > MAX_RESULTS) throw new MalformedModuleException("too many results", resultsAt);
            list.add(new FuncType(params, results));
        }
        return list;
    }

    private static List<ValType> valTypes(CodeReader s) {
        int n = s.count();
        ValType[] t = new ValType[n];
        for (int i = 0; i < n; i++) t[i] = ExpressionScanner.valType(s);
        return Arrays.asList(t);
    }

    private List<Import> importSection(CodeReader s) {
        int n = s.count();
        List<Import> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = s.pos();
            String module = s.name();
            String name = s.name();
            int kindAt = s.pos();
            int kind = s.u8();
            switch (kind) {
                case 0 -> {
                    int typeIndex = s.u32();
                    FuncType t = typeIndex < types.size() ? types.get(typeIndex) : null;
                    list.add(new Import(module, name, new ExternType.Func(t), typeIndex, at));
                }
                case 1 -> list.add(new Import(module, name, tableType(s), -1, at));
                case 2 -> list.add(new Import(module, name, memoryType(s), -1, at));
                case 3 -> list.add(new Import(module, name, globalType(s), -1, at));
                default -> throw new MalformedModuleException("malformed import kind", kindAt);
            }
        }
        return list;
    }

    private void functionSection(CodeReader s) {
        int n = s.count();
        funcTypeIndices = new int[n];
        for (int i = 0; i < n; i++) funcTypeIndices[i] = s.u32();
    }

    private List<ExternType.Table> tableSection(CodeReader s) {
        int n = s.count();
        List<ExternType.Table> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(tableType(s));
        return list;
    }

    private List<ExternType.Memory> memorySection(CodeReader s) {
        int n = s.count();
        List<ExternType.Memory> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(memoryType(s));
        return list;
    }

    private List<GlobalDef> globalSection(CodeReader s) {
        int n = s.count();
        List<GlobalDef> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = s.pos();
            ExternType.Global type = globalType(s);
            list.add(new GlobalDef(type, scanner.constExpr(s), at));
        }
        return list;
    }

    private List<Export> exportSection(CodeReader s) {
        int n = s.count();
        List<Export> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = s.pos();
            String name = s.name();
            int kindAt = s.pos();
            int kind = s.u8();
            if (kind > Export.GLOBAL) throw new MalformedModuleException("malformed export kind", kindAt);
            list.add(new Export(name, kind, s.u32(), at));
        }
        return list;
    }

    private void codeSection(CodeReader s) {
        int codeSectionOffset = s.pos();
        int n = s.count();
        if (n != funcTypeIndices.length) {
            throw new MalformedModuleException("function and code section have inconsistent lengths", codeSectionOffset);
        }
        List<Code> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int sizeAt = s.pos();
            int size = s.u32();
            if (size > s.remaining()) {
                throw new MalformedModuleException(s.endReason(), sizeAt);
            }
            int bodyEnd = s.pos() + size;
            CodeReader b = new CodeReader(bytes, s.pos(), bodyEnd).endReason(bodyEnd == bytes.length
                    ? "unexpected end of section or function" : "END opcode expected");
            list.add(code(b, scanner, bodyEnd));
            s.seek(bodyEnd);
        }
        codes = list;
    }

    /** Local declarations: vec of (count, type) runs, kept as runs; at most {@link #MAX_LOCALS} in total. */
    private static Code code(CodeReader b, ExpressionScanner scanner, int bodyEnd) {
        int runsAt = b.pos();
        int runs = b.count();
        int[] counts = new int[runs];
        ValType[] runTypes = new ValType[runs];
        long total = 0;
        for (int i = 0; i < runs; i++) {
            counts[i] = b.u32();
            total += counts[i];
            if (total > MAX_LOCALS) throw new MalformedModuleException("too many locals", runsAt);
            runTypes[i] = ExpressionScanner.valType(b);
        }
        int bodyStart = b.pos();
        scanner.scanBody(b);
        return new Code(counts, runTypes, bodyStart, bodyEnd);
    }

    private List<DataSegment> dataSection(CodeReader s) {
        int n = s.count();
        List<DataSegment> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = s.pos();
            int flags = s.u32();
            switch (flags) {
                case 0 -> {
                    ConstExpr offset = scanner.constExpr(s);
                    int len = lengthThenBytes(s);
                    list.add(new DataSegment(true, 0, offset, s.pos() - len, len, at));
                }
                case 1 -> {
                    int len = lengthThenBytes(s);
                    list.add(new DataSegment(false, 0, null, s.pos() - len, len, at));
                }
                case 2 -> {
                    int mem = s.u32();
                    ConstExpr offset = scanner.constExpr(s);
                    int len = lengthThenBytes(s);
                    list.add(new DataSegment(true, mem, offset, s.pos() - len, len, at));
                }
                default -> throw new MalformedModuleException("malformed data segment kind", at);
            }
        }
        return list;
    }

    private static int lengthThenBytes(CodeReader s) {
        int start = s.byteVector();
        return s.pos() - start;
    }

    static ExternType.Table tableType(CodeReader s) {
        ValType elem = ExpressionScanner.refType(s);
        return new ExternType.Table(elem, limits(s));
    }

    static ExternType.Memory memoryType(CodeReader s) {
        return new ExternType.Memory(limits(s), false);
    }

    private static Limits limits(CodeReader s) {
        int at = s.pos();
        int flag = s.u8();
        if ((flag & 0x80) != 0) throw new MalformedModuleException("integer representation too long", at);
        return switch (flag) {
            case 0x00 -> new Limits(s.u32Long(), -1);
            case 0x01 -> new Limits(s.u32Long(), s.u32Long());
            default -> throw new MalformedModuleException("integer too large", at);
        };
    }

    private static ExternType.Global globalType(CodeReader s) {
        ValType t = ExpressionScanner.valType(s);
        int at = s.pos();
        int mut = s.u8();
        if (mut > 1) throw new MalformedModuleException("malformed mutability", at);
        return new ExternType.Global(t, mut == 1);
    }
}
