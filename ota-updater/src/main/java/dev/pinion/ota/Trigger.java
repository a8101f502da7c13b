package dev.pinion.ota;

import java.util.Map;

/**
 * What makes the runtime call one of the module's exports, as the manifest requests it: {@code type} (for
 * example {@code mqtt}, {@code interval}, {@code gpio}), the {@code export} to call, and the type's own
 * parameters ({@code topic}, {@code every}, {@code input}, ...) as text. The OTA layer carries triggers
 * verbatim under the signature; the runtime that activates the release interprets them.
 */
public record Trigger(String type, String export, Map<String, String> params) {
    public Trigger {
        params = Map.copyOf(params);
    }
}
