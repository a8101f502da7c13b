package dev.pinion.engine;

import java.util.List;

/**
 * A decoded, validated and lowered module, ready to instantiate any number of times. Immutable and safe to
 * share between threads. Not for embedders to implement.
 */
public interface WasmModule {
    /** Decode, validate and lower with {@link Config#DEFAULT}. */
    static WasmModule compile(byte[] bytes) {
        return compile(bytes, Config.DEFAULT);
    }

    /**
     * Decode, validate and lower.
     *
     * @throws MalformedModuleException if the bytes are not a well-formed binary module
     * @throws InvalidModuleException   if the module does not validate
     */
    static WasmModule compile(byte[] bytes, Config config) {
        return dev.pinion.engine.internal.exec.CompiledModule.compile(bytes, config);
    }

    Config config();

    /** Module name from the name section, or null. */
    String name();

    List<ImportInfo> imports();

    List<ExportInfo> exports();

    List<CustomSection> customSections();

    /** The payload bytes of the first custom section with this name, or null. */
    byte[] customSection(String name);

    /** Number of functions defined (not imported) by the module. */
    int definedFunctionCount();

    /** Size of the module binary in bytes. */
    int byteSize();

    /** Type of every function in the function index space (imports first). */
    List<FuncType> functionTypes();

    /** Memory types of the memory index space (imports first). */
    List<ExternType.Memory> memories();

    List<ExternType.Table> tables();

    List<ExternType.Global> globals();

    /** Name of function {@code index} from the name section, or null. */
    String functionName(int index);

    /**
     * Link and instantiate: resolve imports, create memories/tables/globals, apply segments, run the start
     * function.
     *
     * @throws LinkException if an import is missing or has the wrong type
     * @throws Trap          if a segment is out of bounds or the start function traps
     */
    Instance instantiate(Imports imports);

    default Instance instantiate() {
        return instantiate(Imports.NONE);
    }
}
