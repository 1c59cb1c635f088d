package io.evapi.proxy;

import io.evapi.proxy.cli.Cli;

/** Entry point of proxy-demo.jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = new Cli(System.out, System.err).run(args);
        // always exit: JAIN-SIP 1.3.0-91 leaves a non-daemon EventScannerThread behind when its stack stops
        System.exit(code);
    }
}
