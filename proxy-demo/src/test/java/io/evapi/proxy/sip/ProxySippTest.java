package io.evapi.proxy.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import io.evapi.sip.testkit.FreePorts;
import io.evapi.sip.testkit.Scenarios;
import io.evapi.sip.testkit.Sipp;
import io.evapi.sip.testkit.SippResult;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy driven by a Kamailio-style config, end to end with sipp on both sides. */
class ProxySippTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String CONFIG = """
            #!KAMAILIO
            listen=udp:127.0.0.1:@PORT@
            listen=tcp:127.0.0.1:@PORT@
            loadmodule "sl.so"
            loadmodule "tm.so"
            loadmodule "tmx.so"
            loadmodule "rr.so"
            loadmodule "maxfwd.so"
            loadmodule "siputils.so"
            loadmodule "textops.so"
            loadmodule "pv.so"
            modparam("tm", "fr_timer", 2000)
            modparam("tm", "fr_inv_timer", 2000)

            request_route {
                if (!mf_process_maxfwd_header("10")) {
                    sl_send_reply("483", "Too Many Hops");
                    exit;
                }
                if (is_method("OPTIONS")) {
                    sl_send_reply("200", "OK");
                    exit;
                }
                if (has_totag()) {
                    if (loose_route()) {
                        t_relay();
                        exit;
                    }
                    if (is_method("ACK")) {
                        if (t_check_trans()) { t_relay(); }
                        exit;
                    }
                    sl_send_reply("404", "Not here");
                    exit;
                }
                if (is_method("CANCEL")) {
                    if (t_check_trans()) { t_relay(); }
                    exit;
                }
                if (is_method("INVITE")) { record_route(); }
                if ($rU == "crash") {
                    $var(zero) = 0;
                    $var(x) = 1 / $var(zero);
                }
                if ($rU == "silent") {
                    $du = "sip:127.0.0.1:@SILENT@";
                    t_on_failure("MISSED");
                } else if ($rU == "fallback") {
                    $du = "sip:127.0.0.1:@SILENT@";
                    t_on_failure("NEXT");
                } else {
                    $du = "sip:127.0.0.1:@UAS@;transport=@TRANSPORT@";
                }
                if (!t_relay()) { sl_reply_error(); }
            }

            failure_route[NEXT] {
                if (t_check_status("408")) {
                    $du = "sip:127.0.0.1:@UAS@;transport=@TRANSPORT@";
                    t_relay();
                }
            }

            failure_route[MISSED] {
                if (t_check_status("408")) {
                    t_reply("480", "Temporarily Unavailable");
                }
            }
            """;

    private RunningProxy proxy;
    private int port;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void start(int uasPort, int silentPort, boolean tcp) throws Exception {
        port = FreePorts.udpAndTcp();
        String text = CONFIG.replace("@PORT@", String.valueOf(port)).replace("@UAS@", String.valueOf(uasPort))
                .replace("@SILENT@", String.valueOf(silentPort)).replace("@TRANSPORT@", tcp ? "tcp" : "udp");
        proxy = RunningProxy.start(ProxyHost.load(text, "proxy-sipp.cfg"));
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void hundredCallsWithRecordRouteAckAndByeThroughTheProxy(boolean tcp) throws Exception {
        int uasPort = FreePorts.udpAndTcp();
        start(uasPort, 1, tcp);
        try (Sipp.Running uas = Sipp.scenario("sipp/uas-rr.xml").tcp(tcp).localPort(uasPort).calls(100)
                .timeout(LIMIT).start()) {
            SippResult uac = Sipp.scenario("sipp/uac-rr.xml").tcp(tcp).remote("127.0.0.1:" + port)
                    .localPort(FreePorts.udpAndTcp()).service("bob").calls(100).rate(50).timeout(LIMIT).run();
            SippResult uasResult = uas.await();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(100);
            assertThat(uac.failedCalls()).as(uac.describe()).isZero();
            assertThat(uasResult.successfulCalls()).as(uasResult.describe()).isEqualTo(100);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> proxy.engine().liveTransactions() == 0);
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void optionsGet200FromSlSendReply(boolean tcp) throws Exception {
        start(1, 1, tcp);
        SippResult uac = Scenarios.uacExpecting("OPTIONS", 200, 70).tcp(tcp).remote("127.0.0.1:" + port)
                .localPort(FreePorts.udpAndTcp()).service("proxy").calls(5).rate(10).timeout(LIMIT).run();
        assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(5);
    }

    @Test
    void maxForwardsZeroGets483() throws Exception {
        start(1, 1, false);
        SippResult uac = Scenarios.uacExpecting("INVITE", 483, 0).remote("127.0.0.1:" + port)
                .localPort(FreePorts.udpAndTcp()).service("bob").calls(1).timeout(LIMIT).run();
        assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(1);
    }

    @Test
    void silentUasTimesOutIntoTheFailureRouteWhichReplies480() throws Exception {
        int silentPort = FreePorts.udpAndTcp();
        start(1, silentPort, false);
        try (Sipp.Running silent = Sipp.scenario("sipp/uas-silent.xml").localPort(silentPort).calls(1)
                .timeout(LIMIT).start()) {
            SippResult uac = Scenarios.uacExpecting("INVITE", 480, 70).remote("127.0.0.1:" + port)
                    .localPort(FreePorts.udpAndTcp()).service("silent").calls(1).timeout(LIMIT).run();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(1);
        }
    }

    @Test
    void cancelBeforeTheAnswerGives487() throws Exception {
        int uasPort = FreePorts.udpAndTcp();
        start(uasPort, 1, false);
        try (Sipp.Running uas = Sipp.scenario("sipp/uas-ring-cancel.xml").localPort(uasPort).calls(3)
                .timeout(LIMIT).start()) {
            SippResult uac = Sipp.scenario("sipp/uac-cancel.xml").remote("127.0.0.1:" + port)
                    .localPort(FreePorts.udpAndTcp()).service("bob").calls(3).rate(5).timeout(LIMIT).run();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(3);
            assertThat(uas.await().successfulCalls()).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> proxy.engine().liveTransactions() == 0);
    }

    @Test
    void failureRouteRelaysToASecondUasAfterATimeout() throws Exception {
        int silentPort = FreePorts.udpAndTcp();
        int backupPort = FreePorts.udpAndTcp();
        start(backupPort, silentPort, false);
        try (Sipp.Running silent = Sipp.scenario("sipp/uas-silent.xml").localPort(silentPort).calls(1)
                .timeout(LIMIT).start();
             Sipp.Running backup = Sipp.scenario("sipp/uas-rr.xml").localPort(backupPort).calls(1)
                .timeout(LIMIT).start()) {
            SippResult uac = Sipp.scenario("sipp/uac-rr.xml").remote("127.0.0.1:" + port)
                    .localPort(FreePorts.udpAndTcp()).service("fallback").calls(1).timeout(LIMIT).run();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(1);
            assertThat(backup.await().successfulCalls()).isEqualTo(1);
        }
    }

    @Test
    void aRunTimeScriptErrorGives500AndTheProxyKeepsServing() throws Exception {
        start(1, 1, false);
        SippResult crash = Scenarios.uacExpecting("INVITE", 500, 70).remote("127.0.0.1:" + port)
                .localPort(FreePorts.udpAndTcp()).service("crash").calls(2).rate(5).timeout(LIMIT).run();
        assertThat(crash.successfulCalls()).as(crash.describe()).isEqualTo(2);
        SippResult options = Scenarios.uacExpecting("OPTIONS", 200, 70).remote("127.0.0.1:" + port)
                .localPort(FreePorts.udpAndTcp()).service("proxy").calls(1).timeout(LIMIT).run();
        assertThat(options.successfulCalls()).as(options.describe()).isEqualTo(1);
    }
}
