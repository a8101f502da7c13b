package dev.pinion.ota;

/**
 * Where one module's delivery stands: the whole OTA lifecycle of a module as one type. The happy path is
 * {@link Fetching} → {@link Verifying} → {@link Staged} → {@link Active}; any step before activation can end in
 * {@link Rejected}, and a new version that fails its health gate ends in {@link RolledBack} (the previous version
 * runs again). Every state names the release it is about ({@code version}, {@code sha256}); {@link #name()} is
 * the wire name published in the status topic (docs/ota-protocol.md, "States").
 */
public sealed interface OtaState {
    String module();

    String version();

    String sha256();

    /** Wire name: fetching, verifying, staged, active, rejected, rolled_back. */
    String name();

    /** Chunks are being fetched; {@code received} of {@code total} are stored. */
    record Fetching(String module, String version, String sha256, int received, int total) implements OtaState {
        public String name() { return "fetching"; }
    }

    /** All bytes are here; hash, signature, decoding, validation and linking are being checked. */
    record Verifying(String module, String version, String sha256) implements OtaState {
        public String name() { return "verifying"; }
    }

    /** Verified and stored under the data directory; about to start beside the running version. */
    record Staged(String module, String version, String sha256) implements OtaState {
        public String name() { return "staged"; }
    }

    /** Running, and passed its health window. */
    record Active(String module, String version, String sha256) implements OtaState {
        public String name() { return "active"; }
    }

    /** Refused before it ran; the running version (if any) is untouched. */
    record Rejected(String module, String version, String sha256, Reason reason, String detail) implements OtaState {
        public String name() { return "rejected"; }
    }

    /** Ran, failed its health gate, and was replaced by the previous version again. */
    record RolledBack(String module, String version, String sha256, Reason reason, String detail) implements OtaState {
        public String name() { return "rolled_back"; }
    }

    /** True for the states a delivery ends in. */
    default boolean isFinal() {
        return this instanceof Active || this instanceof Rejected || this instanceof RolledBack;
    }

    /** The reason of a failed delivery, or null. */
    default Reason reason() {
        return switch (this) {
            case Rejected r -> r.reason();
            case RolledBack r -> r.reason();
            default -> null;
        };
    }

    /** The reason's detail of a failed delivery, or null. */
    default String detail() {
        return switch (this) {
            case Rejected r -> r.detail();
            case RolledBack r -> r.detail();
            default -> null;
        };
    }

    /**
     * Whether a delivery may move from this state to {@code next}: forward along the happy path, to a failure
     * before activation, to RolledBack from Staged, or any final state restarting (a new desired manifest).
     */
    default boolean canMoveTo(OtaState next) {
        return switch (this) {
            case Fetching f -> next instanceof Fetching || next instanceof Verifying || next instanceof Rejected;
            case Verifying v -> next instanceof Staged || next instanceof Rejected;
            case Staged s -> next instanceof Active || next instanceof RolledBack || next instanceof Rejected;
            case Active a -> true;
            case Rejected r -> true;
            case RolledBack b -> true;
        };
    }
}
