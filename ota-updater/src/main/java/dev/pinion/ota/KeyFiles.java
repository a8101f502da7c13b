package dev.pinion.ota;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 key files in the formats OpenSSL also reads: the public key as PEM {@code PUBLIC KEY} (X.509
 * SubjectPublicKeyInfo), the private key as PEM {@code PRIVATE KEY} (PKCS#8), created with mode 0600. A key id is
 * the first 8 bytes of the SHA-256 of the raw 32-byte public key, in hex: short enough to read, long enough that
 * two keys of one fleet never collide by accident (it selects a key; the signature does the authentication).
 */
public final class KeyFiles {
    private static final String PUBLIC = "PUBLIC KEY";
    private static final String PRIVATE = "PRIVATE KEY";

    private KeyFiles() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** The key id of an Ed25519 public key: 16 lower-case hex digits. */
    public static String keyId(PublicKey key) {
        byte[] spki = key.getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        return HexFormat.of().formatHex(Hashes.sha256().digest(raw), 0, 8);
    }

    /** Writes {@code <base>.key} (mode 0600, created new) and {@code <base>.pub}; refuses to overwrite either. */
    public static void write(KeyPair pair, Path privateFile, Path publicFile) throws IOException {
        if (Files.exists(privateFile)) throw new FileAlreadyExistsException(privateFile.toString(), null, "will not overwrite a key");
        if (Files.exists(publicFile)) throw new FileAlreadyExistsException(publicFile.toString(), null, "will not overwrite a key");
        byte[] priv = pem(PRIVATE, pair.getPrivate().getEncoded());
        try {
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(privateFile); // not a POSIX file system: best effort
        }
        Files.write(privateFile, priv, StandardOpenOption.TRUNCATE_EXISTING);
        Files.write(publicFile, pem(PUBLIC, pair.getPublic().getEncoded()), StandardOpenOption.CREATE_NEW);
    }

    public static PublicKey readPublic(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(unpem(file, PUBLIC)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not an Ed25519 public key (" + e.getMessage() + ")", e);
        }
    }

    /** A public key given as text: a PEM {@code PUBLIC KEY} block, or the bare base64 of its DER bytes. */
    public static PublicKey parsePublic(String text) throws IOException {
        String b64 = text;
        int b = text.indexOf("-----BEGIN " + PUBLIC + "-----");
        if (b >= 0) {
            int e = text.indexOf("-----END " + PUBLIC + "-----");
            if (e < b) throw new IOException("unterminated PEM public key");
            b64 = text.substring(b + ("-----BEGIN " + PUBLIC + "-----").length(), e);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(b64.strip());
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException ex) {
            throw new IOException("not an Ed25519 public key (" + ex.getMessage() + ")", ex);
        }
    }

    public static PrivateKey readPrivate(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(unpem(file, PRIVATE)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not an Ed25519 private key (" + e.getMessage() + ")", e);
        }
    }

    /** Derives the public key from a private key file's PKCS#8 bytes (JDK Ed25519 keys carry no public part). */
    public static PublicKey publicOf(PrivateKey key) {
        try {
            // Sign-and-derive is not exposed by the JDK; recompute through the EdDSA parameter spec instead.
            var spec = KeyFactory.getInstance("Ed25519").getKeySpec(key, java.security.spec.EdECPrivateKeySpec.class);
            byte[] seed = spec.getBytes();
            var kpg = KeyPairGenerator.getInstance("Ed25519");
            kpg.initialize(new java.security.spec.NamedParameterSpec("Ed25519"), new FixedRandom(seed));
            return kpg.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the Ed25519 public key", e);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] unpem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----", end = "-----END " + type + "-----";
        int b = text.indexOf(begin), e = text.indexOf(end);
        if (b < 0 || e < b) throw new IOException(file + ": no \"" + begin + "\" block");
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    }

    /** Feeds the seed to the key generator, which is how the JDK's Ed25519 derives a pair from 32 random bytes. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
