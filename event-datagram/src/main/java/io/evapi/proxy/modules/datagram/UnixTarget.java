package io.evapi.proxy.modules.datagram;

import io.evapi.proxy.spi.event.InvalidSocketException;
import java.io.File;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * {@code unix:/path}: a Unix datagram socket (junixsocket, as the JDK has no AF_UNIX datagrams). The path need
 * not exist when subscribing, as in OpenSIPS; a send to a path nobody listens on counts as a failure.
 */
final class UnixTarget extends Target {
    final String path;
    private final AFUNIXSocketAddress address;
    private AFUNIXDatagramChannel channel;

    private UnixTarget(String path, AFUNIXSocketAddress address) {
        super("unix", path);
        this.path = path;
        this.address = address;
    }

    static UnixTarget parse(String text) throws InvalidSocketException {
        if (text.isEmpty()) {
            throw new InvalidSocketException("expected unix:/path/to/socket");
        }
        try {
            return new UnixTarget(text, AFUNIXSocketAddress.of(new File(text)));
        } catch (SocketException | RuntimeException e) {
            throw new InvalidSocketException("bad unix socket path '" + text + "': " + e.getMessage());
        }
    }

    @Override
    synchronized void send(ByteBuffer payload) throws IOException {
        if (released) {
            return;
        }
        AFUNIXDatagramChannel c = channel;
        if (c == null) {
            c = AFUNIXDatagramChannel.open();
            channel = c;
        }
        c.send(payload, address);
    }

    @Override
    boolean sameAs(Target other) {
        return other instanceof UnixTarget u && u.path.equals(path);
    }

    @Override
    synchronized void close() {
        released = true;
        AFUNIXDatagramChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
