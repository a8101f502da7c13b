package dev.pinion.engine.internal.binary;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pinion.engine.CallLimits;
import dev.pinion.engine.Config;
import dev.pinion.engine.InvalidModuleException;
import dev.pinion.engine.WasmException;
import dev.pinion.engine.WasmModule;
import dev.pinion.engine.internal.model.ModuleInfo;
import dev.pinion.engine.MalformedModuleException;
import dev.pinion.engine.internal.validate.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Decode + validate of mutated spec modules must end in a {@link MalformedModuleException}, an
 * {@link InvalidModuleException} or success: never another exception or error (index out of bounds, negative
 * array size, out of memory, stack overflow...). The mutants are derived from every core module (SIMD ones included) with a
 * fixed seed, so a failure names a reproducible mutant (seed, module, mutation). The first valid mutants without
 * imports are also instantiated in the compile-everything tier, so tier 2's compiler sees mutated code too.
 */
class MutationRobustnessTest {
    /** Override with -Dpinion.mutation.seed / -Dpinion.mutation.count for a longer fuzzing session. */
    private static final long SEED = Long.getLong("pinion.mutation.seed", 0x5EED_F00DL);
    private static final int MUTANTS_PER_RUN = Integer.getInteger("pinion.mutation.count", 30_000);

    @Test
    void mutatedSpecModules_neverThrowAnythingButModuleErrors() {
        List<byte[]> modules = loadModules();
        SplittableRandom random = new SplittableRandom(SEED);
        int malformed = 0, invalid = 0, valid = 0, compiled = 0;
        for (int i = 0; i < MUTANTS_PER_RUN; i++) {
            int which = random.nextInt(modules.size());
            byte[] original = modules.get(which);
            int kind = random.nextInt(Mutation.values().length);
            byte[] mutant = Mutation.values()[kind].apply(original, random);
            try {
                ModuleInfo info = Decoder.decode(mutant);
                Validator.validate(info);
                valid++;
                if (compiled < COMPILED_MUTANTS && info.imports().isEmpty()) {
                    compiled++;
                    throughTier2(mutant);
                }
            } catch (MalformedModuleException e) {
                malformed++;
            } catch (InvalidModuleException e) {
                invalid++;
            } catch (Throwable t) {
                throw new AssertionError("mutant #" + i + " (" + Mutation.values()[kind] + " of module " + which
                        + ", seed " + SEED + ") threw " + t, t);
            }
        }
        if (Boolean.getBoolean("pinion.test.verbose")) { // a green build stays quiet unless asked
            System.out.printf("mutants: %d malformed, %d invalid, %d valid%n", malformed, invalid, valid);
        }
        // The mutations must actually exercise the error paths, not just produce valid modules.
        assertTrue(malformed > MUTANTS_PER_RUN / 4, "malformed mutants: " + malformed);
        assertTrue(invalid > 0, "invalid mutants: " + invalid);
        assertTrue(valid > 0, "valid mutants: " + valid);
        assertTrue(compiled > 0, "mutants through tier 2: " + compiled);
    }

    /** Valid mutants without imports that also go through lowering for tiering and tier 2's compiler. */
    private static final int COMPILED_MUTANTS = Integer.getInteger("pinion.mutation.compiled", 300);
    private static final Config COMPILE_ALL = Config.DEFAULT.withTier(Config.Tier.COMPILED)
            .withLimits(CallLimits.fuel(100_000).withTimeout(java.time.Duration.ofSeconds(2)));

    /**
     * Lowers a valid mutant for tiering and instantiates it with every function compiled (its start function, if
     * any, runs under fuel): the compiler must take it or leave a function interpreted, and the run may trap, but
     * nothing else may be thrown.
     */
    private static void throughTier2(byte[] mutant) {
        try {
            WasmModule.compile(mutant, COMPILE_ALL).instantiate();
        } catch (WasmException e) {
            // a trap in the start function, or an instantiation failure (a segment out of bounds): both fine
        }
    }

