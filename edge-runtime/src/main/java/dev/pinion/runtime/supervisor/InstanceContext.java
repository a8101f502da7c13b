package dev.pinion.runtime.supervisor;

/**
 * What host functions may know about the instance that calls them: which module it is and which event the
 * call in progress is handling (so {@code pinion_mqtt.reply} finds the request's response topic).
 */
public interface InstanceContext {
    String moduleName();

    /** The version of the module this instance runs. */
    String version();

    /** The event of the handler call running now on this instance, or null outside a handler call. */
    Event currentEvent();
}
