package dev.pinion.wasi.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pinion.engine.ValType;
import dev.pinion.engine.WasmExit;
import dev.pinion.wasi.Preopen;
import dev.pinion.wasi.WasiConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a guest passes, a host function returns an errno of the witx enum and throws nothing (proc_exit's
 * exit request aside). Arguments are random but biased towards the interesting values: small fds, pointers near
 * the end of memory, lengths that overflow, all-ones.
 */
class RobustnessTest {
    @TempDir Path tmp;

    static Stream<String> functions() {
        return new Guest(WasiConfig.builder().build()).names().stream().sorted()
                .filter(n -> !n.equals("proc_exit") && !n.equals("poll_oneoff"));
    }

    @ParameterizedTest
    @MethodSource("functions")
    void randomArguments_neverThrow(String name) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Files.writeString(root.resolve("f"), "data");
        Guest g = new Guest(WasiConfig.builder().preopen(new Preopen(root, "/", false)).build());
        Random rnd = new Random(name.hashCode());
        rnd.nextBytes(g.mem.bytes);
        List<ValType> params = g.binding(name).type().params();
        for (int round = 0; round < 2000; round++) {
            long[] args = new long[params.size()];
            for (int i = 0; i < args.length; i++) args[i] = pick(rnd, params.get(i), g.mem.bytes.length);
            int errno;
            try {
                errno = g.call(name, args);
            } catch (WasmExit e) {
                continue;
            } catch (Throwable t) {
                fail(name + " threw " + t + " for " + java.util.Arrays.toString(args));
                return;
            }
            assertTrue(errno >= 0 && errno <= 76, name + " returned " + errno);
        }
    }

    private static long pick(Random rnd, ValType t, int memSize) {
        long v = switch (rnd.nextInt(8)) {
            case 0 -> rnd.nextInt(8);
            case 1 -> memSize - rnd.nextInt(64);
            case 2 -> 0xFFFF_FFFFL;
            case 3 -> rnd.nextInt(memSize);
            case 4 -> rnd.nextInt(64);
            case 5 -> rnd.nextLong();
            case 6 -> -1L;
            default -> rnd.nextInt(32);
        };
        return t == ValType.I32 ? v & 0xFFFF_FFFFL : v;
    }
}
