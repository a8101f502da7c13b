package dev.pinion.ota;

/** The OTA topic layout (docs/ota-protocol.md, "Topics"): a contract, so spelled in one place. */
public final class Topics {
    private Topics() {}

    /** Retained signed manifest for {@code target} (a device id or a group name). */
    public static String desired(String target, String module) {
        return "pinion/" + target + "/desired/" + module;
    }

    public static String desiredFilter(String target) {
        return "pinion/" + target + "/desired/+";
    }

    /** Retained chunk {@code index} of the module with this sha256. */
    public static String chunk(String sha256, int index) {
        return "pinion/blobs/" + sha256 + "/" + index;
    }

    /** Retained status of one module on one device. */
    public static String status(String device, String module) {
        return "pinion/" + device + "/modules/" + module + "/status";
    }

    /** Retained membership marker a gateway publishes for each of its groups (payload: the device id). */
    public static String member(String group, String device) {
        return "pinion/" + group + "/members/" + device;
    }

    public static String membersFilter(String group) {
        return "pinion/" + group + "/members/+";
    }

    /** The last level of a topic. */
    public static String lastLevel(String topic) {
        return topic.substring(topic.lastIndexOf('/') + 1);
    }

    /** True if {@code id} can be a topic level we build on: no wildcards, separators or control characters. */
    public static boolean isLevel(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c < 0x20) return false;
        }
        return true;
    }
}
