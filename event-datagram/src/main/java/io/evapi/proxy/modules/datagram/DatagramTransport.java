package io.evapi.proxy.modules.datagram;

import io.evapi.proxy.spi.event.EventTransport;
import io.evapi.proxy.spi.event.InvalidSocketException;
import io.evapi.proxy.spi.event.RaisedEvent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * event_datagram's {@code udp:} or {@code unix:} transport: one datagram per event per subscriber holding the
 * 3.x JSON-RPC payload ({@link RaisedEvent#jsonRpcBytes()}, built once per raise), handed to the
 * {@link DatagramSender}.
 */
final class DatagramTransport implements EventTransport<Target> {

    /** Parses the text after {@code proto:}. */
    @FunctionalInterface
    interface Parser {
        Target parse(String address) throws InvalidSocketException;
    }

    private final String proto;
    private final Parser parser;
    private final DatagramSender sender;
    private final Set<Target> live;

    DatagramTransport(String proto, Parser parser, DatagramSender sender, Set<Target> live) {
        this.proto = proto;
        this.parser = parser;
        this.sender = sender;
        this.live = live;
    }

    static Set<Target> liveSet() {
        return ConcurrentHashMap.newKeySet();
    }

    @Override
    public String proto() {
        return proto;
    }

    @Override
    public Target parse(String address) throws InvalidSocketException {
        Target t = parser.parse(address);
        live.add(t);
        return t;
    }

    @Override
    public boolean matches(Target existing, Target candidate) {
        return existing.sameAs(candidate);
    }

    @Override
    public String print(Target socket) {
        return socket.printed;
    }

    @Override
    public int raise(RaisedEvent event, Target socket) {
        return sender.offer(socket, event.jsonRpcBytes()) ? 0 : -1;
    }

    @Override
    public void release(Target socket) {
        live.remove(socket);
        socket.close();
    }
}
