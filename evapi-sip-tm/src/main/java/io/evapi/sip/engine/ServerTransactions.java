package io.evapi.sip.engine;

import io.evapi.sip.engine.transaction.ProxyTransaction;
import java.util.Objects;
import javax.sip.ServerTransaction;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** t_newtran: maps the request to a JAIN-SIP server transaction and registers it in the transaction table. */
final class ServerTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTransactions.class);

    private final ProxyCore core;

    ServerTransactions(ProxyCore core) {
        this.core = Objects.requireNonNull(core, "core");
    }

    /** The new transaction, or null: a retransmission (the stack absorbs it), or no room (503 sent). */
    ProxyTransaction create(RequestContext ctx) {
        Request request = ctx.request();
        ServerTransaction st = ctx.eventTransaction();
        if (st == null) {
            try {
                st = ctx.provider().getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException e) {
                LOG.debug("retransmission of {} absorbed", request.getMethod());
                return null;
            } catch (TransactionUnavailableException e) {
                core.peerFaults.warn("no-server-transaction",
                        "no server transaction for {}: {}", request.getMethod(), e.getMessage());
                return null;
            }
        }
        if (st.getApplicationData() instanceof ProxyTransaction existing) {
            return existing;
        }
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        String key = (callId == null ? "" : callId.getCallId()) + '/' + (via == null ? "" : via.getBranch());
        ProxyTransaction tx = core.table.register(st, ctx.provider(), key);
        if (tx == null) {
            core.peerFaults.warn("table-full",
                    "transaction table full ({}), {} answered 503", core.config.maxTransactions(),
                    request.getMethod());
            core.replyOn(st, 503, "Service Unavailable");
        }
        return tx;
    }
}
