package io.evapi.proxy.modules.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;

/**
 * The replies of a reliable-mode subscriber: JSON objects back to back on the connection, in any split, each
 * {@code {"jsonrpc":"2.0","result":...,"id":ID}} or with an {@code "error"} member (a failure, whatever its value).
 * Parsed incrementally (Jackson's non-blocking parser), so a reply split over reads is whole once its last byte
 * arrives. As OpenSIPS: a top-level value that is not an object, or an object without a numeric {@code id}, is a
 * protocol error that ends the connection; so is text that is not JSON, or one reply over {@link #MAX_REPLY_BYTES}.
 */
final class ReplyParser {
    /** A reply larger than this (1 MiB) is not a reply: the connection is closed. */
    static final int MAX_REPLY_BYTES = 1 << 20;
    private static final JsonFactory JSON = new JsonFactory();

    /** Receives each complete reply. */
    interface Sink {
        /** @param error null for a {@code result} reply, else what the {@code error} member said */
        void reply(long id, String error);
    }

    /** The peer does not speak JSON-RPC replies. */
    static final class ReplyException extends Exception {
        private static final long serialVersionUID = 1L;

        ReplyException(String message) {
            super(message);
        }
    }

    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private int depth;
    private String field;
    private long id;
    private boolean hasId;
    private boolean idNotNumber;
    private String error;
    private boolean inError;
    private long bytesSinceReply;

    ReplyParser() {
        try {
            parser = JSON.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    void feed(byte[] data, int offset, int length, Sink sink) throws ReplyException {
        bytesSinceReply += length;
        try {
            feeder.feedInput(data, offset, offset + length);
            JsonToken t;
            while ((t = parser.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
                token(t, sink);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ReplyException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ReplyException("not JSON: " + e.getMessage());
        }
        if (depth > 0 && bytesSinceReply > MAX_REPLY_BYTES) {
            throw new ReplyException("a reply longer than " + MAX_REPLY_BYTES + " bytes");
        }
    }

    private void token(JsonToken t, Sink sink) throws IOException, ReplyException {
        if (depth == 0) {
            if (t != JsonToken.START_OBJECT) {
                throw new ReplyException("a reply is a JSON object, found " + t.asString() + "...");
            }
            depth = 1;
            field = null;
            hasId = false;
            idNotNumber = false;
            error = null;
            return;
        }
        if (depth == 1) {
            switch (t) {
                case FIELD_NAME -> field = parser.currentName();
                case END_OBJECT -> {
                    depth = 0;
                    bytesSinceReply = 0;
                    if (!hasId || idNotNumber) {
                        throw new ReplyException("a reply without a numeric id");
                    }
                    sink.reply(id, error);
                }
                case START_OBJECT, START_ARRAY -> {
                    depth++;
                    inError = "error".equals(field);
                    topLevelValue(t);
                }
                default -> topLevelValue(t);
            }
            return;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            depth--;
        } else if (inError && depth == 2 && t == JsonToken.VALUE_STRING && "message".equals(parser.currentName())) {
            error = parser.getText();
        }
    }

    private void topLevelValue(JsonToken t) throws IOException {
        if ("id".equals(field)) {
            hasId = true;
            if (t == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
                id = parser.getIntValue();
                idNotNumber = false;
            } else {
                idNotNumber = true;
            }
        } else if ("error".equals(field) && error == null) {
            error = t.isScalarValue() && t != JsonToken.VALUE_NULL ? parser.getText() : "error";
        }
    }
}
