package io.evapi.proxy.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.core.client.EvapiClient;
import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.Sipp;
import io.evapi.sip.testkit.SippResult;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * With {@code modparam("evapi", "async_fail_on_close", 1)}, a call whose event went to one application that
 * then disconnects times out at once, through the failure route, instead of after {@code fr_timer} (here a
 * minute, longer than sipp waits).
 */
class AsyncFailOnCloseTest {
    private static final String CONFIG = """
            #!KAMAILIO
            listen=udp:127.0.0.1:@SIP@
            loadmodule "pv.so"
            loadmodule "sl.so"
            loadmodule "tm.so"
            loadmodule "tmx.so"
            loadmodule "evapi.so"
            modparam("evapi", "bind_addr", "127.0.0.1:@EVAPI@")
            modparam("evapi", "async_fail_on_close", 1)
            modparam("tm", "fr_timer", 60000)

            request_route {
                t_on_failure("GONE");
                if (!evapi_async_relay("{\\"index\\":$T(id_index),\\"label\\":$T(id_label)}")) {
                    sl_send_reply("500", "No Application");
                }
                exit;
            }

            failure_route[GONE] {
                if (t_check_status("408")) {
                    t_reply("503", "Application Gone");
                }
            }

            event_route[evapi:connection-new] {
                evapi_relay("registered");
            }

            event_route[evapi:message-received] {
                exit;
            }
            """;

    @Test
    void theCallsOfAnApplicationThatLeftFailAtOnceThroughTheFailureRoute() throws Exception {
        int sip = FreePorts.udpAndTcp();
        int evapi;
        try (ServerSocket s = new ServerSocket(0)) {
            evapi = s.getLocalPort();
        }
        String text = CONFIG.replace("@SIP@", String.valueOf(sip)).replace("@EVAPI@", String.valueOf(evapi));
        List<String> frames = new CopyOnWriteArrayList<>();
        try (RunningProxy proxy = RunningProxy.start(ProxyHost.load(text, "fail-on-close.cfg"))) {
            EvapiClient app = EvapiClient.builder("127.0.0.1", evapi).reconnect(false).onFrame(frames::add).build();
            app.connect().join();
            await().atMost(Duration.ofSeconds(20)).until(() -> frames.contains("registered"));
            try (Sipp.Running uac = Scenarios.uacExpecting("OPTIONS", 503, 70).remote("127.0.0.1:" + sip)
                    .localPort(FreePorts.udpAndTcp()).calls(3).rate(10).timeout(Duration.ofSeconds(40)).start()) {
                // the application takes the three events, answers none, and leaves
                await().atMost(Duration.ofSeconds(20)).until(() -> frames.stream().filter(f -> f.contains("label"))
                        .count() == 3);
                app.close();
                SippResult result = uac.await();
                assertThat(result.successfulCalls()).as(result.describe()).isEqualTo(3);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.engine().suspendedTransactions() == 0);
        }
    }
}
