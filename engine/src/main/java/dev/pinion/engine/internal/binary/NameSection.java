package dev.pinion.engine.internal.binary;

import dev.pinion.engine.MalformedModuleException;
import java.util.HashMap;
import java.util.Map;

/**
 * The "name" custom section: the module name (subsection 0) and function names (subsection 1). Other
 * subsections are skipped. A custom section can never make a module malformed, so any fault here discards the
 * whole name section instead of failing the decode.
 */
record NameSection(String moduleName, Map<Integer, String> functionNames) {
    static final NameSection EMPTY = new NameSection(null, Map.of());

    private static final int MODULE_NAME = 0, FUNCTION_NAMES = 1;

    static NameSection decode(byte[] bytes, int start, int end) {
        try {
            CodeReader r = new CodeReader(bytes, start, end);
            String moduleName = null;
            Map<Integer, String> functionNames = Map.of();
            while (!r.atEnd()) {
                int id = r.u8();
                int size = r.count();
                CodeReader sub = new CodeReader(bytes, r.pos(), r.pos() + size);
                if (id == MODULE_NAME) {
                    moduleName = sub.name();
                } else if (id == FUNCTION_NAMES) {
                    functionNames = nameMap(sub);
                }
                r.skip(size);
            }
            return new NameSection(moduleName, functionNames);
        } catch (MalformedModuleException e) {
            return EMPTY;
        }
    }

    private static Map<Integer, String> nameMap(CodeReader r) {
        int n = r.count();
        Map<Integer, String> names = new HashMap<>(Math.min(n, 1024) * 2);
        for (int i = 0; i < n; i++) {
            int index = r.u32();
            names.put(index, r.name());
        }
        return Map.copyOf(names);
    }
}
