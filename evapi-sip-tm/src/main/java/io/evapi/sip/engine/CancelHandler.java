package io.evapi.sip.engine;

import gov.nist.javax.sip.ClientTransactionExt;
import gov.nist.javax.sip.ServerTransactionExt;
import io.evapi.sip.engine.stack.DestinationRouter;
import io.evapi.sip.engine.transaction.Branch;
import io.evapi.sip.engine.transaction.ProxyTransaction;
import java.util.Objects;
import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CANCEL: 200 to the CANCEL, 487 to the INVITE upstream at once, and a CANCEL downstream on the active branch as
 * soon as it is allowed (after a provisional reply, RFC 3261 9.1; until then it is remembered on the transaction).
 */
final class CancelHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CancelHandler.class);

    private final ProxyCore core;

    CancelHandler(ProxyCore core) {
        this.core = Objects.requireNonNull(core, "core");
    }

    /** The proxy transaction of the INVITE this CANCEL targets, or null. */
    static ProxyTransaction canceledTransaction(ServerTransaction cancelTransaction) {
        if (!(cancelTransaction instanceof ServerTransactionExt ext)) {
            return null;
        }
        ServerTransaction invite = ext.getCanceledInviteTransaction();
        return invite != null && invite.getApplicationData() instanceof ProxyTransaction tx ? tx : null;
    }

    /** Handles a CANCEL the script relays; false when it matches no INVITE transaction of ours (481 sent). */
    boolean relayCancel(RequestContext ctx) {
        ServerTransaction cancelTx = ctx.eventTransaction();
        ProxyTransaction tx = cancelTx == null ? null : canceledTransaction(cancelTx);
        if (tx == null) {
            if (cancelTx != null) {
                core.replyOn(cancelTx, 481, "Call/Transaction Does Not Exist");
            } else {
                core.stateless.reply(ctx.provider(), ctx.request(), 481, "Call/Transaction Does Not Exist");
            }
            return false;
        }
        Branch branch = tx.activeBranch();
        if (branch == null || branch.completed()) {
            // nothing pending downstream (a suspended transaction): as Kamailio, the INVITE is answered 487 at
            // once and then the CANCEL, with Kamailio's reason phrases
            tx.markCanceled();
            LOG.debug("{}: canceled by upstream, no branch pending", tx);
            core.replyStateful(tx, 487, "Request canceled");
            core.replyOn(cancelTx, 200, "ok -- no more pending branches");
            return true;
        }
        core.replyOn(cancelTx, 200, "canceling"); // Kamailio's reason phrase
        tx.markCanceled();
        LOG.debug("{}: canceled by upstream", tx);
        core.replyStateful(tx, 487, "Request Terminated");
        if (branch.provisionalReceived()) {
            cancelDownstream(branch);
        }
        return true;
    }

    /** Sends the branch's CANCEL once; the caller made sure a provisional reply arrived. */
    void cancelDownstream(Branch branch) {
        if (!branch.claimCancel()) {
            return;
        }
        ClientTransaction invite = branch.client();
        try {
            Request cancel = invite.createCancel();
            SipProvider provider = core.binding().providerFor(
                    ((ClientTransactionExt) invite).getNextHop().getTransport(), branch.transaction().provider());
            ClientTransaction cancelTx = DestinationRouter.withHop(((ClientTransactionExt) invite).getNextHop(),
                    () -> provider.getNewClientTransaction(cancel));
            cancelTx.sendRequest();
        } catch (Exception e) {
            core.peerFaults.warn("cancel-downstream",
                    "{}: cannot cancel branch downstream: {}", branch.transaction(), e.toString());
        }
    }
}
