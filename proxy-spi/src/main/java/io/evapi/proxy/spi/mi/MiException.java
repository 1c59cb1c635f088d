package io.evapi.proxy.spi.mi;

/**
 * An MI error: a JSON-RPC error object {@code {"code":C,"message":M[,"data":D]}}. OpenSIPS commands use SIP-like
 * codes ({@code 404 "Event not published"}) as well as the JSON-RPC ones below.
 */
public class MiException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int SERVER_ERROR = -32000;

    private final int code;
    private final String data;

    public MiException(int code, String message) {
        this(code, message, null);
    }

    /** @param data the error's {@code data}, or null to leave it out */
    public MiException(int code, String message, String data) {
        super(message);
        this.code = code;
        this.data = data;
    }

    /** {@code -32602 "Invalid params"} with its data, e.g. {@code "Negative expire value"}. */
    public static MiException invalidParams(String data) {
        return new MiException(INVALID_PARAMS, "Invalid params", data);
    }

    /** {@code -32000 "Server error"} with its data. */
    public static MiException serverError(String data) {
        return new MiException(SERVER_ERROR, "Server error", data);
    }

    public int code() {
        return code;
    }

    /** The error's data, or null. */
    public String data() {
        return data;
    }
}
