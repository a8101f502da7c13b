package dev.pinion.ota;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/** An operator's Ed25519 private key with its key id: signs manifests. */
public record SigningKey(String keyId, PrivateKey privateKey) {

    /** Reads a PKCS#8 PEM private key file (as written by {@code pinion keygen}). */
    public static SigningKey read(Path file) throws IOException {
        PrivateKey key = KeyFiles.readPrivate(file);
        return new SigningKey(KeyFiles.keyId(KeyFiles.publicOf(key)), key);
    }

    /** Builds and signs: key_id is set to this key's id before the canonical bytes are taken. */
    public Manifest sign(Manifest.Builder builder) throws OtaException {
        Manifest unsigned = builder.build(keyId);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(unsigned.signedBytes());
            return unsigned.withSignature(Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
