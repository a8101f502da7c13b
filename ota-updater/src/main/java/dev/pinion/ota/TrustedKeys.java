package dev.pinion.ota;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator keys a gateway accepts manifests from, by key id. More than one key is how keys rotate: add the
 * new key to every gateway, sign with it, then remove the old one.
 */
public final class TrustedKeys {
    private final Map<String, PublicKey> byId;

    private TrustedKeys(Map<String, PublicKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    public static TrustedKeys of(List<PublicKey> keys) {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (PublicKey k : keys) m.put(KeyFiles.keyId(k), k);
        return new TrustedKeys(m);
    }

    /** Reads PEM public key files; an unreadable file is an error naming it. */
    public static TrustedKeys read(List<Path> files) throws IOException {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (Path f : files) {
            PublicKey k = KeyFiles.readPublic(f);
            m.put(KeyFiles.keyId(k), k);
        }
        return new TrustedKeys(m);
    }

    public Set<String> ids() {
        return byId.keySet();
    }

    /**
     * Checks the manifest's signature.
     *
     * @throws OtaException {@link Reason#UNKNOWN_KEY} when its key id is not trusted, {@link Reason#BAD_SIGNATURE}
     *                      when it is missing, not 64 bytes of base64, or does not verify
     */
    public void verify(Manifest m) throws OtaException {
        PublicKey key = byId.get(m.keyId());
        if (key == null) {
            throw new OtaException(Reason.UNKNOWN_KEY, "key id " + m.keyId() + " is not trusted (trusted: "
                    + String.join(", ", byId.keySet()) + ")");
        }
        if (m.signature() == null) throw new OtaException(Reason.BAD_SIGNATURE, "manifest is not signed");
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(m.signature());
        } catch (IllegalArgumentException e) {
            throw new OtaException(Reason.BAD_SIGNATURE, "signature is not base64");
        }
        if (sig.length != 64) throw new OtaException(Reason.BAD_SIGNATURE, "signature is " + sig.length + " bytes, not 64");
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(m.signedBytes());
            if (!s.verify(sig)) {
                throw new OtaException(Reason.BAD_SIGNATURE, "signature by key " + m.keyId()
                        + " does not match the manifest (a field was changed after signing, or another key signed it)");
            }
        } catch (GeneralSecurityException e) {
            throw new OtaException(Reason.BAD_SIGNATURE, "signature does not verify: " + e.getMessage());
        }
    }
}
