package io.evapi.proxy.modules.xmlrpc;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A real XML-RPC server: the JDK's HTTP server, each request body parsed by the JDK's XML parser (DOM) into the
 * method name and its params. A param is what XML-RPC makes of it: a {@code String}, an {@code Integer}, or a
 * {@code Map} for a struct; OpenSIPS's non-standard {@code <name>} inside a {@code <param>} comes out as
 * {@code "name=value"} text, the way Python's xmlrpc.client flattens it to two values.
 */
final class XmlRpcServer implements AutoCloseable {

    /** One call as the server understood it, and the request line and headers it came with. */
    record Call(String requestLine, Map<String, String> headers, String methodName, List<Object> params) {
    }

    private final HttpServer http;
    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    final BlockingQueue<String> errors = new LinkedBlockingQueue<>();

    XmlRpcServer() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "xmlrpc-server");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/", exchange -> {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
                try {
                    calls.add(parse(exchange.getRequestMethod() + " " + exchange.getRequestURI(), headers, body));
                } catch (Exception e) {
                    errors.add(e.toString());
                }
                byte[] reply = "<?xml version=\"1.0\"?>\n<methodResponse><params><param><value><string>OK</string></value></param></params></methodResponse>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/xml");
                try {
                    exchange.sendResponseHeaders(200, reply.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(reply);
                    }
                } catch (IOException closed) {
                    // the notifier closed without reading the reply, as OpenSIPS does
                }
            }
        });
        http.start();
    }

    int port() {
        return http.getAddress().getPort();
    }

    Call next(Duration wait) throws InterruptedException {
        Call c = calls.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no XML-RPC call on port " + port() + " within " + wait + "; errors: " + errors);
        }
        return c;
    }

    static Call parse(String requestLine, Map<String, String> headers, byte[] body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        DocumentBuilder b = f.newDocumentBuilder();
        Document doc = b.parse(new ByteArrayInputStream(body));
        Element call = doc.getDocumentElement();
        if (!call.getTagName().equals("methodCall")) {
            throw new IllegalArgumentException("not a methodCall: " + call.getTagName());
        }
        String method = child(call, "methodName").getTextContent();
        List<Object> params = new ArrayList<>();
        for (Element p : children(child(call, "params"), "param")) {
            Element name = optionalChild(p, "name");
            Object v = value(child(p, "value"));
            params.add(name == null ? v : name.getTextContent() + "=" + v);
        }
        return new Call(requestLine, headers, method, params);
    }

    private static Object value(Element value) {
        Element typed = null;
        for (Node n = value.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                typed = e;
            }
        }
        if (typed == null) {
            return value.getTextContent(); // XML-RPC: a value without a type is a string
        }
        return switch (typed.getTagName()) {
            case "string" -> typed.getTextContent();
            case "int", "i4" -> Integer.parseInt(typed.getTextContent());
            case "struct" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Element member : children(typed, "member")) {
                    m.put(child(member, "name").getTextContent(), value(child(member, "value")));
                }
                yield m;
            }
            default -> throw new IllegalArgumentException("unexpected XML-RPC type " + typed.getTagName());
        };
    }

    private static Element child(Element parent, String tag) {
        Element e = optionalChild(parent, tag);
        if (e == null) {
            throw new IllegalArgumentException("<" + parent.getTagName() + "> has no <" + tag + ">");
        }
        return e;
    }

    private static Element optionalChild(Element parent, String tag) {
        List<Element> l = children(parent, tag);
        return l.isEmpty() ? null : l.get(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
