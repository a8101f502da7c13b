package dev.pinion.runtime.config;

import java.nio.file.Path;

/**
 * A key whose signatures the gateway accepts on OTA manifests: an id and the public key, from a file or inline
 * text (exactly one of the two). The key material itself is checked by the OTA verifier.
 *
 * @param line where the entry is in the config file, for the verifier's error messages
 */
public record TrustedKey(String id, Path file, String inline, String source, int line) {}
