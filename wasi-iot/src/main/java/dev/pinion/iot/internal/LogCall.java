package dev.pinion.iot.internal;

import dev.pinion.engine.Memory;
import dev.pinion.iot.GuestLog;
import dev.pinion.wasi.internal.Errno;
import dev.pinion.wasi.internal.WasiError;
import java.nio.charset.StandardCharsets;

/**
 * pinion_log.write(level, msg, len): 0 error, 1 warn, 2 info, 3 debug. Needs no grant. The text is decoded
 * leniently (bad UTF-8 becomes U+FFFD), control characters become spaces so a guest cannot start a forged line,
 * and it is cut at {@link GuestLog#MAX_MESSAGE} bytes. A rate limit (100 lines a second, bursts of 200) keeps a
 * looping guest from flooding the journal; dropped lines are counted in the next line that passes.
 */
final class LogCall {
    private static final System.Logger.Level[] LEVELS = {
        System.Logger.Level.ERROR, System.Logger.Level.WARNING, System.Logger.Level.INFO, System.Logger.Level.DEBUG,
    };

    private LogCall() {}

    static int write(IotContext c, Memory m, long[] s, int b) {
        long level = s[b] & 0xFFFF_FFFFL;
        long ptr = Args.buffer(m, s[b + 1], s[b + 2], Integer.MAX_VALUE);
        if (level >= LEVELS.length) throw new WasiError(Errno.EINVAL);
        int len = (int) Math.min(s[b + 2] & 0xFFFF_FFFFL, GuestLog.MAX_MESSAGE);
        long dropped = c.logLimiter.admit();
        if (dropped < 0) return Errno.SUCCESS;
        String text = clean(new String(m.readBytes(ptr, len), StandardCharsets.UTF_8));
        if (dropped > 0) text += " (" + dropped + " earlier lines dropped by the rate limit)";
        c.log.log(LEVELS[(int) level], c.moduleName, text);
        return Errno.SUCCESS;
    }

    static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch == 0x7F || ch == 0x2028 || ch == 0x2029 || (ch >= 0x80 && ch < 0xA0)) {
                if (b == null) b = new StringBuilder(s);
                b.setCharAt(i, ' ');
            }
        }
        String out = b == null ? s : b.toString();
        return out.stripTrailing();
    }
}
