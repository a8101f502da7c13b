package dev.pinion.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class MosquittoTest {
    /** An MQTT 3.1.1 CONNECT with clean session and client id "t"; the broker must answer CONNACK accepted. */
    private static byte[] connack(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(new byte[] {
                0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60, 0, 1, 't'});
            InputStream in = s.getInputStream();
            return in.readNBytes(4);
        }
    }

    @Test
    void start_answersConnect_andRestartKeepsThePort() throws IOException {
        try (Mosquitto broker = Mosquitto.start()) {
            assertArrayEquals(new byte[] {0x20, 2, 0, 0}, connack(broker.port()));
            int port = broker.port();
            broker.restart();
            assertTrue(broker.isRunning());
            assertArrayEquals(new byte[] {0x20, 2, 0, 0}, connack(port));
            broker.kill();
            assertFalse(broker.isRunning());
            assertThrows(IOException.class, () -> connack(port));
            broker.startAgain();
            assertArrayEquals(new byte[] {0x20, 2, 0, 0}, connack(port));
        }
    }

    @Test
    void badConfig_failsWithTheBrokersOwnMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Mosquitto.builder().config("no_such_option 1").start());
        assertTrue(e.getMessage().contains("no_such_option") || e.getMessage().contains("exited"), e.getMessage());
    }
}
