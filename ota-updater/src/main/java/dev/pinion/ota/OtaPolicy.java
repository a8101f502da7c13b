package dev.pinion.ota;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator lets a delivered module ask for, checked before a single chunk is fetched.
 *
 * @param allowedGrants  grant patterns: {@code "led:out"} exactly, {@code "led:*"} any mode of one device,
 *                       {@code "*:read"} one mode of any device, {@code "*"} everything; empty means no grants
 * @param maxLimits      the highest fuel, deadline and memory a manifest may request (null fields: no maximum)
 * @param maxModuleBytes the largest module accepted
 * @param healthWindow   how long a new version must run without trapping before it counts as good; a trap inside
 *                       it is held and replayed on the previous version, which takes over
 * @param probation      how long after its health window a new version that fails (a trap, an exhausted limit) is
 *                       still rolled back to the previous one; {@link Duration#ZERO}: never after the window
 */
public record OtaPolicy(List<String> allowedGrants, ModuleLimits maxLimits, long maxModuleBytes, Duration healthWindow,
        Duration probation) {
    public static final long DEFAULT_MAX_MODULE_BYTES = 16L << 20;
    public static final Duration DEFAULT_HEALTH_WINDOW = Duration.ofSeconds(3);
    public static final Duration DEFAULT_PROBATION = Duration.ofMinutes(10);

    /** Allows every grant and limit: for development and tests, never a production default. */
    public static final OtaPolicy PERMISSIVE =
            new OtaPolicy(List.of("*"), ModuleLimits.DEFAULT, DEFAULT_MAX_MODULE_BYTES, DEFAULT_HEALTH_WINDOW);

    public OtaPolicy {
        allowedGrants = List.copyOf(allowedGrants);
        if (probation == null || probation.isNegative()) throw new IllegalArgumentException("probation must be >= 0");
    }

    /** A policy with the default probation. */
    public OtaPolicy(List<String> allowedGrants, ModuleLimits maxLimits, long maxModuleBytes, Duration healthWindow) {
        this(allowedGrants, maxLimits, maxModuleBytes, healthWindow, DEFAULT_PROBATION);
    }

    public OtaPolicy withHealthWindow(Duration window) {
        return new OtaPolicy(allowedGrants, maxLimits, maxModuleBytes, window, probation);
    }

    public OtaPolicy withProbation(Duration p) {
        return new OtaPolicy(allowedGrants, maxLimits, maxModuleBytes, healthWindow, p);
    }

    /** Throws {@link Reason#MODULE_TOO_LARGE}, {@link Reason#GRANTS_BEYOND_POLICY} or {@link Reason#LIMITS_BEYOND_POLICY}. */
    public void check(Manifest m) throws OtaException {
        if (m.size() > maxModuleBytes) {
            throw new OtaException(Reason.MODULE_TOO_LARGE, "module is " + m.size() + " bytes, policy allows "
                    + maxModuleBytes);
        }
        List<String> denied = new ArrayList<>();
        for (String g : m.grants()) {
            if (!allows(g)) denied.add(g);
        }
        if (!denied.isEmpty()) {
            throw new OtaException(Reason.GRANTS_BEYOND_POLICY, "grants " + denied + " are not allowed by the policy "
                    + allowedGrants);
        }
        limit("fuel", m.limits().fuel(), maxLimits.fuel());
        limit("deadline_ms", m.limits().deadlineMillis(), maxLimits.deadlineMillis());
        limit("max_memory_pages", m.limits().maxMemoryPages(), maxLimits.maxMemoryPages());
    }

    /** True if some allowed pattern covers the grant {@code device:mode}. */
    public boolean allows(String grant) {
        int colon = grant.lastIndexOf(':');
        String device = colon < 0 ? grant : grant.substring(0, colon);
        String mode = colon < 0 ? "" : grant.substring(colon + 1);
        for (String p : allowedGrants) {
            if (p.equals("*") || p.equals(grant)) return true;
            int pc = p.lastIndexOf(':');
            if (pc < 0) continue;
            String pd = p.substring(0, pc), pm = p.substring(pc + 1);
            if ((pd.equals("*") || pd.equals(device)) && (pm.equals("*") || pm.equals(mode))) return true;
        }
        return false;
    }

    private static void limit(String name, Long requested, Long max) throws OtaException {
        if (requested != null && max != null && requested > max) {
            throw new OtaException(Reason.LIMITS_BEYOND_POLICY, "limits." + name + " " + requested
                    + " exceeds the policy's maximum " + max);
        }
    }
}
