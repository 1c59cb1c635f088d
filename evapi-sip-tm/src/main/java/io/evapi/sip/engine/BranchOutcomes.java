package io.evapi.sip.engine;

import io.evapi.sip.engine.transaction.Branch;
import io.evapi.sip.engine.transaction.ProxyTransaction;
import java.util.Objects;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Responses from downstream: relayed upstream, reply routes, and failure routes on a negative outcome. */
final class BranchOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(BranchOutcomes.class);

    private final ProxyCore core;

    BranchOutcomes(ProxyCore core) {
        this.core = Objects.requireNonNull(core, "core");
    }

    void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        ClientTransaction client = event.getClientTransaction();
        if (client == null) {
            core.stateless.forwardResponse(response, (SipProvider) event.getSource());
            return;
        }
        if (!(client.getApplicationData() instanceof Branch branch)) {
            return; // the reply to a CANCEL we sent: nothing goes upstream
        }
        ProxyTransaction tx = branch.transaction();
        int code = response.getStatusCode();
        if (code < 200) {
            provisional(branch, response, code);
            return;
        }
        boolean first = branch.complete();
        if (code < 300) {
            runReplyRoute(tx, response);
            core.relayFinalUpstream(tx, response);
            return;
        }
        if (!first) {
            LOG.debug("{}: late {} ignored, branch already settled", tx, code);
            return;
        }
        runReplyRoute(tx, response);
        branchFailed(tx, code, response);
    }

    private void provisional(Branch branch, Response response, int code) {
        ProxyTransaction tx = branch.transaction();
        core.forwarder.provisional(branch);
        if (tx.canceled()) {
            core.cancels.cancelDownstream(branch);
        }
        if (code == 100 || branch.completed()) {
            return;
        }
        runReplyRoute(tx, response);
        core.relayProvisionalUpstream(tx, response);
    }

    /**
     * The active branch ended negatively ({@code response} null for a timeout, then 408). Runs the armed failure
     * route; unless it replied or relayed a new branch, the negative reply goes upstream.
     */
    void branchFailed(ProxyTransaction tx, int code, Response response) {
        if (tx.finalSent() && !tx.canceled()) {
            return;
        }
        // a CANCELed transaction answered 487 upstream already; its failure route still runs, as in Kamailio
        // (the t_is_canceled() idiom), though it can no longer reply or relay
        String route = tx.takeFailureRoute();
        if (route != null) {
            RequestContext ctx = RequestContext.forFailure(core, tx, code);
            try {
                core.router.onFailure(route, ctx);
            } catch (RuntimeException e) {
                LOG.error("{}: failure route {} threw", tx, route, e);
                core.replyStateful(tx, 500, "Server Internal Error");
                return;
            }
            Branch next = tx.activeBranch();
            if (tx.finalSent() || ctx.relayed() || (next != null && !next.completed())) {
                return; // replied, or a new branch answers (it may have completed already: its reply goes up)
            }
        }
        if (response == null) {
            core.replyStateful(tx, 408, "Request Timeout");
        } else {
            core.relayFinalUpstream(tx, response);
        }
    }

    private void runReplyRoute(ProxyTransaction tx, Response response) {
        String route = tx.replyRoute();
        if (route == null) {
            return;
        }
        try {
            core.router.onReply(route, RequestContext.forReply(core, tx, response.getStatusCode()), response);
        } catch (RuntimeException e) {
            LOG.error("{}: reply route {} threw", tx, route, e);
        }
    }
}
