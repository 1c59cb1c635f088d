package io.evapi.sip.engine.message;

import static java.util.Objects.requireNonNull;

import io.evapi.sip.engine.RequestContext;
import javax.sip.address.URI;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** The script's view of a request the engine handles ({@link RequestContext}), or of a reply to it. */
public final class EngineSipMessage extends JainSipMessage {
    private final RequestContext ctx;
    private final Response reply;

    /** @param reply the reply an onreply route handles; null in request, failure and resumed routes */
    public EngineSipMessage(RequestContext ctx, Response reply) {
        this.ctx = requireNonNull(ctx, "ctx");
        this.reply = reply;
    }

    @Override
    public Message message() {
        return reply != null ? reply : ctx.scriptView();
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
    public int flags() {
        return ctx.flags();
    }

    @Override
    public void setFlags(int flags) {
        ctx.setFlags(flags);
    }

    @Override
    public int branchFlags() {
        return ctx.branchFlags();
    }

    @Override
    public void setBranchFlags(int flags) {
        ctx.setBranchFlags(flags);
    }

    /** The reply's status; in a failure route, the status that triggered it (408 for a timeout). */
    @Override
    public Integer replyStatus() {
        if (reply != null) {
            return reply.getStatusCode();
        }
        return ctx.replyStatus() > 0 ? ctx.replyStatus() : null;
    }
}
