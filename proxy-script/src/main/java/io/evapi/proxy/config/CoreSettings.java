package io.evapi.proxy.config;

import java.util.List;

/**
 * The global settings of a config that the proxy uses.
 *
 * @param listen        the {@code listen=} sockets in order; empty means the defaults of the SIP engine
 * @param debug         Kamailio's log level, from -5 (L_ALERT) to 3 (L_DBG); default 2 (L_INFO)
 * @param ignored       settings accepted for compatibility that have no effect here, in config order
 * @param aliases       the {@code alias=} names ({@code host} or {@code host:port}) that are also "myself"
 * @param maxRecursiveLevel Kamailio's {@code max_recursive_level}: how deep blocks and routes may nest at run time
 * @param execMsgThreshold OpenSIPS's {@code exec_msg_threshold}: a request route running longer than this many
 *                      microseconds raises {@code E_CORE_THRESHOLD}; 0 (the default) never
 */
public record CoreSettings(List<Listen> listen, int debug, boolean logStderror, int children, boolean fork,
        boolean disableTcp, String mpath, int maxWhileLoops, List<String> ignored, List<String> aliases,
        int maxRecursiveLevel, long execMsgThreshold) {

    public static final int DEFAULT_DEBUG = 2;
    /** Kamailio's default {@code max_recursive_level}. */
    public static final int DEFAULT_MAX_RECURSIVE_LEVEL = 256;

    /** A {@code listen=} socket: transport {@code udp} or {@code tcp}, host, port. */
    public record Listen(String transport, String host, int port) {
        @Override
        public String toString() {
            return transport + ":" + host + ":" + port;
        }
    }

    public CoreSettings {
        listen = List.copyOf(listen);
        ignored = List.copyOf(ignored);
        aliases = List.copyOf(aliases);
    }

    /** Settings from before {@code alias}, {@code max_recursive_level} and {@code exec_msg_threshold} were read. */
    public CoreSettings(List<Listen> listen, int debug, boolean logStderror, int children, boolean fork,
            boolean disableTcp, String mpath, int maxWhileLoops, List<String> ignored) {
        this(listen, debug, logStderror, children, fork, disableTcp, mpath, maxWhileLoops, ignored, List.of(),
                DEFAULT_MAX_RECURSIVE_LEVEL, 0);
    }

    public static CoreSettings defaults() {
        return new CoreSettings(List.of(), DEFAULT_DEBUG, true, 8, true, false, "", 100, List.of(), List.of(),
                DEFAULT_MAX_RECURSIVE_LEVEL, 0);
    }
}
