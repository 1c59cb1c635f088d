package io.evapi.proxy.spi.event;

import static java.util.Objects.requireNonNull;

/**
 * An event known to the {@link EventInterface}: its name and its id (the registration index, from 0, as
 * OpenSIPS's {@code event_id_t}). Keep it from {@link EventInterface#publish} and raise with it.
 */
public record PublishedEvent(int id, String name) {

    public PublishedEvent {
        requireNonNull(name, "name");
        if (id < 0) {
            throw new IllegalArgumentException("negative event id " + id);
        }
    }
}
