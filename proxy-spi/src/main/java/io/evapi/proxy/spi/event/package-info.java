/**
 * The Events Interface for plugins, after OpenSIPS's {@code evi}: {@link io.evapi.proxy.spi.event.EventInterface}
 * (publish, probe, raise, subscribe) and {@link io.evapi.proxy.spi.event.EventTransport}, the SPI a transport
 * plugin (event_datagram, event_stream, ...) implements. JDK only. See {@code docs/events.md}.
 */
package io.evapi.proxy.spi.event;
