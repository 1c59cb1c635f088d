package io.evapi.proxy.modules.stream;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.evapi.proxy.spi.event.DeliveryListener;
import io.evapi.proxy.spi.event.EventPayload;
import io.evapi.proxy.spi.event.EventTransport;
import io.evapi.proxy.spi.event.InvalidSocketException;
import io.evapi.proxy.spi.event.Ipv4Destinations;
import io.evapi.proxy.spi.event.RaisedEvent;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * event_stream's {@code tcp:} transport. Parsing resolves the host (IPv4, as OpenSIPS) and attaches the socket to
 * the {@link StreamDestination} of that address, shared by every socket naming it and closed when the last one is
 * released. Raising builds the payload ({@code id} in reliable mode, the method, {@code event_param}) on the
 * raising thread and offers it to the destination; it never blocks.
 */
final class StreamTransport implements EventTransport<StreamSocket> {
    private final StreamSettings settings;
    private final EventLoopGroup group;
    private final Map<InetSocketAddress, StreamDestination> destinations = new HashMap<>();
    /** Reliable-mode ids: unique positive ints, from a random start (OpenSIPS: pid and rand, +4 per event). */
    private final AtomicInteger ids = new AtomicInteger(1 + ThreadLocalRandom.current().nextInt(1 << 30));

    StreamTransport(StreamSettings settings, EventLoopGroup group) {
        this.settings = settings;
        this.group = group;
    }

    @Override
    public String proto() {
        return "tcp";
    }

    @Override
    public StreamSocket parse(String address) throws InvalidSocketException {
        int colon = address.indexOf(':');
        if (colon <= 0) {
            throw new InvalidSocketException("expected tcp:HOST:PORT[/METHOD], such as tcp:127.0.0.1:8899, found 'tcp:"
                    + address + "'");
        }
        String host = address.substring(0, colon);
        String rest = address.substring(colon + 1);
        int slash = rest.indexOf('/');
        String portText = slash < 0 ? rest : rest.substring(0, slash);
        String method = slash < 0 || slash == rest.length() - 1 ? null : rest.substring(slash + 1);
        int port = portText.matches("[0-9]{1,5}") ? Integer.parseInt(portText) : -1;
        if (port < 1 || port > 65535) {
            throw new InvalidSocketException("expected a port from 1 to 65535 in tcp:HOST:PORT[/METHOD], found '"
                    + portText + "'");
        }
        return new StreamSocket(host, port, method, acquire(Ipv4Destinations.resolve(host, port)));
    }

    private synchronized StreamDestination acquire(InetSocketAddress address) {
        StreamDestination d = destinations.computeIfAbsent(address,
                a -> new StreamDestination(a, group.next(), settings));
        d.refs++;
        return d;
    }

    @Override
    public synchronized void release(StreamSocket socket) {
        StreamDestination d = socket.destination();
        if (--d.refs == 0 && destinations.get(d.address) == d) {
            destinations.remove(d.address);
            d.release();
        }
    }

    @Override
    public boolean matches(StreamSocket existing, StreamSocket candidate) {
        return existing.port() == candidate.port() && existing.host().equals(candidate.host())
                && Objects.equals(existing.method(), candidate.method());
    }

    @Override
    public String print(StreamSocket socket) {
        return socket.printed();
    }

    @Override
    public int raise(RaisedEvent event, StreamSocket socket) {
        return raise(event, socket, null);
    }

    @Override
    public int raise(RaisedEvent event, StreamSocket socket, DeliveryListener listener) {
        if (socket.destination().full()) {
            socket.destination().drop(listener); // a stalled subscriber costs the raise this check
            return -1;
        }
        int id = settings.reliable() ? nextId() : 0;
        byte[] payload;
        String method = socket.method() == null ? event.name() : socket.method();
        if (id == 0 && settings.eventParam() == null && socket.method() == null) {
            payload = event.jsonRpcBytes(); // the payload every plain transport shares
        } else {
            payload = EventPayload.jsonRpc(id, method, event.params(), settings.eventParam(), event.name())
                    .getBytes(UTF_8);
        }
        return socket.destination().offer(new StreamDestination.Job(payload, id, listener)) ? 0 : -1;
    }

    private int nextId() {
        int id = ids.incrementAndGet();
        if (id <= 0) {
            ids.compareAndSet(id, 1);
            return nextId();
        }
        return id;
    }

    synchronized List<StreamDestination> destinations() {
        return new ArrayList<>(destinations.values());
    }
}
