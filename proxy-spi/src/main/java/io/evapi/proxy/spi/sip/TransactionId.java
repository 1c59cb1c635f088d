package io.evapi.proxy.spi.sip;

/** A transaction's {@code $T(id_index)} and {@code $T(id_label)}: what {@code t_continue} takes back. */
public record TransactionId(int index, int label) {

    public TransactionId {
        if (index < 0 || label < 0) {
            throw new IllegalArgumentException("negative transaction id " + index + ":" + label);
        }
    }
}
