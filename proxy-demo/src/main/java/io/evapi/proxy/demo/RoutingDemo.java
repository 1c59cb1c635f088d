package io.evapi.proxy.demo;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.demo.DemoUac.CallResult;
import io.evapi.proxy.demo.RoutingTable.Decision;
import io.evapi.proxy.demo.RoutingTable.Forward;
import io.evapi.proxy.demo.RoutingTable.Reject;
import io.evapi.proxy.host.RunningProxy;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole routing demo on loopback: the proxy with {@code demo/demo.cfg}, the {@link RoutingApp} on its
 * evapi socket, the {@link DemoUas} callee, and a {@link DemoUac} that places calls and prints what happened.
 */
public final class RoutingDemo implements AutoCloseable {
    /** What the app decided for one of our calls (absent: it never saw the call). */
    private record AppDecision(String index, String label, Decision decision) {
    }

    private static final AppDecision UNDECIDED = new AppDecision("", "", null);

    private final DemoPorts ports;
    private final RoutingTable table;
    private final RunningProxy proxy;
    private final DemoUas uas;
    private final DemoUac uac;
    /** Only the calls this demo is placing right now: entries are added before a call and removed after it. */
    private final Map<String, AppDecision> decisions = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private RoutingApp app;

    private RoutingDemo(DemoPorts ports, RoutingTable table, RunningProxy proxy, DemoUas uas, DemoUac uac) {
        this.ports = requireNonNull(ports, "ports");
        this.table = requireNonNull(table, "table");
        this.proxy = requireNonNull(proxy, "proxy");
        this.uas = requireNonNull(uas, "uas");
        this.uac = requireNonNull(uac, "uac");
    }

    /** Starts the proxy, the callee and the caller; the app is started by {@link #startApp()}. */
    public static RoutingDemo start(DemoPorts ports, Duration callTimeout) throws Exception {
        RoutingTable table = DemoResources.routing(ports);
        RunningProxy proxy = RunningProxy.start(DemoResources.config(ports));
        DemoUas uas = null;
        try {
            uas = DemoUas.start(ports.uas());
            DemoUac uac = new DemoUac(new InetSocketAddress(DemoPorts.HOST, ports.sip()), "demo", callTimeout);
            return new RoutingDemo(ports, table, proxy, uas, uac);
        } catch (Exception | Error e) {
            if (uas != null) {
                uas.close();
            }
            proxy.close();
            throw e;
        }
    }

    /** Connects the routing app to the proxy and waits until it is connected. */
    public synchronized void startApp() throws Exception {
        if (app != null) {
            return;
        }
        app = new RoutingApp(DemoPorts.HOST, ports.evapi(), table,
                (callId, index, label, decision) -> decisions.computeIfPresent(callId,
                        (id, none) -> new AppDecision(index, label, decision)));
        app.start().get(10, TimeUnit.SECONDS);
    }

    /** Disconnects the routing app: calls get 503 from then on. */
    public synchronized void stopApp() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    /** A mix of users from the table: forwarded ones, rejected ones, and one the table does not know. */
    public List<String> callees(int calls) {
        List<String> kinds = new ArrayList<>();
        Optional.ofNullable(table.firstUser(Forward.class)).ifPresent(kinds::add);
        Optional.ofNullable(table.firstUser(Reject.class)).ifPresent(kinds::add);
        kinds.add("nobody");
        table.users().stream().filter(u -> !kinds.contains(u)).forEach(kinds::add);
        List<String> callees = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            callees.add(kinds.get(i % kinds.size()));
        }
        return callees;
    }

    /** Places one call and prints its trace; returns the result. */
    public CallResult call(int number, String callee, PrintStream out) throws IOException {
        String callId = DemoUac.newCallId();
        decisions.put(callId, UNDECIDED);
        CallResult result;
        try {
            out.printf("call %d: INVITE sip:%s@%s:%d  (Call-ID %s)%n", number, callee, DemoPorts.HOST, ports.sip(),
                    callId);
            result = uac.call(callee, callId);
        } finally {
            printDecision(decisions.remove(callId), out);
        }
        if (!result.provisional().isEmpty()) {
            out.println("  provisional:  " + String.join(", ", result.provisional()));
        }
        out.printf("  final:        %s  after %d ms%n", result.statusText(), result.elapsed().toMillis());
        if (result.status() == 503) {
            out.println("                (no application was connected to evapi, so the proxy did not suspend"
                    + " the call and answered at once)");
        }
        if (result.byeStatus() != null) {
            out.println("  hang-up:      BYE -> " + result.byeStatus());
        }
        return result;
    }

    private static void printDecision(AppDecision d, PrintStream out) {
        if (d == null || d.decision() == null) {
            out.println("  app decision: none (the app never saw this call)");
            return;
        }
        out.printf("  suspended:    transaction index %s, label %s, sent to the app%n", d.index(), d.label());
        if (d.decision() instanceof Forward f) {
            out.println("  app decision: forward to " + f.uri());
        } else if (d.decision() instanceof Reject r) {
            out.printf("  app decision: reject with %d %s%n", r.code(), r.reason());
        }
    }

    /** sipp command lines that place calls by hand through the running demo. */
    public String sippCommands() {
        String target = DemoPorts.HOST + ":" + ports.sip();
        String forwarded = Optional.ofNullable(table.firstUser(Forward.class)).orElse("alice");
        String rejected = Optional.ofNullable(table.firstUser(Reject.class)).orElse("carol");
        return "  sipp -sn uac -i 127.0.0.1 -p 5070 -s " + forwarded + " -m 1 " + target
                + "    # answered by the demo callee\n"
                + "  sipp -sn uac -i 127.0.0.1 -p 5070 -s " + rejected + " -m 1 " + target
                + "    # rejected by the app: sipp reports a failed call\n";
    }

    public RunningProxy proxy() {
        return proxy;
    }

    public DemoPorts ports() {
        return ports;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopApp();
        uac.close();
        uas.close();
        proxy.close();
    }
}
