package io.evapi.proxy.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.evapi.sip.engine.message.ParsedSipMessage;
import io.evapi.proxy.pv.AvpStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One compiled config, run by 8 threads at once, gives each request the same answer as one thread does. */
class ConcurrencyTest {

    @Test
    void eightThreadsGetTheSameResultsAsOne() throws Exception {
        CompiledConfig config = Scripts.load("""
                max_while_loops=1000
                loadmodule "pv"; loadmodule "testmod"
                request_route {
                    $var(n) = $(fU{s.substr,4,0}{s.int});
                    $var(acc) = 0;
                    $var(i) = 0;
                    while ($var(i) < $var(n)) { $var(acc) = $var(acc) + $var(i); $var(i) = $var(i) + 1; }
                    switch ($var(n) % 3) {
                        case 0: $avp(kind) = "fizz"; break;
                        default: $avp(kind) = "plain";
                    }
                    route(SIGN);
                    $avp(result) = $fU + ":" + $var(acc) + ":" + $avp(kind) + ":" + $rc;
                }
                route[SIGN] { if ($var(acc) > 100) return 2; return 1; }
                """);
        int requests = 400;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            expected.add(result(config, i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < requests; i++) {
                    int n = i;
                    futures.add(pool.submit((Callable<String>) () -> result(config, n)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                assertThat(futures.get(k).get()).isEqualTo(expected.get(k % requests));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected.get(30)).isEqualTo("user30:435:fizz:2");
    }

    private static String result(CompiledConfig config, int n) throws Exception {
        String invite = Scripts.INVITE.replace("sip:alice@atlanta.com", "sip:user" + n + "@atlanta.com");
        RunResult r = config.runRequestRoute(ParsedSipMessage.parse(invite, "10.0.0.1", 5060));
        return (String) r.run().get(AvpStore.KEY).get("result");
    }
}
