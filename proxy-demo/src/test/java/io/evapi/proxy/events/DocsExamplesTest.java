package io.evapi.proxy.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.sip.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every example of docs/mi.md (the {@code ```mi} blocks), in document order, against the proxy running
 * docs/examples/opensips-events.cfg: requests, exact answers, and the datagrams subscribers receive.
 */
class DocsExamplesTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void miExamplesAnswerAsDocumented() throws Exception {
        Map<String, UdpReceiver> receivers = new LinkedHashMap<>();
        for (String doc : List.of("2020", "2021", "2022", "2023")) {
            receivers.put(doc, new UdpReceiver());
        }
        String config = Files.readString(DOCS.resolve("examples/opensips-events.cfg"));
        int sip = FreePorts.udpAndTcp();
        int http = EventsInterfaceTest.freeTcpPort();
        config = ports(config, receivers).replace("127.0.0.1:5060", "127.0.0.1:" + sip)
                .replace("\"port\", 8888", "\"port\", " + http);
        try (RunningProxy proxy = RunningProxy.start(ProxyHost.load(config, "opensips-events.cfg"))) {
            MiClient mi = new MiClient(http);
            int checked = 0;
            for (String line : miLines(Files.readString(DOCS.resolve("mi.md")))) {
                line = ports(line, receivers);
                if (line.startsWith("> ")) {
                    last = mi.post(line.substring(2));
                } else if (line.startsWith("< HTTP ")) {
                    assertThat(last.status()).as(line).isEqualTo(Integer.parseInt(line.substring(7).trim()));
                    assertThat(last.body()).isEmpty();
                    checked++;
                } else if (line.startsWith("< ")) {
                    assertThat(last.status()).as(line).isEqualTo(200);
                    matches(last.body(), line.substring(2));
                    checked++;
                } else if (line.startsWith("udp:")) {
                    String sock = line.substring(0, line.indexOf(" <"));
                    UdpReceiver r = receivers.values().stream().filter(x -> x.sock().equals(sock)).findFirst()
                            .orElseThrow();
                    assertThat(r.next(WAIT)).as(line).isEqualTo(line.substring(line.indexOf(" < ") + 3));
                    checked++;
                }
            }
            assertThat(checked).isGreaterThan(25);
        } finally {
            receivers.values().forEach(UdpReceiver::close);
        }
    }

    private MiClient.Reply last;

    private static String ports(String text, Map<String, UdpReceiver> receivers) {
        for (Map.Entry<String, UdpReceiver> e : receivers.entrySet()) {
            text = text.replace("127.0.0.1:" + e.getKey(), "127.0.0.1:" + e.getValue().port());
        }
        return text;
    }

    private static List<String> miLines(String markdown) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                in = line.equals("```mi");
                continue;
            }
            if (in) {
                out.add(line);
            }
        }
        return out;
    }

    /** Exact text, unless the documented answer has "<varies>" values: then the same JSON with those free. */
    private static void matches(String actual, String documented) throws Exception {
        if (!documented.contains("\"<varies>\"")) {
            assertThat(actual).isEqualTo(documented);
            return;
        }
        JsonNode a = MiClient.JSON.readTree(actual);
        JsonNode d = MiClient.JSON.readTree(documented);
        assertThat(same(a, d)).as(actual + " against " + documented).isTrue();
        assertThat(actual.replaceAll("\"[^\"]*\":", "").length()).isPositive();
    }

    private static boolean same(JsonNode a, JsonNode d) {
        if (d.isTextual() && d.asText().equals("<varies>")) {
            return true;
        }
        if (d.isObject()) {
            if (!a.isObject() || a.size() != d.size()) {
                return false;
            }
            Iterator<String> an = a.fieldNames();
            Iterator<String> dn = d.fieldNames();
            while (dn.hasNext()) {
                String k = dn.next();
                if (!an.hasNext() || !an.next().equals(k) || !same(a.get(k), d.get(k))) {
                    return false; // same keys in the same order
                }
            }
            return true;
        }
        if (d.isArray()) {
            if (!a.isArray() || a.size() != d.size()) {
                return false;
            }
            for (int i = 0; i < d.size(); i++) {
                if (!same(a.get(i), d.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(d);
    }
}
