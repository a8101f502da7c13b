package dev.pinion.cli;

import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.WasmModule;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pinion validate MODULE...}: decode and validate each module, as the runtime would before running it.
 * Exit 0 if all are valid, 1 if any is not (each failure names the stage, the spec's reason and the byte offset).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check that modules decode and validate (without running them).")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "MODULE", description = "WebAssembly binary (.wasm) files.")
    List<Path> modules;

    @Override
    public Integer call() {
        int failures = 0;
        for (Path path : modules) {
            if (!validate(path)) failures++;
        }
        return failures == 0 ? 0 : Pinion.EXIT_FAILURE;
    }

    private boolean validate(Path path) {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            WasmModule.compile(ModuleFile.read(path));
            out.println(path + ": valid");
            return true;
        } catch (ModuleFile.UnreadableException e) {
            err.println(e.getMessage());
        } catch (MalformedModuleException e) {
            err.println(path + ": malformed: " + e.reason() + atOffset(e.offset()));
        } catch (InvalidModuleException e) {
            err.println(path + ": invalid: " + e.reason() + atOffset(e.offset()));
        }
        return false;
    }

    /** " at byte offset 123 (0x7b)", or nothing for a fault not tied to one place (offset -1). */
    static String atOffset(long offset) {
        return offset < 0 ? "" : " at byte offset " + offset + " (0x" + Long.toHexString(offset) + ")";
    }
}
