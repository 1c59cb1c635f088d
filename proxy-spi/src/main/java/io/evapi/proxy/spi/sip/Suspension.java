package io.evapi.proxy.spi.sip;

/**
 * What {@link TransactionControl#suspend} did: Kamailio's {@code t_suspend} return code and, when the
 * transaction is now suspended, its id.
 *
 * @param code 1 suspended; -1 no transaction could be had; -3 the transaction was already answered
 * @param id   the suspended transaction, or null when {@code code} is not 1
 */
public record Suspension(int code, TransactionId id) {

    public Suspension {
        if ((code == 1) != (id != null)) {
            throw new IllegalArgumentException("a suspension has an id exactly when its code is 1, found " + code);
        }
    }

    public static Suspension failed(int code) {
        return new Suspension(code, null);
    }

    public boolean suspended() {
        return code == 1;
    }
}
