package dev.pinion.ota;

import dev.pinion.ota.json.Json;
import java.io.IOException;

/**
 * The retained status message of one module on one gateway, {@code pinion/<device>/modules/<module>/status}
 * (docs/ota-protocol.md, "Status"). Null fields are left out of the JSON.
 *
 * @param state         wire name of the {@link OtaState}
 * @param version       version of the release the state is about (null for an unreadable manifest)
 * @param sha256        its sha256 (null for an unreadable manifest)
 * @param reason        for rejected / rolled_back: the {@link Reason#code()}
 * @param detail        for rejected / rolled_back: what exactly, for a human
 * @param received      for fetching: chunks stored so far
 * @param total         for fetching: chunk count
 * @param activeVersion the version running now (null: none), so an operator sees it was left untouched
 * @param activeSha256  its sha256
 * @param time          epoch milliseconds of the transition
 */
public record ModuleStatus(String device, String module, String state, String version, String sha256, String reason,
        String detail, Integer received, Integer total, String activeVersion, String activeSha256, long time) {

    public static ModuleStatus of(String device, OtaState s, ModuleRelease active) {
        Integer received = null, total = null;
        if (s instanceof OtaState.Fetching f) {
            received = f.received();
            total = f.total();
        }
        Reason r = s.reason();
        return new ModuleStatus(device, s.module(), s.name(), s.version(), s.sha256(), r == null ? null : r.code(),
                s.detail(), received, total, active == null ? null : active.version().text(),
                active == null ? null : active.sha256(), System.currentTimeMillis());
    }

    public byte[] toBytes() {
        Json o = Json.object();
        o.put("device", device);
        o.put("module", module);
        o.put("state", state);
        if (version != null) o.put("version", version);
        if (sha256 != null) o.put("sha256", sha256);
        if (reason != null) o.put("reason", reason);
        if (detail != null) o.put("detail", detail);
        if (received != null) {
            o.put("progress", Json.object().put("received", received).put("total", total));
        }
        if (activeVersion != null) {
            o.put("active", Json.object().put("version", activeVersion).put("sha256", activeSha256));
        }
        o.put("time", time);
        return o.toBytes();
    }

    /** Parses a status payload; throws IOException if it is not one. */
    public static ModuleStatus parse(byte[] payload) throws IOException {
        Json o = Json.parse(payload);
        if (o == null || !o.isObject() || o.get("state") == null || !o.get("state").isString()) {
            throw new IOException("not a module status");
        }
        Json p = o.get("progress"), a = o.get("active"), time = o.get("time");
        return new ModuleStatus(text(o, "device"), text(o, "module"), text(o, "state"), text(o, "version"),
                text(o, "sha256"), text(o, "reason"), text(o, "detail"), integer(p, "received"), integer(p, "total"),
                text(a, "version"), text(a, "sha256"), time != null && time.isLong() ? time.longValue() : 0);
    }

    /** True for active, rejected and rolled_back. */
    public boolean isFinal() {
        return state.equals("active") || state.equals("rejected") || state.equals("rolled_back");
    }

    private static String text(Json o, String f) {
        Json v = o == null ? null : o.get(f);
        return v == null ? null : v.asText();
    }

    private static Integer integer(Json o, String f) {
        Json v = o == null ? null : o.get(f);
        return v != null && v.isLong() ? (int) v.longValue() : null;
    }
}
