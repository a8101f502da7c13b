package dev.pinion.engine.internal.validate;

import dev.pinion.engine.ExternType;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.ValType;
import dev.pinion.engine.internal.model.Import;
import dev.pinion.engine.internal.model.ModuleInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The spec's validation context C for one module: the combined index spaces (imports first) flattened into
 * arrays so that body validation looks them up without allocating. Type indices of functions are checked
 * by {@link Validator} before any lookup through them.
 */
final class ModuleContext {
    final ModuleInfo module;
    /** Per type index: parameter and result type codes ({@link ValType#code()}). */
    final int[][] typeParams;
    final int[][] typeResults;
    /** Per function index: its type index. */
    final int[] funcTypes;
    final ExternType.Table[] tables;
    final int memoryCount;
    final ExternType.Global[] globals;
    final int importedGlobalCount;
    final int importedFunctionCount;
    /** Function indices that may appear in {@code ref.func} inside function bodies (C.refs). */
    final boolean[] declaredRefs;

    ModuleContext(ModuleInfo m) {
        this.module = m;
        int nTypes = m.types().size();
        typeParams = new int[nTypes][];
        typeResults = new int[nTypes][];
        for (int i = 0; i < nTypes; i++) {
            FuncType t = m.types().get(i);
            typeParams[i] = codes(t.params());
            typeResults[i] = codes(t.results());
        }
        List<Integer> funcs = new ArrayList<>();
        List<ExternType.Table> tableList = new ArrayList<>();
        List<ExternType.Global> globalList = new ArrayList<>();
        int memories = 0;
        for (Import imp : m.imports()) {
            // instanceof, not a pattern switch: each pattern switch spins a class at its first run, and the first
            // one in a cold JVM costs 10 ms or more, a fifth of a `pinion run` (RATIONALE.md, "Start-up").
            ExternType type = imp.type();
            if (type instanceof ExternType.Func) funcs.add(imp.typeIndex());
            else if (type instanceof ExternType.Table t) tableList.add(t);
            else if (type instanceof ExternType.Memory) memories++;
            else globalList.add((ExternType.Global) type);
        }
        importedFunctionCount = funcs.size();
        importedGlobalCount = globalList.size();
        funcTypes = new int[funcs.size() + m.funcTypeIndices().length];
        for (int i = 0; i < funcs.size(); i++) funcTypes[i] = funcs.get(i);
        System.arraycopy(m.funcTypeIndices(), 0, funcTypes, funcs.size(), m.funcTypeIndices().length);
        tableList.addAll(m.tables());
        tables = tableList.toArray(new ExternType.Table[0]);
        memoryCount = memories + m.memories().size();
        m.globals().forEach(g -> globalList.add(g.type()));
        globals = globalList.toArray(new ExternType.Global[0]);
        declaredRefs = new boolean[funcTypes.length];
    }

    static int[] codes(List<ValType> types) {
        int[] c = new int[types.size()];
        for (int i = 0; i < c.length; i++) c[i] = types.get(i).code();
        return c;
    }

    int functionCount() {
        return funcTypes.length;
    }

    ExternType.Global global(int index) {
        return globals[index];
    }
}
