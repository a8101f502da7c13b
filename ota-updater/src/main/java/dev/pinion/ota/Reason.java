package dev.pinion.ota;

/**
 * Why a delivery was rejected or rolled back. The {@link #code()} strings are published in the status topic and
 * are part of the protocol contract (docs/ota-protocol.md): fleet tooling matches on them, so they never change
 * meaning; new ones may be added.
 */
public enum Reason {
    /** The desired payload is not a manifest: not JSON, a field missing, of the wrong type or unknown. */
    MANIFEST_MALFORMED("manifest_malformed"),
    /** The desired payload is larger than {@link Manifest#MAX_BYTES}. */
    MANIFEST_TOO_LARGE("manifest_too_large"),
    /** The module name in the manifest differs from the one in the desired topic. */
    NAME_MISMATCH("name_mismatch"),
    /** The manifest's key id is not one of this gateway's trusted keys. */
    UNKNOWN_KEY("unknown_key"),
    /** The signature does not verify over the canonical manifest bytes (a field was edited, or a wrong key). */
    BAD_SIGNATURE("bad_signature"),
    /** The version orders before the active one and the manifest is not a signed rollback from it. */
    DOWNGRADE("downgrade"),
    /** The active version has this version number with different bytes. */
    VERSION_CONFLICT("version_conflict"),
    /** The manifest requests a grant the gateway's policy does not allow. */
    GRANTS_BEYOND_POLICY("grants_beyond_policy"),
    /** A requested limit exceeds the policy's maximum. */
    LIMITS_BEYOND_POLICY("limits_beyond_policy"),
    /** The module size exceeds the policy's maximum. */
    MODULE_TOO_LARGE("module_too_large"),
    /** A chunk's length differs from what the manifest's size and chunk size say it must be. */
    CHUNK_SIZE_MISMATCH("chunk_size_mismatch"),
    /** The assembled bytes do not hash to the manifest's sha256. */
    SHA256_MISMATCH("sha256_mismatch"),
    /** The bytes are not a valid WebAssembly module (malformed or invalid). */
    INVALID_MODULE("invalid_module"),
    /** The module imports something this gateway does not offer (or with another type). */
    UNLINKABLE("unlinkable"),
    /** Writing the verified module to the data directory failed. */
    STORE_FAILED("store_failed"),
    /** The new version could not be instantiated or started. */
    START_FAILED("start_failed"),
    /** The new version trapped or failed its health check within the health window. */
    UNHEALTHY("unhealthy");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    /** The wire code, e.g. {@code bad_signature}. */
    public String code() {
        return code;
    }

    /** The reason with this wire code, or null. */
    public static Reason ofCode(String code) {
        for (Reason r : values()) {
            if (r.code.equals(code)) return r;
        }
        return null;
    }
}
