package dev.pinion.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void writtenKeys_readBack_withAPrivateFileOnlyTheOwnerCanRead() throws Exception {
        var pair = KeyFiles.generate();
        Path key = dir.resolve("ops.key"), pub = dir.resolve("ops.pub");
        KeyFiles.write(pair, key, pub);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----"));
        SigningKey signer = SigningKey.read(key);
        assertEquals(KeyFiles.keyId(pair.getPublic()), signer.keyId(), "key id derived from the private key file alone");
        assertEquals(16, signer.keyId().length());
        Manifest m = signer.sign(Manifest.builder("m", "1.0.0", new byte[300]));
        TrustedKeys.read(List.of(pub)).verify(m);
        assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.write(KeyFiles.generate(), key, dir.resolve("other.pub")));
    }

    @Test
    void garbageKeyFile_isNamed() throws Exception {
        Path f = dir.resolve("bad.pub");
        Files.writeString(f, "hello");
        var e = assertThrows(java.io.IOException.class, () -> KeyFiles.readPublic(f));
        assertTrue(e.getMessage().contains("bad.pub"), e.getMessage());
    }
}
