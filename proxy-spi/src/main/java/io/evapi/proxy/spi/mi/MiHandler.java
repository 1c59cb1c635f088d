package io.evapi.proxy.spi.mi;

/** The code of an MI command. */
@FunctionalInterface
public interface MiHandler {

    /**
     * Runs the command on an MI worker thread (never a SIP or an I/O thread): it may take a moment, but should
     * not wait on the network.
     *
     * @return the JSON-RPC {@code result}: a {@code String}, a {@code Number}, a {@code Boolean}, a
     *         {@code List} or a {@code Map} of those (a {@code LinkedHashMap} keeps its key order on the wire);
     *         null is reported as {@code -32000 "Command handler returned null"}
     * @throws MiException for an error reply
     */
    Object handle(MiParams params) throws MiException;
}
