package io.evapi.proxy.demo;

import io.evapi.proxy.demo.DemoUac.CallResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code --demo} and {@code --demo-calls N} of the command line: runs the {@link RoutingDemo} on the default
 * loopback ports, places the calls with a trace each, shows a call with the app stopped, and prints sipp
 * command lines. {@code --demo-calls N} exits after that; {@code --demo} places 3 calls and keeps running, with
 * the app connected again, until the process is stopped.
 */
public final class DemoCommand {
    static final int DEFAULT_CALLS = 3;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private DemoCommand() {
    }

    /** {@code args} start at {@code --demo} or {@code --demo-calls}; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        boolean keepRunning;
        int calls;
        if (args.size() == 1 && args.get(0).equals("--demo")) {
            keepRunning = true;
            calls = DEFAULT_CALLS;
        } else if (args.size() == 2 && args.get(0).equals("--demo-calls")) {
            keepRunning = false;
            try {
                calls = Integer.parseInt(args.get(1));
            } catch (NumberFormatException e) {
                calls = -1;
            }
            if (calls < 1 || calls > 1000) {
                err.println("proxy-demo: --demo-calls needs a number of calls from 1 to 1000, found '"
                        + args.get(1) + "'");
                return 2;
            }
        } else {
            err.println("proxy-demo: use --demo or --demo-calls N alone, found " + String.join(" ", args));
            return 2;
        }
        return demo(DemoPorts.DEFAULTS, calls, keepRunning, out, err);
    }

    static int demo(DemoPorts ports, int calls, boolean keepRunning, PrintStream out, PrintStream err) {
        RoutingDemo demo;
        try {
            demo = RoutingDemo.start(ports, CALL_TIMEOUT);
        } catch (Exception e) {
            err.println("proxy-demo: cannot start the demo (are ports " + ports.sip() + ", " + ports.evapi()
                    + " and " + ports.uas() + " on 127.0.0.1 free?): " + e);
            return 1;
        }
        try {
            out.printf("routing demo: proxy on udp:127.0.0.1:%d, evapi on 127.0.0.1:%d, callee on udp:127.0.0.1:%d"
                    + "%nthe routing app decides every INVITE from %s (config %s)%n%n", ports.sip(), ports.evapi(),
                    ports.uas(), DemoResources.ROUTING, DemoResources.CONFIG);
            demo.startApp();
            boolean allFinal = true;
            List<String> callees = demo.callees(calls);
            for (int i = 0; i < callees.size(); i++) {
                allFinal &= demo.call(i + 1, callees.get(i), out).status() > 0;
                out.println();
            }
            out.println("now the routing app disconnects, and one more call is placed:");
            demo.stopApp();
            CallResult lonely = demo.call(callees.size() + 1, callees.get(0), out);
            allFinal &= lonely.status() > 0;
            out.println();
            if (!keepRunning) {
                out.println("to place calls by hand, run the demo with --demo (it keeps running), then:");
                out.print(demo.sippCommands());
                return allFinal ? 0 : 1;
            }
            demo.startApp();
            out.println("the routing app is connected again; the demo keeps running until you stop it (Ctrl-C)."
                    + "\nplace calls by hand with:");
            out.print(demo.sippCommands());
            waitForShutdown(demo);
            return 0;
        } catch (Exception e) {
            err.println("proxy-demo: the demo failed: " + e);
            return 1;
        } finally {
            demo.close();
        }
    }

    private static void waitForShutdown(RoutingDemo demo) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "demo-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
