package io.evapi.proxy.modules.xmlrpc;

import io.evapi.proxy.spi.LogGate;
import io.evapi.proxy.spi.event.DeliveryListener;
import io.evapi.proxy.spi.event.EventTransport;
import io.evapi.proxy.spi.event.InvalidSocketException;
import io.evapi.proxy.spi.event.Ipv4Destinations;
import io.evapi.proxy.spi.event.RaisedEvent;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * event_xmlrpc's {@code xmlrpc:} transport. Parsing resolves the host (IPv4) and attaches the socket to the
 * {@link XmlRpcDestination} of that address. Raising builds the request on the raising thread and offers it to
 * the destination. With {@code sync_mode} 1 a plain raise then waits for the send status, at most {@code timeout}
 * ms (OpenSIPS 2.x-3.1 waited without bound), and returns -1 when the request was not sent; it never waits on a
 * Netty I/O thread (there it acts as {@code sync_mode} 0), nor in a raise with a {@link DeliveryListener}
 * (event_virtual's), which hears the status instead.
 */
final class XmlRpcTransport implements EventTransport<XmlRpcSocket> {
    private static final Logger LOG = LoggerFactory.getLogger(XmlRpcTransport.class);
    private final XmlRpcSettings settings;
    private final EventLoopGroup group;
    private final Map<InetSocketAddress, XmlRpcDestination> destinations = new HashMap<>();
    private final LogGate tooLargeLog = new LogGate();

    XmlRpcTransport(XmlRpcSettings settings, EventLoopGroup group) {
        this.settings = settings;
        this.group = group;
    }

    @Override
    public String proto() {
        return "xmlrpc";
    }

    /** OpenSIPS's grammar: {@code host ':' port ['/' path] ':' method}; the path ends at the first ':' after it. */
    @Override
    public XmlRpcSocket parse(String address) throws InvalidSocketException {
        String expected = "expected xmlrpc:HOST:PORT[/PATH]:METHOD, such as xmlrpc:127.0.0.1:8081:e_dummy_h, found"
                + " 'xmlrpc:" + address + "'";
        int colon = address.indexOf(':');
        if (colon <= 0) {
            throw new InvalidSocketException(expected);
        }
        String host = address.substring(0, colon);
        String rest = address.substring(colon + 1);
        int methodColon = rest.indexOf(':');
        if (methodColon <= 0 || methodColon == rest.length() - 1) {
            throw new InvalidSocketException(expected + " (no method)");
        }
        String portPart = rest.substring(0, methodColon);
        String method = rest.substring(methodColon + 1);
        int slash = portPart.indexOf('/');
        String portText = slash < 0 ? portPart : portPart.substring(0, slash);
        String path = slash < 0 ? null : portPart.substring(slash);
        int port = portText.matches("[0-9]{1,5}") ? Integer.parseInt(portText) : -1;
        if (port < 1 || port > 65535) {
            throw new InvalidSocketException("expected a port from 1 to 65535 in xmlrpc:HOST:PORT[/PATH]:METHOD, found '"
                    + portText + "'");
        }
        return new XmlRpcSocket(host, port, path, method, XmlRpcRequest.head(host, port, path),
                acquire(Ipv4Destinations.resolve(host, port)));
    }

    private synchronized XmlRpcDestination acquire(InetSocketAddress address) {
        XmlRpcDestination d = destinations.computeIfAbsent(address,
                a -> new XmlRpcDestination(a, group.next(), settings));
        d.refs++;
        return d;
    }

    @Override
    public synchronized void release(XmlRpcSocket socket) {
        XmlRpcDestination d = socket.destination();
        if (--d.refs == 0 && destinations.get(d.address) == d) {
            destinations.remove(d.address);
            d.release();
        }
    }

    /** As OpenSIPS: host text, port and method; the path does not count. */
    @Override
    public boolean matches(XmlRpcSocket existing, XmlRpcSocket candidate) {
        return existing.port() == candidate.port() && existing.host().equals(candidate.host())
                && existing.method().equals(candidate.method());
    }

    @Override
    public String print(XmlRpcSocket socket) {
        return socket.printed();
    }

    @Override
    public int raise(RaisedEvent event, XmlRpcSocket socket) {
        if (!settings.sync() || Thread.currentThread() instanceof FastThreadLocalThread) {
            return raise(event, socket, null);
        }
        CompletableFuture<String> status = new CompletableFuture<>();
        if (raise(event, socket, (ok, why) -> status.complete(ok ? "" : why)) < 0) {
            return -1;
        }
        try {
            String failure = status.get(settings.timeoutMillis(), TimeUnit.MILLISECONDS);
            return failure.isEmpty() ? 0 : -1;
        } catch (TimeoutException e) {
            socket.destination().syncTimeouts.increment();
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException e) {
            return -1;
        }
    }

    @Override
    public int raise(RaisedEvent event, XmlRpcSocket socket, DeliveryListener listener) {
        if (socket.destination().full()) {
            socket.destination().drop(listener); // a stalled server costs the raise this check
            return -1;
        }
        byte[] request;
        try {
            request = XmlRpcRequest.build(socket.head(), socket.method(), event.name(), event.params(),
                    settings.struct());
        } catch (XmlRpcRequest.TooLargeException e) {
            XmlRpcDestination d = socket.destination();
            d.failed.increment();
            d.lastError = e.getMessage();
            if (tooLargeLog.allow()) {
                LOG.warn("event_xmlrpc: {} to {} not sent: {}", event.name(), socket.printed(), e.getMessage());
            }
            if (listener != null) {
                listener.completed(false, e.getMessage());
            }
            return -1;
        }
        return socket.destination().offer(new XmlRpcDestination.Job(request, listener)) ? 0 : -1;
    }

    synchronized List<XmlRpcDestination> destinations() {
        return new ArrayList<>(destinations.values());
    }
}
