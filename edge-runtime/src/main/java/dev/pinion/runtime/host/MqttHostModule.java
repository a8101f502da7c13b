package dev.pinion.runtime.host;

import dev.pinion.engine.Caller;
import dev.pinion.engine.FuncType;
import dev.pinion.engine.HostModule;
import dev.pinion.engine.Memory;
import dev.pinion.engine.Trap;
import dev.pinion.engine.ValType;
import dev.pinion.runtime.TopicFilter;
import dev.pinion.runtime.supervisor.Event;
import dev.pinion.runtime.supervisor.InstanceContext;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code pinion_mqtt} import module of one instance (docs/abi.md, "pinion_mqtt"). Functions return a WASI
 * errno: 0 on success, {@code EACCES} for a topic outside the module's publish grants, {@code EINVAL} for a
 * bad topic or QoS, {@code EMSGSIZE} for a payload above the operator's bound, {@code EFAULT} for a pointer
 * outside memory, {@code ENOENT} for a reply when the current event is not an MQTT request.
 */
public final class MqttHostModule {
    public static final String NAME = "pinion_mqtt";

    public static final int OK = 0;
    public static final int EACCES = 2;
    public static final int EFAULT = 21;
    public static final int EINVAL = 28;
    public static final int EMSGSIZE = 35;
    public static final int ENOENT = 44;

    private static final System.Logger LOG = System.getLogger("dev.pinion.runtime.mqtt.host");
    private static final ValType I32 = ValType.I32;

    private MqttHostModule() {}

    /**
     * @param publishFilters topic filters the module may publish within (its grants, already inside the policy)
     * @param maxPayload     the largest payload it may publish
     */
    public static HostModule create(InstanceContext context, List<String> publishFilters, long maxPayload,
                                    Publisher publisher) {
        List<String> filters = List.copyOf(publishFilters);
        return HostModule.builder(NAME)
                .function("publish", FuncType.of(new ValType[] {I32, I32, I32, I32, I32, I32}, I32),
                        (caller, stack, base) -> stack[base] = publish(caller, stack, base, context, filters, maxPayload, publisher))
                .function("reply", FuncType.of(new ValType[] {I32, I32}, I32),
                        (caller, stack, base) -> stack[base] = reply(caller, stack, base, context, maxPayload, publisher))
                .build();
    }

    private static int publish(Caller caller, long[] stack, int base, InstanceContext context, List<String> filters,
                               long maxPayload, Publisher publisher) {
        byte[] topicBytes = read(caller, stack[base], stack[base + 1]);
        if (topicBytes == null) return EFAULT;
        long payloadLen = stack[base + 3] & 0xFFFF_FFFFL;
        if (payloadLen > maxPayload) return EMSGSIZE;
        byte[] payload = read(caller, stack[base + 2], stack[base + 3]);
        if (payload == null) return EFAULT;
        int qos = (int) stack[base + 4];
        int retain = (int) stack[base + 5];
        if (qos < 0 || qos > 1 || retain < 0 || retain > 1) return EINVAL;
        String topic = new String(topicBytes, StandardCharsets.UTF_8);
        if (TopicFilter.topicProblem(topic) != null) return EINVAL;
        boolean allowed = false;
        for (String f : filters) allowed |= TopicFilter.matches(f, topic);
        if (!allowed) {
            LOG.log(Level.WARNING, "module {0}: publish to {1} refused (EACCES): outside its publish grants {2}",
                    context.moduleName(), topic, filters);
            return EACCES;
        }
        publisher.publish(topic, payload, qos, retain == 1, null);
        return OK;
    }

    private static int reply(Caller caller, long[] stack, int base, InstanceContext context, long maxPayload,
                             Publisher publisher) {
        long payloadLen = stack[base + 1] & 0xFFFF_FFFFL;
        if (payloadLen > maxPayload) return EMSGSIZE;
        byte[] payload = read(caller, stack[base], stack[base + 1]);
        if (payload == null) return EFAULT;
        if (!(context.currentEvent() instanceof Event.Message m) || m.responseTopic() == null) return ENOENT;
        // The requester chose the response topic; a module can only answer the request it is handling.
        publisher.publish(m.responseTopic(), payload, Math.min(m.qos(), 1), false, m.correlationData());
        return OK;
    }

    /** Bytes at ptr..ptr+len of the caller's memory, or null when they are not all inside it. */
    private static byte[] read(Caller caller, long ptrBits, long lenBits) {
        long ptr = ptrBits & 0xFFFF_FFFFL;
        long len = lenBits & 0xFFFF_FFFFL;
        Memory memory = caller.memory();
        if (memory == null || ptr + len > memory.byteSize()) return null;
        try {
            return memory.readBytes(ptr, (int) len);
        } catch (Trap t) {
            return null;
        }
    }
}
