package dev.pinion.runtime.mqtt.internal;

import dev.pinion.runtime.mqtt.MqttSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory from the PEM files an operator has (Mosquitto's own {@code cafile},
 * {@code certfile}, {@code keyfile} style), with only the JDK: no key store conversion step.
 */
public final class TlsSocketFactories {
    private TlsSocketFactories() {}

    /**
     * The factory for {@code settings}, or null for a plain tcp:// url.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    public static SSLSocketFactory create(MqttSettings settings) throws IOException {
        if (!settings.tls()) return null;
        try {
            TrustManagerFactory tmf = null;
            if (settings.caFile() != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(settings.caFile(), "CA file")) trust.setCertificateEntry("ca" + i++, c);
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (settings.clientCertificate() != null) {
                Collection<? extends Certificate> chain = certificates(settings.clientCertificate(), "client certificate");
                PrivateKey key = privateKey(settings.clientKey());
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                char[] pass = new char[0];
                keys.setKeyEntry("client", key, pass, chain.toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, pass);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path file, String what) throws IOException {
        if (!Files.isReadable(file)) throw new IOException(what + " " + file + " does not exist or is not readable");
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new IOException(what + " " + file + " holds no certificate");
            return certs;
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(what + " " + file + " is not a PEM or DER X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        if (!Files.isReadable(file)) throw new IOException("client key " + file + " does not exist or is not readable");
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
                || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IOException("client key " + file + " must be an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY);"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) throw new IOException("client key " + file + " holds no PEM private key");
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new IOException("client key " + file + " is not valid base64: " + e.getMessage());
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "EdDSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException("client key " + file + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }
}
