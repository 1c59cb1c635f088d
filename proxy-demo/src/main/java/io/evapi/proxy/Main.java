package io.evapi.proxy;

/** Entry point of proxy-demo.jar; replaced by the CLI of the config-language issue. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("proxy-demo: not built yet");
    }
}
