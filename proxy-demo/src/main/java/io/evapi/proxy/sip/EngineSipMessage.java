package io.evapi.proxy.sip;

import static java.util.Objects.requireNonNull;

import io.evapi.proxy.pv.SipMessage;
import io.evapi.sip.engine.RequestContext;
import javax.sip.address.URI;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** What a route run sees of a request handled by the SIP engine: the script's view of a RequestContext. */
final class EngineSipMessage implements SipMessage {
    private final RequestContext ctx;
    private final Response reply;

    EngineSipMessage(RequestContext ctx, Response reply) {
        this.ctx = requireNonNull(ctx, "ctx");
        this.reply = reply;
    }

    @Override
    public Message message() {
        return reply != null ? reply : ctx.request();
    }

    @Override
    public Request request() {
        return ctx.request();
    }

    @Override
    public String requestUri() {
        URI uri = ctx.requestUri();
        return uri == null ? null : uri.toString();
    }

    @Override
    public void setRequestUri(String uri) {
        ctx.setRequestUri(uri);
    }

    @Override
    public String destinationUri() {
        URI uri = ctx.destinationUri();
        return uri == null ? null : uri.toString();
    }

    @Override
    public void setDestinationUri(String uri) {
        ctx.setDestinationUri(uri);
    }

    @Override
    public String sourceAddress() {
        return ctx.sourceAddress();
    }

    @Override
    public int sourcePort() {
        return ctx.sourcePort();
    }

    @Override
    public String localAddress() {
        return ctx.localAddress();
    }

    @Override
    public int localPort() {
        return ctx.localPort();
    }

    @Override
    public String transport() {
        return ctx.transport();
    }

    @Override
    public Integer replyStatus() {
        if (reply != null) {
            return reply.getStatusCode();
        }
        return ctx.replyStatus() > 0 ? ctx.replyStatus() : null;
    }

    @Override
    public String replyReason() {
        return reply != null ? reply.getReasonPhrase() : null;
    }
}
