package io.evapi.proxy.modules.stream;

/**
 * {@code tcp:HOST:PORT[/METHOD]}: the host as written (matched and printed as text, as OpenSIPS does), the port,
 * the method (null: the event's name) and the shared destination its resolved address names.
 */
record StreamSocket(String host, int port, String method, StreamDestination destination) {

    String printed() {
        return host + ":" + port + (method == null ? "" : "/" + method);
    }
}
