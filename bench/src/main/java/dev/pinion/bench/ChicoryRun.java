package dev.pinion.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Chicory side of the whole-process comparison (bench/process.sh, bench/bigmodule.sh): a command-line runner
 * that does what {@code pinion run MODULE ARGS} does, with Chicory 1.7.5: parse the module, translate it to JVM
 * bytecode with Chicory's runtime compiler ({@link MachineFactoryCompiler}, the whole module at load), link
 * WASI preview1 with the process's stdin/stdout/stderr, call {@code _start}, and exit with the guest's code.
 *
 * <p>Usage: {@code ChicoryRun [--interpreter] [--dir HOST[::GUEST]]... MODULE [ARGS...]}. It depends on
 * Chicory's jars only, so process.sh starts it with {@code target/chicory-cli/*} and this class, not the whole
 * benchmarks jar.
 */
public final class ChicoryRun {
    private ChicoryRun() {}

    public static void main(String[] args) throws IOException {
        boolean interpreter = false;
        WasiOptions.Builder options = WasiOptions.builder().inheritSystem();
        int i = 0;
        for (; i < args.length && args[i].startsWith("--"); i++) {
            switch (args[i]) {
                case "--interpreter" -> interpreter = true;
                case "--dir" -> {
                    if (++i == args.length) usage("--dir needs HOST[::GUEST]");
                    String spec = args[i];
                    int sep = spec.indexOf("::");
                    String host = sep < 0 ? spec : spec.substring(0, sep), guest = sep < 0 ? spec : spec.substring(sep + 2);
                    options.withDirectory(guest, Path.of(host));
                }
                default -> usage("unknown option '" + args[i] + "'");
            }
        }
        if (i == args.length) usage("missing MODULE");
        Path file = Path.of(args[i]);
        List<String> argv = new ArrayList<>();
        argv.add(file.getFileName().toString());
        for (int a = i + 1; a < args.length; a++) argv.add(args[a]);
        options.withArguments(argv);

        WasmModule module = Parser.parse(Files.readAllBytes(file));
        int exit = 0;
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
            Instance.Builder builder = Instance.builder(module)
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withStart(false);
            if (!interpreter) builder.withMachineFactory(MachineFactoryCompiler.compile(module));
            Instance instance = builder.build();
            instance.export("_start").apply();
        } catch (WasiExitException e) {
            exit = e.exitCode();
        }
        System.out.flush();
        System.exit(exit);
    }

    private static void usage(String problem) {
        System.err.println("ChicoryRun: " + problem);
        System.err.println("usage: ChicoryRun [--interpreter] [--dir HOST[::GUEST]]... MODULE [ARGS...]");
        System.exit(2);
    }
}
