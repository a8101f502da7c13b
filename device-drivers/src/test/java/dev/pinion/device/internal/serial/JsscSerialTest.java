package dev.pinion.device.internal.serial;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pinion.device.Board;
import dev.pinion.device.BoardDescription;
import dev.pinion.device.DeviceException;
import dev.pinion.device.DeviceSpec;
import dev.pinion.device.SerialPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jssc provider on a real pseudo-terminal pair made by socat (Debian's socat, installed by .ci/run): bytes
 * written to one end arrive at the other at the configured baud settings, the native library is loaded from the
 * configured directory, and a tty that disappears gives device errors, not a crash.
 */
class JsscSerialTest {
    @TempDir Path dir;
    Process socat;

    @AfterEach
    void stop() throws Exception {
        if (socat != null) {
            socat.destroyForcibly();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private void startPair() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "skipped: needs socat (apt-get install socat)");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + dir.resolve("a"),
                "pty,raw,echo=0,link=" + dir.resolve("b")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(dir.resolve("a")) && Files.exists(dir.resolve("b")))) {
            assertTrue(socat.isAlive(), "socat exited: " + Files.readString(dir.resolve("socat.log")));
            assertTrue(System.nanoTime() < deadline, "socat made no pty pair in 10 s");
            Thread.sleep(20);
        }
    }

    private static String read(SerialPort p, int expected) throws DeviceException {
        byte[] buf = new byte[256];
        int n = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (n < expected && System.nanoTime() < deadline)
            n += p.read(buf, n, buf.length - n, Duration.ofMillis(200));
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void bytesCrossThePtyPair_bothWays_withNativesFromTheConfiguredDir() throws Exception {
        startPair();
        Path natives = dir.resolve("natives");
        BoardDescription d = BoardDescription.builder()
                .add(new DeviceSpec.Serial("gps", "jssc", dir.resolve("a").toString(), 9600))
                .add(new DeviceSpec.Serial("host", "jssc", dir.resolve("b").toString(), 9600))
                .build();
        try (Board board = Board.open(d, Board.Options.DEFAULTS.withSerialNativeDir(natives))) {
            // jssc loads once per JVM: the first board that opened a jssc port chose the directory
            Path loadedFrom = Path.of(System.getProperty("jssc.boot.library.path"));
            assertTrue(loadedFrom.startsWith(dir.getParent()), loadedFrom.toString());
            assertTrue(Files.isRegularFile(loadedFrom.resolve("libjssc.so")), "the native library was placed there");
            byte[] nmea = "$GPGGA,123519,4807.038,N*47\r\n".getBytes(StandardCharsets.US_ASCII);
            board.serial("host").write(nmea, 0, nmea.length);
            assertEquals(new String(nmea, StandardCharsets.US_ASCII), read(board.serial("gps"), nmea.length));
            board.serial("gps").write("ok\n".getBytes(StandardCharsets.US_ASCII), 0, 3);
            assertEquals("ok\n", read(board.serial("host"), 3));
            long t0 = System.nanoTime();
            assertEquals(0, board.serial("gps").read(new byte[8], 0, 8, Duration.ofMillis(100)));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(80), "waited for the timeout");

            socat.destroyForcibly(); // the far end and both ptys disappear
            socat.waitFor(5, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                try {
                    board.serial("gps").write("x".getBytes(StandardCharsets.US_ASCII), 0, 1);
                    board.serial("gps").read(new byte[8], 0, 8, Duration.ofMillis(20));
                } catch (DeviceException expected) {
                    // the device is gone: an I/O error for the module, nothing worse
                }
            }
        }
    }

    @Test
    void missingTty_namesThePath() {
        DeviceException e = assertThrows(DeviceException.class, () -> Board.open(BoardDescription.builder()
                .add(new DeviceSpec.Serial("gps", "jssc", dir.resolve("ttyNONE").toString(), 9600)).build(),
                Board.Options.DEFAULTS.withSerialNativeDir(dir.resolve("natives"))));
        assertEquals("device 'gps': " + dir.resolve("ttyNONE") + " does not exist (expected a serial tty; is the "
                + "UART enabled, and is the user in group dialout?)", e.getMessage());
    }
}
