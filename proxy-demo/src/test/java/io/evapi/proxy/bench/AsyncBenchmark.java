package io.evapi.proxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evapi.core.client.EvapiClient;
import io.evapi.proxy.host.ProxyHost;
import io.evapi.proxy.host.RunningProxy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Async round-trip load run: sipp OPTIONS -> evapi_async_relay (suspend) -> an application answering at once ->
 * t_continue -> 200. Finds the highest rate with 0 failed calls, then reports median and 99th percentile
 * response times at half that rate. With {@code heap N}: suspends N INVITEs nobody answers and reports the heap
 * they take. Figures, not a test.
 */
public final class AsyncBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            listen=udp:127.0.0.1:25060
            debug=0
            children=8
            loadmodule "pv.so"
            loadmodule "sl.so"
            loadmodule "tm.so"
            loadmodule "tmx.so"
            loadmodule "jansson.so"
            loadmodule "evapi.so"
            modparam("evapi", "bind_addr", "127.0.0.1:28448")
            modparam("evapi", "workers", 2)
            modparam("tm", "fr_timer", @FR@)
            modparam("tm", "max_transactions", 250000)
            request_route {
                if (!evapi_async_relay("{\\"index\\":$T(id_index),\\"label\\":$T(id_label)}")) {
                    sl_send_reply("503", "No Application");
                }
                exit;
            }
            event_route[evapi:message-received] {
                jansson_get("index", $evapi(msg), "$var(i)");
                jansson_get("label", $evapi(msg), "$var(l)");
                t_continue("$var(i)", "$var(l)", "RESUME");
            }
            route[RESUME] {
                t_reply("200", "OK");
            }
            """;

    private AsyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean heap = args.length > 0 && args[0].equals("heap");
        int seconds = !heap && args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path work = Files.createTempDirectory("async-bench");
        String config = CONFIG.replace("@FR@", heap ? "3600000" : "30000");
        try (RunningProxy proxy = RunningProxy.start(ProxyHost.load(config, "async-bench.cfg"));
             EvapiClient app = application(!heap)) {
            if (heap) {
                heapRun(proxy, Integer.parseInt(args.length > 1 ? args[1] : "100000"), work);
            } else {
                rateRun(seconds, work);
            }
        }
        System.exit(0); // JAIN-SIP leaves a non-daemon EventScannerThread behind after its stack stops
    }

    private static EvapiClient application(boolean answer) {
        EvapiClient[] client = new EvapiClient[1];
        client[0] = EvapiClient.builder("127.0.0.1", 28448).onFrame(frame -> {
            if (answer) {
                client[0].send(frame); // the event holds the ids: echoing it is the answer
            }
        }).build();
        client[0].connect().join();
        return client[0];
    }

    private static void rateRun(int seconds, Path work) throws Exception {
        System.out.printf("async round trip (OPTIONS -> suspend -> app -> t_continue -> 200), %d s per step, %d cores%n",
                seconds, Runtime.getRuntime().availableProcessors());
        int best = 0;
        for (int rate : new int[] {200, 500, 1000, 1500, 2000, 2500, 3000, 4000}) {
            Sipp r = sipp(work, rate, rate * seconds, false);
            System.out.printf("  %5d/s: %d calls, %d failed%n", rate, r.successful + r.failed, r.failed);
            if (r.failed > 0 || r.exit != 0) {
                break;
            }
            best = rate;
        }
        System.out.printf("highest rate with 0 failed calls: %d/s%n", best);
        if (best > 0) {
            int half = Math.max(1, best / 2);
            Sipp r = sipp(work, half, half * seconds, true);
            List<Double> times = r.responseTimes;
            Collections.sort(times);
            System.out.printf("at %d/s: %d calls, %d failed, response time p50 %.1f ms, p99 %.1f ms (n=%d)%n", half,
                    r.successful + r.failed, r.failed, percentile(times, 50), percentile(times, 99), times.size());
        }
    }

    private static void heapRun(RunningProxy proxy, int count, Path work) throws Exception {
        long before = usedHeapAfterGc();
        Process uac = new ProcessBuilder("sipp", "-sf", scenario(work, "INVITE").toString(), "-i", "127.0.0.1",
                "-p", "25070", "-r", "2000", "-m", String.valueOf(count), "-l", String.valueOf(count + 10),
                "-nostdin", "-bg", "127.0.0.1:25060").redirectErrorStream(true).redirectOutput(work.resolve("uac.out").toFile())
                .start();
        uac.waitFor(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(count / 500 + 60);
        while (proxy.engine().suspendedTransactions() < count && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        int suspended = proxy.engine().suspendedTransactions();
        long after = usedHeapAfterGc();
        System.out.printf("suspended transactions: %d of %d; heap used %.1f MiB before, %.1f MiB with them;"
                        + " %.0f bytes per suspended transaction; max heap %.0f MiB%n", suspended, count,
                before / 1048576.0, after / 1048576.0, (after - before) / (double) Math.max(1, suspended),
                Runtime.getRuntime().maxMemory() / 1048576.0);
        new ProcessBuilder("pkill", "-f", "25070").start().waitFor();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private record Sipp(int exit, long successful, long failed, List<Double> responseTimes) {
    }

    private static Sipp sipp(Path work, int rate, int calls, boolean rtt) throws Exception {
        Path dir = Files.createTempDirectory(work, "run");
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", scenario(work, "OPTIONS").toString(), "-i",
                "127.0.0.1", "-p", "25070", "-r", String.valueOf(rate), "-m", String.valueOf(calls), "-l",
                String.valueOf(rate * 10), "-timeout", String.valueOf(calls / rate + 60), "-nostdin", "-trace_stat",
                "-stf", dir.resolve("stat.csv").toString()));
        if (rtt) {
            cmd.addAll(List.of("-trace_rtt", "-rtt_freq", "1"));
        }
        cmd.add("127.0.0.1:25060");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        int exit = p.waitFor(calls / rate + 120, TimeUnit.SECONDS) ? p.exitValue() : -1;
        p.destroyForcibly();
        long[] counts = counts(dir.resolve("stat.csv"));
        return new Sipp(exit, counts[0], counts[1], rtt ? responseTimes(dir) : new ArrayList<>());
    }

    /** Successful and failed call totals from the last line of sipp's statistics file. */
    private static long[] counts(Path stat) throws IOException {
        List<String> lines = Files.readAllLines(stat);
        String[] header = lines.get(0).split(";");
        String[] last = lines.get(lines.size() - 1).split(";");
        long ok = 0;
        long failed = 0;
        for (int i = 0; i < header.length && i < last.length; i++) {
            if (header[i].equals("SuccessfulCall(C)")) {
                ok = Long.parseLong(last[i].trim());
            } else if (header[i].equals("FailedCall(C)")) {
                failed = Long.parseLong(last[i].trim());
            }
        }
        return new long[] {ok, failed};
    }

    private static List<Double> responseTimes(Path dir) throws IOException {
        List<Double> times = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith("_rtt.csv")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] cols = line.split(";");
                    if (cols.length >= 2 && !cols[1].isBlank() && Character.isDigit(cols[1].trim().charAt(0))) {
                        times.add(Double.parseDouble(cols[1].trim()));
                    }
                }
            }
        }
        return times;
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static Path scenario(Path work, String method) throws IOException {
        boolean invite = method.equals("INVITE");
        String xml = """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <scenario name="%1$s suspended then resumed">
                  <send retrans="500"%3$s>
                    <![CDATA[
                      %1$s sip:bob@[remote_ip]:[remote_port] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                      To: <sip:bob@[remote_ip]:[remote_port]>
                      Call-ID: [call_id]
                      CSeq: 1 %1$s
                      Contact: <sip:sipp@[local_ip]:[local_port]>
                      Max-Forwards: 70
                      Content-Length: 0
                    ]]>
                  </send>
                  %2$s
                </scenario>
                """.formatted(method, invite ? "<recv response=\"100\"/>\n  <pause milliseconds=\"3600000\"/>"
                : "<recv response=\"200\" rtd=\"1\"/>", invite ? "" : " start_rtd=\"1\"");
        Path file = work.resolve(method.toLowerCase() + ".xml");
        Files.writeString(file, xml);
        return file;
    }
}
