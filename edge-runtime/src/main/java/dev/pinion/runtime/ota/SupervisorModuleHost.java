package dev.pinion.runtime.ota;

import dev.pinion.engine.ExportInfo;
import dev.pinion.engine.ExternType;
import dev.pinion.engine.WasmException;
import dev.pinion.engine.WasmModule;
import dev.pinion.ota.Manifest;
import dev.pinion.ota.ModuleChecks;
import dev.pinion.ota.ModuleHost;
import dev.pinion.ota.ModuleRelease;
import dev.pinion.ota.OtaException;
import dev.pinion.ota.Reason;
import dev.pinion.runtime.supervisor.Event;
import dev.pinion.runtime.supervisor.Handler;
import dev.pinion.runtime.supervisor.HostLinker;
import dev.pinion.runtime.supervisor.InstanceContext;
import dev.pinion.runtime.supervisor.ModuleSpec;
import dev.pinion.runtime.supervisor.Supervisor;
import dev.pinion.runtime.supervisor.SupervisorListener;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The daemon's {@link Supervisor} as the OTA agent's {@link ModuleHost}: {@link Supervisor#swap} is the atomic,
 * no-loss switch, and the supervisor's failure events of the new version during the health window are the
 * health verdict. What a release needs to run (its host imports for its grants, its handlers from its
 * triggers, its limits) comes from the gateway through {@link Releases}.
 */
public final class SupervisorModuleHost implements ModuleHost {
    /** How the gateway turns a delivered release into something the supervisor runs. */
    public interface Releases {
        /** The supervisor spec for this release: linker for its grants, handlers for its triggers, limits. */
        ModuleSpec spec(Manifest manifest, byte[] wasm) throws OtaException;

        /** Called once the release takes calls: bind its triggers (subscriptions, timers, GPIO edges). */
        default void activated(ModuleRelease release) throws OtaException {}
    }

    private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(30);

    private final Supervisor supervisor;
    private final Releases releases;
    /** First failure of each "module@version" since it was activated. */
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final java.util.List<FailureListener> failureListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public SupervisorModuleHost(Supervisor supervisor, Releases releases) {
        this.supervisor = supervisor;
        this.releases = releases;
        supervisor.addListener(new SupervisorListener() {
            @Override
            public void failed(String module, String version, String reason) {
                failures.putIfAbsent(module + "@" + version, reason);
                failureListeners.forEach(l -> l.failed(module, version, reason));
            }

            @Override
            public void disabled(String module, String version, String reason) {
                String detail = "disabled: " + reason;
                failures.putIfAbsent(module + "@" + version, detail);
                failureListeners.forEach(l -> l.failed(module, version, detail));
            }
        });
    }

    @Override
    public void onFailure(FailureListener listener) {
        failureListeners.add(listener);
    }

    @Override
    public void check(Manifest manifest, byte[] wasm) throws OtaException {
        ModuleSpec spec = releases.spec(manifest, wasm);
        HostLinker.Linked linked = spec.linker().link(new CheckContext(manifest));
        try {
            WasmModule module = ModuleChecks.compileAndLink(wasm, linked.imports());
            for (Handler h : spec.handlers()) {
                ExportInfo e = module.exports().stream().filter(x -> x.name().equals(h.export())).findFirst().orElse(null);
                if (e == null) {
                    throw new OtaException(Reason.UNLINKABLE, "a trigger calls export " + h.export() + ", which the module lacks");
                }
                if (!(e.type() instanceof ExternType.Func f) || !f.type().equals(h.kind().type())) {
                    throw new OtaException(Reason.UNLINKABLE, "export " + h.export() + " must be a function of type "
                            + h.kind().type() + " for a " + h.kind().label() + " trigger");
                }
            }
        } finally {
            try {
                linked.resources().close();
            } catch (Exception e) {
                // nothing ran; the check's host resources are best-effort
            }
        }
    }

    @Override
    public void activate(ModuleRelease release) throws OtaException {
        ModuleSpec spec = spec(release);
        failures.remove(release.name() + "@" + spec.version());
        switchTo(spec, true);
        releases.activated(release);
    }

    @Override
    public void confirm(ModuleRelease release) {
        supervisor.confirm(release.name());
    }

    @Override
    public Health awaitHealth(ModuleRelease release, Duration window) {
        String key = release.name() + "@" + release.version().text();
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            String failure = failures.get(key);
            if (failure != null) return Health.failed(failure);
            try {
                Thread.sleep(Math.min(10, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.failed("interrupted during the health window");
            }
        }
        String failure = failures.get(key);
        return failure == null ? Health.HEALTHY : Health.failed(failure);
    }

    @Override
    public void rollback(ModuleRelease failed, ModuleRelease previous) throws OtaException {
        if (previous == null) {
            try {
                supervisor.remove(failed.name(), Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        ModuleSpec spec = spec(previous);
        failures.remove(previous.name() + "@" + spec.version());
        switchTo(spec, false);
        releases.activated(previous);
    }

    private ModuleSpec spec(ModuleRelease release) throws OtaException {
        try {
            return releases.spec(release.manifest(), Files.readAllBytes(release.wasm()));
        } catch (IOException e) {
            throw new OtaException(Reason.START_FAILED, "cannot read " + release.wasm() + ": " + e.getMessage());
        }
    }

    /** On probation, a failing call of the new version is held for the rollback instead of being consumed. */
    private void switchTo(ModuleSpec spec, boolean probation) throws OtaException {
        try {
            supervisor.swap(spec, probation).get(SWITCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (WasmException | IllegalArgumentException | IllegalStateException e) {
            throw new OtaException(Reason.START_FAILED, e.getMessage());
        } catch (ExecutionException e) {
            throw new OtaException(Reason.START_FAILED, e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new OtaException(Reason.START_FAILED, "the module did not switch within " + SWITCH_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtaException(Reason.START_FAILED, "interrupted");
        }
    }

    /** The context a check-only link sees: no event is ever running. */
    private record CheckContext(Manifest manifest) implements InstanceContext {
        public String moduleName() { return manifest.name(); }
        public String version() { return manifest.version().text(); }
        public Event currentEvent() { return null; }
    }
}
