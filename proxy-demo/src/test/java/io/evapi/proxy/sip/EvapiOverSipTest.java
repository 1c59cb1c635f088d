package io.evapi.proxy.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.core.client.EvapiClient;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.SippResult;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Tags set by clients' own messages steer multicast and unicast, triggered by SIP MESSAGEs from sipp. */
class EvapiOverSipTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONFIG = """
            listen=udp:127.0.0.1:@SIP@
            loadmodule "pv.so"
            loadmodule "sl.so"
            loadmodule "textops.so"
            loadmodule "evapi.so"
            modparam("evapi", "bind_addr", "127.0.0.1:@EVAPI@")

            event_route[evapi:message-received] {
                if ($evapi(msg) == "tag-me") {
                    evapi_set_tag("a");
                    evapi_relay("tagged:$evapi(conidx)");
                }
            }

            request_route {
                if (is_method("MESSAGE")) {
                    if ($rU == "multi") { evapi_multicast("multi:$ci", "a"); }
                    else if ($rU == "uni") { evapi_unicast("uni:$ci", "a"); }
                    else { evapi_relay("all:$rU"); }
                    sl_send_reply("200", "OK");
                    exit;
                }
                sl_send_reply("405", "Method Not Allowed");
            }
            """;

    @Test
    void sipMessagesReachTaggedClientsOnly() throws Exception {
        int sip = FreePorts.udpAndTcp();
        int evapi;
        try (ServerSocket s = new ServerSocket(0)) {
            evapi = s.getLocalPort();
        }
        String text = CONFIG.replace("@SIP@", "" + sip).replace("@EVAPI@", "" + evapi);
        try (RunningProxy proxy = RunningProxy.start(ProxyHost.load(text, "evapi-sip.cfg"))) {
            List<List<String>> seen = new ArrayList<>();
            List<EvapiClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    List<String> events = new CopyOnWriteArrayList<>();
                    seen.add(events);
                    EvapiClient c = EvapiClient.builder("127.0.0.1", evapi).reconnect(false).onFrame(events::add).build();
                    clients.add(c);
                    c.connect().join();
                }
                clients.get(1).send("tag-me").join();
                await().atMost(WAIT).until(() -> seen.get(0).stream().filter(e -> e.startsWith("tagged:")).count() == 1);
                clients.get(2).send("tag-me").join();
                await().atMost(WAIT).until(() -> seen.get(0).stream().filter(e -> e.startsWith("tagged:")).count() == 2);
                List<String> tagged = seen.get(0).stream().filter(e -> e.startsWith("tagged:")).toList();
                int lowerOfTagged = Integer.parseInt(tagged.get(0).substring(7)) < Integer.parseInt(tagged.get(1).substring(7))
                        ? 1 : 2;

                for (String user : new String[] {"multi", "uni", "end"}) {
                    SippResult r = Scenarios.uacExpecting("MESSAGE", 200, 70).remote("127.0.0.1:" + sip)
                            .localPort(FreePorts.udpAndTcp()).service(user).calls(1).timeout(WAIT).run();
                    assertThat(r.successfulCalls()).as(r.describe()).isEqualTo(1);
                }
                for (List<String> events : seen) {
                    await().atMost(WAIT).until(() -> events.contains("all:end"));
                }
                assertThat(seen.get(0)).noneMatch(e -> e.startsWith("multi:") || e.startsWith("uni:"));
                assertThat(seen.get(1)).anyMatch(e -> e.startsWith("multi:"));
                assertThat(seen.get(2)).anyMatch(e -> e.startsWith("multi:"));
                assertThat(seen.get(lowerOfTagged)).anyMatch(e -> e.startsWith("uni:"));
                assertThat(seen.get(3 - lowerOfTagged)).noneMatch(e -> e.startsWith("uni:"));
            } finally {
                clients.forEach(EvapiClient::close);
            }
        }
    }
}
