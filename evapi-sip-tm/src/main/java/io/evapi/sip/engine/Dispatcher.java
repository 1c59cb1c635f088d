package io.evapi.sip.engine;

import io.evapi.sip.engine.transaction.Branch;
import io.evapi.sip.engine.transaction.ProxyTransaction;
import java.util.Objects;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's listener: runs request_route on each request and applies Kamailio's defaults afterwards (500 for a
 * transaction left without reply or relay, 500 when the script throws); routes responses and timeouts.
 */
final class Dispatcher implements SipListener, io.evapi.sip.engine.stack.TcpCloseWatch.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final ProxyCore core;

    Dispatcher(ProxyCore core) {
        this.core = Objects.requireNonNull(core, "core");
    }

    @Override
    public void processRequest(RequestEvent event) {
        if (!core.attached()) {
            return; // the stack delivered before start() finished: drop, the peer retransmits
        }
        Request request = event.getRequest();
        if (event.getServerTransaction() == null) {
            // a CSeq method the parser changed to pass the stack's check goes back to what was written
            io.evapi.sip.engine.stack.ReceivedBytesParserFactory.ReceivedBytes.restoreCSeqMethod(request);
        }
        RequestContext ctx = RequestContext.forRequest(core, request, (SipProvider) event.getSource(),
                event.getServerTransaction());
        try {
            core.router.onRequest(ctx);
        } catch (RuntimeException e) {
            LOG.error("request_route threw on {} {}", request.getMethod(), request.getRequestURI(), e);
            if (!Request.ACK.equals(request.getMethod())) {
                ctx.reply(500, "Server Internal Error");
            }
            return;
        } catch (Error e) {
            LOG.error("request_route failed on {} {}", request.getMethod(), request.getRequestURI(), e);
            throw e;
        }
        ProxyTransaction tx = ctx.transaction();
        Branch branch = tx == null ? null : tx.activeBranch();
        // A relayed request is answered by its branch: a 2xx completes the branch just before it claims the final
        // reply, so "branch completed, no final yet" is not "left without reply" and must not become a 500.
        if (ctx.createdTransaction() && !tx.finalSent() && !tx.everSuspended() && !ctx.relayed()
                && (branch == null || branch.completed())) {
            LOG.info("{}: left without reply or relay by request_route, answering 500", tx);
            core.replyStateful(tx, 500, "Server Internal Error");
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        if (!core.attached()) {
            return;
        }
        try {
            core.outcomes.onResponse(event);
        } catch (RuntimeException e) {
            LOG.error("failed to handle response {}", event.getResponse().getStatusCode(), e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction() && event.getClientTransaction() != null
                && event.getClientTransaction().getApplicationData() instanceof Branch branch) {
            core.forwarder.timedOut(branch, false);
        }
    }

    @Override
    public void closed(String peerAddress, int peerPort, String localAddress, int localPort) {
        core.router.onTcpClosed(peerAddress, peerPort, localAddress, localPort);
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.info("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (event.isServerTransaction()
                && event.getServerTransaction().getApplicationData() instanceof ProxyTransaction tx) {
            core.suspensions.endCanceled(tx);
            core.finish(tx);
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // no dialogs: AUTOMATIC_DIALOG_SUPPORT is off
    }
}
