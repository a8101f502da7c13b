package dev.pinion.ota;

import dev.pinion.engine.ExternType;
import dev.pinion.engine.Function;
import dev.pinion.engine.Global;
import dev.pinion.engine.ImportInfo;
import dev.pinion.engine.Imports;
import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Table;
import dev.pinion.engine.WasmModule;

/**
 * The "does it decode, validate and link here" check that runs before a delivered module is stored, for
 * {@link ModuleHost#check} implementations: compiles the bytes and resolves every import against what the
 * gateway offers, without instantiating (no start function runs, no memory is allocated).
 */
public final class ModuleChecks {
    private ModuleChecks() {}

    /**
     * Compiles {@code wasm} and checks its imports against {@code offered}.
     *
     * @return the compiled module (a host may keep it to instantiate without compiling again)
     * @throws OtaException {@link Reason#INVALID_MODULE} with the engine's reason and byte offset, or
     *                      {@link Reason#UNLINKABLE} naming the first import that is missing or of another type
     */
    public static WasmModule compileAndLink(byte[] wasm, Imports offered) throws OtaException {
        WasmModule module;
        try {
            module = WasmModule.compile(wasm);
        } catch (MalformedModuleException e) {
            throw new OtaException(Reason.INVALID_MODULE, "malformed: " + e.reason() + " at byte offset " + e.offset());
        } catch (InvalidModuleException e) {
            throw new OtaException(Reason.INVALID_MODULE, "invalid: " + e.reason() + " at byte offset " + e.offset());
        } catch (RuntimeException e) {
            throw new OtaException(Reason.INVALID_MODULE, "cannot compile: " + e.getMessage());
        }
        for (ImportInfo imp : module.imports()) {
            Object extern = offered.resolve(imp.module(), imp.name());
            String what = "import " + imp.module() + "." + imp.name();
            if (extern == null) throw new OtaException(Reason.UNLINKABLE, what + " is not offered by this gateway");
            switch (imp.type()) {
                case ExternType.Func f -> {
                    if (!(extern instanceof Function fn)) throw new OtaException(Reason.UNLINKABLE, what + " is not a function here");
                    if (!fn.type().equals(f.type())) {
                        throw new OtaException(Reason.UNLINKABLE, what + " has type " + f.type() + ", this gateway offers "
                                + fn.type());
                    }
                }
                case ExternType.Memory m -> {
                    if (!(extern instanceof Memory)) throw new OtaException(Reason.UNLINKABLE, what + " is not a memory here");
                }
                case ExternType.Table t -> {
                    if (!(extern instanceof Table)) throw new OtaException(Reason.UNLINKABLE, what + " is not a table here");
                }
                case ExternType.Global g -> {
                    if (!(extern instanceof Global)) throw new OtaException(Reason.UNLINKABLE, what + " is not a global here");
                }
            }
        }
        return module;
    }
}
