package dev.pinion.cli;

import dev.pinion.engine.CustomSection;
import dev.pinion.engine.ExportInfo;
import dev.pinion.engine.ExternType;
import dev.pinion.engine.ImportInfo;
import dev.pinion.engine.WasmModule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pinion inspect MODULE}: what a module needs and offers, read through the public engine API only:
 * imports (what the host must provide), exports (what the host can call), memories, tables, globals, function
 * count, custom sections and size. A module that does not validate is reported like {@code validate} does.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a module's imports, exports, memories, tables, globals and sections.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODULE", description = "WebAssembly binary (.wasm) file.")
    Path module;

    @Override
    public Integer call() {
        WasmModule m = ModuleFile.compile(module, spec.commandLine().getErr());
        if (m == null) return Pinion.EXIT_FAILURE;
        print(m, spec.commandLine().getOut());
        return 0;
    }

    private void print(WasmModule m, PrintWriter out) {
        int allFunctions = m.functionTypes().size();
        int defined = m.definedFunctionCount();
        out.println("module:    " + module + (m.name() != null ? " (name \"" + m.name() + "\")" : ""));
        out.println("size:      " + m.byteSize() + " bytes");
        out.println("functions: " + defined + " defined, " + (allFunctions - defined) + " imported");

        List<ImportInfo> imports = m.imports();
        out.println("imports:   " + imports.size());
        for (ImportInfo i : imports) {
            out.printf("  %-6s %s.%s %s%n", ExternTypeText.kind(i.type()), i.module(), i.name(),
                    ExternTypeText.signature(i.type()));
        }
        List<ExportInfo> exports = m.exports();
        out.println("exports:   " + exports.size());
        for (ExportInfo e : exports) {
            out.printf("  %-6s %s %s%n", ExternTypeText.kind(e.type()), e.name(), ExternTypeText.signature(e.type()));
        }
        printIndexed(out, "memories:  ", m.memories());
        printIndexed(out, "tables:    ", m.tables());
        printIndexed(out, "globals:   ", m.globals());
        List<CustomSection> customs = m.customSections();
        out.println("custom sections: " + customs.size());
        for (CustomSection c : customs) {
            out.printf("  %s (%d bytes at offset %d)%n", c.name(), c.size(), c.offset());
        }
    }

    /** One line per entry of an index space (imports first, as the spec numbers them). */
    private static void printIndexed(PrintWriter out, String heading, List<? extends ExternType> types) {
        out.println(heading + types.size());
        for (int i = 0; i < types.size(); i++) {
            out.printf("  %d: %s%n", i, ExternTypeText.signature(types.get(i)));
        }
    }
}
