package dev.pinion.ota;

/**
 * Resource limits a manifest requests for its module; null means "the gateway's default". Checked against the
 * operator's {@link OtaPolicy} maxima before anything is fetched.
 *
 * @param fuel           instruction budget per call
 * @param deadlineMillis wall-clock budget per call, in milliseconds
 * @param maxMemoryPages cap on linear memory, in 64 KiB pages
 */
public record ModuleLimits(Long fuel, Long deadlineMillis, Long maxMemoryPages) {
    public static final ModuleLimits DEFAULT = new ModuleLimits(null, null, null);
}
