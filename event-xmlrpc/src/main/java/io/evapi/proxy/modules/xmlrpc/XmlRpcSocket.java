package io.evapi.proxy.modules.xmlrpc;

/**
 * {@code xmlrpc:HOST:PORT[/PATH]:METHOD}: the host as written, the port, the path (null: {@code /RPC2}), the
 * method, the request head built once, and the destination its resolved address names.
 */
record XmlRpcSocket(String host, int port, String path, String method, String head, XmlRpcDestination destination) {

    /** As OpenSIPS prints it: the path is left out. */
    String printed() {
        return host + ":" + port + ":" + method;
    }
}
