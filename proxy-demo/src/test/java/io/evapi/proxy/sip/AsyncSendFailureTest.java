package io.evapi.proxy.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.core.client.EvapiClient;
import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.SippResult;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An async event that a listening application does not get (here: larger than its {@code max_pending_bytes},
 * so the server refuses it for that client) must not leave the call suspended until {@code fr_timer}: the
 * function undoes the suspension and returns -1, and the script answers at once.
 */
class AsyncSendFailureTest {
    private static final String CONFIG = """
            #!KAMAILIO
            listen=udp:127.0.0.1:@SIP@
            loadmodule "sl.so"
            loadmodule "tm.so"
            loadmodule "tmx.so"
            loadmodule "evapi.so"
            modparam("evapi", "bind_addr", "127.0.0.1:@EVAPI@")
            modparam("evapi", "max_pending_bytes", 1024)
            modparam("tm", "fr_timer", 60000)

            request_route {
                evapi_async_relay("{\\"index\\":$T(id_index),\\"label\\":$T(id_label),\\"pad\\":\\"@PAD@\\"}");
                if ($rc == -2) {
                    sl_send_reply("500", "Suspended For Nobody");
                    exit;
                }
                if ($rc < 0) {
                    sl_send_reply("503", "No Application Got It");
                }
                exit;
            }

            event_route[evapi:connection-new] {
                evapi_relay("registered");
            }
            """;

    @Test
    void anEventNobodyGotIsAnsweredAtOnceAndLeavesNothingSuspended() throws Exception {
        int sip = FreePorts.udpAndTcp();
        int evapi;
        try (ServerSocket s = new ServerSocket(0)) {
            evapi = s.getLocalPort();
        }
        String text = CONFIG.replace("@SIP@", String.valueOf(sip)).replace("@EVAPI@", String.valueOf(evapi))
                .replace("@PAD@", "x".repeat(2048));
        List<String> frames = new CopyOnWriteArrayList<>();
        try (RunningProxy proxy = RunningProxy.start(ProxyHost.load(text, "async-nobody.cfg"));
                EvapiClient app = EvapiClient.builder("127.0.0.1", evapi).reconnect(false).onFrame(frames::add)
                        .build()) {
            app.connect().join();
            await().atMost(Duration.ofSeconds(20)).until(() -> frames.contains("registered"));
            SippResult uac = Scenarios.uacExpecting("OPTIONS", 503, 70).remote("127.0.0.1:" + sip)
                    .localPort(FreePorts.udpAndTcp()).calls(3).timeout(Duration.ofSeconds(30)).run();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(3);
            assertThat(proxy.engine().suspendedTransactions()).isZero();
            assertThat(frames).containsExactly("registered");
        }
    }
}
