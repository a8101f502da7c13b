import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * FFM smoke for packaging/arm-smoke.sh: the downcalls the Linux device providers make (open, ioctl, close with
 * errno captured), run inside the emulated arm64/armhf roots. On armhf the JDK has no native linker of its own
 * and uses its libffi-based fallback linker; this shows that it links and returns errno, not a linker failure.
 * Prints one line per check and exits 1 if one fails. Compiled on the build host (javac --release 25); the roots
 * have only a JRE.
 */
public class FfmSmoke {
    static final int O_RDONLY = 0, O_RDWR = 2, ENOENT = 2, ENOTTY = 25;
    static final long TCGETS = 0x5401; // a request qemu-user knows (it answers unknown ones with ENOSYS)

    public static void main(String[] args) throws Throwable {
        Linker linker = Linker.nativeLinker();
        var lookup = linker.defaultLookup();
        StructLayout state = Linker.Option.captureStateLayout();
        VarHandle errnoHandle = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        Linker.Option errno = Linker.Option.captureCallState("errno");
        // unsigned long is 4 bytes on 32-bit ARM, 8 on arm64.
        ValueLayout ulong = ValueLayout.ADDRESS.byteSize() == 4 ? ValueLayout.JAVA_INT : ValueLayout.JAVA_LONG;
        MethodHandle open = linker.downcallHandle(lookup.find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                errno, Linker.Option.firstVariadicArg(2));
        MethodHandle ioctl = linker.downcallHandle(lookup.find("ioctl").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ulong, ValueLayout.ADDRESS),
                errno, Linker.Option.firstVariadicArg(2));
        MethodHandle close = linker.downcallHandle(lookup.find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        boolean ok = true;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = arena.allocate(state);
            System.out.println("linker: " + linker.getClass().getName() + " on " + System.getProperty("os.arch")
                    + " (" + System.getProperty("java.vm.name") + ")");

            int fd = (int) open.invokeExact(callState, arena.allocateFrom("/dev/null"), O_RDONLY);
            MemorySegment termios = arena.allocate(256);
            int rc = ulong == ValueLayout.JAVA_INT
                    ? (int) ioctl.invokeExact(callState, fd, (int) TCGETS, termios)
                    : (int) ioctl.invokeExact(callState, fd, TCGETS, termios);
            int err = (int) errnoHandle.get(callState, 0L);
            boolean pass = fd >= 0 && rc == -1 && err == ENOTTY;
            System.out.printf("%s ioctl(TCGETS) on /dev/null: rc=%d errno=%d (want -1, ENOTTY=25)%n", pass ? "ok  " : "FAIL", rc, err);
            ok &= pass;
            int closed = (int) close.invokeExact(fd);

            String chip = args.length > 0 ? args[0] : "/dev/gpiochip9";
            fd = (int) open.invokeExact(callState, arena.allocateFrom(chip), O_RDWR);
            err = (int) errnoHandle.get(callState, 0L);
            pass = fd == -1 && err == ENOENT;
            System.out.printf("%s open(%s): rc=%d errno=%d (want -1, ENOENT=2)%n", pass ? "ok  " : "FAIL", chip, fd, err);
            ok &= pass;
        }
        System.exit(ok ? 0 : 1);
    }
}
