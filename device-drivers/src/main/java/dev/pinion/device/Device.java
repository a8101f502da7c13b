package dev.pinion.device;

/**
 * A device a {@link Board} opened under a logical name. The board owns it: it is opened once, shared by every
 * user, and closed with the board. Not for users to implement outside this module's providers.
 */
public interface Device {
    /** The logical name from the board description ({@code led}, {@code room_temp}). */
    String name();

    /** The provider that drives it ({@code gpiochip}, {@code sim}, ...), as logged at open. */
    String provider();
}