    /** Ways to damage a module. */
    enum Mutation {
        TRUNCATE {
            byte[] apply(byte[] m, SplittableRandom r) {
                return java.util.Arrays.copyOf(m, r.nextInt(m.length + 1));
            }
        },
        FLIP_BIT {
            byte[] apply(byte[] m, SplittableRandom r) {
                byte[] c = m.clone();
                int flips = 1 + r.nextInt(3);
                for (int k = 0; k < flips && c.length > 8; k++) {
                    int at = 8 + r.nextInt(c.length - 8);
                    c[at] ^= (byte) (1 << r.nextInt(8));
                }
                return c;
            }
        },
        RANDOM_BYTE {
            byte[] apply(byte[] m, SplittableRandom r) {
                byte[] c = m.clone();
                if (c.length > 8) c[8 + r.nextInt(c.length - 8)] = (byte) r.nextInt(256);
                return c;
            }
        },
        INSERT_BYTES {
            byte[] apply(byte[] m, SplittableRandom r) {
                int at = r.nextInt(m.length + 1);
                byte[] extra = new byte[1 + r.nextInt(4)];
                for (int k = 0; k < extra.length; k++) extra[k] = (byte) r.nextInt(256);
                return splice(m, at, 0, extra);
            }
        },
        DELETE_BYTES {
            byte[] apply(byte[] m, SplittableRandom r) {
                int at = r.nextInt(m.length + 1);
                int n = Math.min(m.length - at, 1 + r.nextInt(4));
                return splice(m, at, n, new byte[0]);
            }
        },
        /** Overwrite some position with a maximal 5-byte LEB128 (a huge count, size or index). */
        HUGE_LEB {
            byte[] apply(byte[] m, SplittableRandom r) {
                int at = Math.min(m.length, 8 + r.nextInt(Math.max(1, m.length - 8)));
                int remove = at < m.length && r.nextBoolean() ? 1 : 0;
                byte[] leb = r.nextBoolean()
                        ? new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}
                        : new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
                return splice(m, at, remove, leb);
            }
        },
        /**
         * Overwrite a byte with an existing single-byte opcode: most such mutants still decode, so this is the
         * mutation that exercises the validator (operand stack underflow, wrong types, bad indices).
         */
        OPCODE {
            byte[] apply(byte[] m, SplittableRandom r) {
                byte[] c = m.clone();
                if (c.length <= 8) return c;
                List<Opcodes.Info> ops = SINGLE_BYTE_OPS;
                c[8 + r.nextInt(c.length - 8)] = (byte) ops.get(r.nextInt(ops.size())).code();
                return c;
            }
        },
        /** Copy a slice of the module somewhere else in it (duplicated sections, nested bodies). */
        DUPLICATE_SLICE {
            byte[] apply(byte[] m, SplittableRandom r) {
                int from = r.nextInt(m.length);
                int len = Math.min(m.length - from, 1 + r.nextInt(32));
                byte[] slice = java.util.Arrays.copyOfRange(m, from, from + len);
                return splice(m, r.nextInt(m.length + 1), 0, slice);
            }
        };

        abstract byte[] apply(byte[] module, SplittableRandom random);
    }

    static final List<Opcodes.Info> SINGLE_BYTE_OPS =
            Opcodes.all().stream().filter(i -> !i.isPrefixed()).toList();

    static byte[] splice(byte[] m, int at, int remove, byte[] insert) {
        byte[] c = new byte[m.length - remove + insert.length];
        System.arraycopy(m, 0, c, 0, at);
        System.arraycopy(insert, 0, c, at, insert.length);
        System.arraycopy(m, at + remove, c, at + insert.length, m.length - at - remove);
        return c;
    }

    private static List<byte[]> loadModules() {
        List<byte[]> list = new ArrayList<>();
        for (Path p : SpecSuite.validModules()) {
            try {
                list.add(Files.readAllBytes(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(list.size() > 1000, "spec modules found: " + list.size());
        return list;
    }
}
