package dev.pinion.cli;

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
        if (ModuleFile.compile(path, spec.commandLine().getErr()) == null) return false;
        spec.commandLine().getOut().println(path + ": valid");
        return true;
    }
}
