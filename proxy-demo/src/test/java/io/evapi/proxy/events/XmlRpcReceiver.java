package io.evapi.proxy.events;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * An event_xmlrpc subscriber: the JDK's HTTP server, each body parsed by the JDK's XML parser into
 * {@code method(param, ...)} text: a named param (OpenSIPS's {@code <name>} inside {@code <param>}) as
 * {@code name=value}, a struct member as {@code {name=value}}.
 */
final class XmlRpcReceiver implements AutoCloseable {
    private final HttpServer http;
    final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

    XmlRpcReceiver() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                try {
                    calls.add(exchange.getRequestURI() + " " + parse(body));
                } catch (Exception e) {
                    calls.add("unparsable: " + e);
                }
                try {
                    exchange.sendResponseHeaders(200, -1);
                } catch (IOException closed) {
                    // the notifier does not read the reply
                }
            }
        });
        http.start();
    }

    int port() {
        return http.getAddress().getPort();
    }

    String next(Duration wait) throws InterruptedException {
        String c = calls.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no XML-RPC call on " + port() + " within " + wait);
        }
        return c;
    }

    private static String parse(byte[] body) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(body));
        Element call = doc.getDocumentElement();
        String method = call.getElementsByTagName("methodName").item(0).getTextContent();
        List<String> params = new ArrayList<>();
        NodeList list = call.getElementsByTagName("param");
        for (int i = 0; i < list.getLength(); i++) {
            Element p = (Element) list.item(i);
            String name = null;
            String value = null;
            for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("name")) {
                    name = e.getTextContent();
                } else if (n instanceof Element e && e.getTagName().equals("value")) {
                    Element typed = (Element) e.getElementsByTagName("*").item(0);
                    if (typed.getTagName().equals("struct")) {
                        Element member = (Element) typed.getElementsByTagName("member").item(0);
                        value = "{" + member.getElementsByTagName("name").item(0).getTextContent() + "="
                                + member.getElementsByTagName("value").item(0).getTextContent() + "}";
                    } else {
                        value = typed.getTextContent();
                    }
                }
            }
            params.add(name == null ? value : name + "=" + value);
        }
        return method + params;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
