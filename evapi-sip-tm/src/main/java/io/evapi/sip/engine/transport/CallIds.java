package io.evapi.sip.engine.transport;

/**
 * Finds the Call-ID of a raw SIP message without parsing it, to pick the worker of a datagram: every message of
 * one call goes to the same worker and is processed in arrival order.
 */
final class CallIds {

    private CallIds() {
    }

    /**
     * A hash of the Call-ID value ({@code Call-ID:} or the compact {@code i:}, any case, surrounding blanks
     * ignored), or 0 when the header section has none.
     */
    static int hash(byte[] b, int length) {
        int i = skipLine(b, 0, length); // the request or status line
        while (i < length) {
            byte c = b[i];
            if (c == '\r' || c == '\n') {
                return 0; // end of the headers
            }
            int colon = nameEnd(b, i, length);
            if (colon > 0) {
                return valueHash(b, colon + 1, length);
            }
            i = skipLine(b, i, length);
        }
        return 0;
    }

    /** The index of the ':' after a Call-ID header name starting at i, or -1. */
    private static int nameEnd(byte[] b, int i, int length) {
        int j;
        if ((b[i] | 0x20) == 'i') {
            j = i + 1;
        } else if (i + 7 <= length && (b[i] | 0x20) == 'c' && (b[i + 1] | 0x20) == 'a' && (b[i + 2] | 0x20) == 'l'
                && (b[i + 3] | 0x20) == 'l' && b[i + 4] == '-' && (b[i + 5] | 0x20) == 'i'
                && (b[i + 6] | 0x20) == 'd') {
            j = i + 7;
        } else {
            return -1;
        }
        while (j < length && (b[j] == ' ' || b[j] == '\t')) {
            j++;
        }
        return j < length && b[j] == ':' ? j : -1;
    }

    private static int valueHash(byte[] b, int i, int length) {
        while (i < length && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        int h = 1;
        int hashAtLastNonBlank = 0;
        for (; i < length && b[i] != '\r' && b[i] != '\n'; i++) {
            h = 31 * h + b[i];
            if (b[i] != ' ' && b[i] != '\t') {
                hashAtLastNonBlank = h;
            }
        }
        return hashAtLastNonBlank;
    }

    private static int skipLine(byte[] b, int i, int length) {
        while (i < length && b[i] != '\n') {
            i++;
        }
        return i + 1;
    }
}
