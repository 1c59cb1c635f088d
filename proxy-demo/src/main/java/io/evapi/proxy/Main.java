package io.evapi.proxy;

import io.evapi.proxy.cli.Cli;

/** Entry point of proxy-demo.jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = new Cli(System.out, System.err).run(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
