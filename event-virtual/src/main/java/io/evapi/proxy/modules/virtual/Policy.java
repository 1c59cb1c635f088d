package io.evapi.proxy.modules.virtual;

/** How a virtual socket uses its sub-sockets, written in upper case as in OpenSIPS. */
enum Policy {
    /** Every sub-socket gets every event. */
    PARALLEL("PARALLEL"),
    /** The first sub-socket that takes the event, in order; one that failed is skipped for failover_timeout. */
    FAILOVER("FAILOVER"),
    /** Each event goes to the next sub-socket in turn. */
    ROUND_ROBIN("ROUND-ROBIN");

    final String text;

    Policy(String text) {
        this.text = text;
    }

    static Policy of(String text) {
        for (Policy p : values()) {
            if (p.text.equals(text)) {
                return p;
            }
        }
        return null;
    }
}
