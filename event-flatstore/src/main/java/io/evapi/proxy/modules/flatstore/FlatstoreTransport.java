package io.evapi.proxy.modules.flatstore;

import io.evapi.proxy.spi.event.DeliveryListener;
import io.evapi.proxy.spi.event.EventParam;
import io.evapi.proxy.spi.event.EventTransport;
import io.evapi.proxy.spi.event.InvalidSocketException;
import io.evapi.proxy.spi.event.RaisedEvent;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * event_flatstore's {@code flatstore:} transport: one line per event, {@code NAME,v1,v2,...\n} (values only, no
 * names; integers in decimal), built on the raising thread and queued for the file's writer thread.
 */
final class FlatstoreTransport implements EventTransport<FlatSocket> {
    private final FlatSettings settings;
    private final FlatFile.RotationListener rotations;
    private final Map<String, FlatFile> files = new LinkedHashMap<>();

    FlatstoreTransport(FlatSettings settings, FlatFile.RotationListener rotations) {
        this.settings = settings;
        this.rotations = rotations;
    }

    @Override
    public String proto() {
        return "flatstore";
    }

    /** As OpenSIPS: the directory must exist, the path must not be a directory; the file is created on the first event. */
    @Override
    public FlatSocket parse(String address) throws InvalidSocketException {
        if (address.isEmpty()) {
            throw new InvalidSocketException("expected flatstore:/path/to/file");
        }
        Path p;
        try {
            p = Path.of(address);
        } catch (InvalidPathException e) {
            throw new InvalidSocketException("bad path '" + address + "': " + e.getMessage());
        }
        Path dir = p.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidSocketException("the directory of '" + address + "' does not exist");
        }
        if (Files.isDirectory(p)) {
            throw new InvalidSocketException("'" + address + "' is a directory");
        }
        return new FlatSocket(address, acquire(address));
    }

    private synchronized FlatFile acquire(String path) throws InvalidSocketException {
        FlatFile f = files.get(path);
        if (f == null) {
            if (files.size() >= settings.maxOpenFiles()) {
                throw new InvalidSocketException(files.size() + " files are in use, the most allowed (modparam"
                        + " event_flatstore max_open_sockets)");
            }
            f = new FlatFile(path, settings, rotations);
            files.put(path, f);
        }
        f.refs++;
        return f;
    }

    @Override
    public void release(FlatSocket socket) {
        FlatFile f = socket.file();
        synchronized (this) {
            if (--f.refs > 0 || files.get(f.path) != f) {
                return;
            }
            files.remove(f.path);
        }
        f.stop();
    }

    @Override
    public boolean matches(FlatSocket existing, FlatSocket candidate) {
        return existing.path().equals(candidate.path());
    }

    @Override
    public String print(FlatSocket socket) {
        return socket.path();
    }

    @Override
    public int raise(RaisedEvent event, FlatSocket socket) {
        return raise(event, socket, DeliveryListener.NONE);
    }

    @Override
    public int raise(RaisedEvent event, FlatSocket socket, DeliveryListener listener) {
        FlatFile file = socket.file();
        if (file.full()) {
            file.drop(listener); // a stalled file costs the raise this check, not a line built for nothing
            return -1;
        }
        return file.offer(new FlatFile.Line(lineBytes(event), listener)) ? 0 : -1;
    }

    /** The line of the last event this thread raised: every file subscribed to one raise shares it. */
    private final ThreadLocal<Object[]> last = ThreadLocal.withInitial(() -> new Object[2]);

    private byte[] lineBytes(RaisedEvent event) {
        Object[] l = last.get();
        if (l[0] != event) {
            l[1] = FlatFile.bytes(line(event));
            l[0] = event;
        }
        return (byte[]) l[1];
    }

    /**
     * {@code [NAME] {DELIMITER VALUE} "\n"}. Without the name ({@code suppress_event_name}) the first value has no
     * delimiter before it. In a string value each occurrence of the delimiter becomes {@code escape_delimiter}
     * when set, else each delimiter character a space (OpenSIPS); a newline or carriage return becomes a space (ours:
     * one line per event). A null or empty string is written as nothing.
     */
    String line(RaisedEvent event) {
        StringBuilder sb = new StringBuilder(64);
        boolean first = true;
        if (!settings.suppressEventName()) {
            sb.append(event.name());
            first = false;
        }
        for (EventParam p : event.params()) {
            if (!first) {
                sb.append(settings.delimiter());
            }
            first = false;
            Object v = p.value();
            if (v instanceof Long n) {
                sb.append(n.longValue());
            } else if (v != null) {
                value(sb, (String) v);
            }
        }
        return sb.append('\n').toString();
    }

    private void value(StringBuilder sb, String s) {
        String d = settings.delimiter();
        String escape = settings.escapeDelimiter();
        if (escape != null && !d.isEmpty()) {
            s = s.replace(d, escape);
        } else if (!d.isEmpty()) {
            s = s.replace(d.charAt(0), ' ');
        }
        sb.append(s.replace('\n', ' ').replace('\r', ' '));
    }

    synchronized List<FlatFile> files() {
        return new ArrayList<>(files.values());
    }

    synchronized FlatFile file(String path) {
        return files.get(path);
    }
}
