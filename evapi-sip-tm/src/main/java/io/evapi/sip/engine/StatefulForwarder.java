package io.evapi.sip.engine;

import io.evapi.sip.engine.routing.RoutingHeaders;
import io.evapi.sip.engine.stack.DestinationRouter;
import io.evapi.sip.engine.transaction.Branch;
import io.evapi.sip.engine.transaction.ProxyTransaction;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.address.URI;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** t_relay: a new downstream branch of a proxy transaction, its fr timer, and what happens when it expires. */
final class StatefulForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(StatefulForwarder.class);

    private final ProxyCore core;

    StatefulForwarder(ProxyCore core) {
        this.core = Objects.requireNonNull(core, "core");
    }

    /** Sends the context's request on a new branch of {@code tx}; false if it cannot (nothing was sent). */
    boolean relay(RequestContext ctx, ProxyTransaction tx) {
        if (tx.finalSent() || tx.canceled()) {
            LOG.debug("{}: not relayed, already answered or canceled", tx);
            return false;
        }
        Branch current = tx.activeBranch();
        if (current != null && !current.completed()) {
            LOG.warn("{}: not relayed, a branch is still pending", tx);
            return false;
        }
        Request out = (Request) ctx.request().clone();
        URI destination = ctx.destinationUri();
        String branchRoute = tx.branchRoute();
        if (branchRoute != null) {
            RequestContext branch = RequestContext.forBranch(core, tx, out, destination);
            boolean send;
            try {
                send = core.router.onBranch(branchRoute, branch);
            } catch (RuntimeException e) {
                LOG.error("{}: branch route {} threw", tx, branchRoute, e);
                send = false;
            }
            if (!send) {
                LOG.debug("{}: branch dropped by branch_route[{}]", tx, branchRoute);
                return false;
            }
            destination = branch.destinationUri();
        }
        try {
            URI hopUri = RoutingHeaders.nextHopUri(out, destination);
            String transport = RoutingHeaders.transportOf(hopUri);
            SipProvider provider = core.binding().providerFor(transport, tx.provider());
            ListeningPoint lp = provider.getListeningPoint(transport);
            if (out.getHeader(MaxForwardsHeader.NAME) == null) {
                out.setHeader(core.binding().headers.createMaxForwardsHeader(70));
            }
            out.addFirst(core.binding().headers.createViaHeader(lp.getIPAddress(), lp.getPort(), transport,
                    RoutingHeaders.newBranch()));
            tx.setRelayedRequest(out); // as sent: routes that need it copy it then (most calls never do)
            ClientTransaction client = DestinationRouter.withHop(
                    StatelessOps.forcedHop(destination, transport), () -> provider.getNewClientTransaction(out));
            Branch branch = new Branch(tx, client);
            client.setApplicationData(branch);
            tx.setActiveBranch(branch);
            core.timers.arm(branch, tx.frTimer(core.config.frTimerMillis()), this::expired);
            client.sendRequest();
            LOG.debug("{}: relayed to {} over {}", tx, hopUri, transport);
            return true;
        } catch (Exception e) {
            core.peerFaults.warn("relay", "{}: cannot relay {}: {}", tx, out.getRequestURI(), e.toString());
            Branch failed = tx.activeBranch();
            if (failed != null) {
                failed.complete();
            }
            return false;
        }
    }

    /** A provisional reply arrived: an INVITE now waits fr_inv_timer for its final reply. */
    void provisional(Branch branch) {
        boolean first = !branch.provisionalReceived();
        branch.markProvisional();
        ProxyTransaction tx = branch.transaction();
        if (first && tx.isInvite() && !branch.completed()) {
            core.timers.arm(branch, tx.frInvTimer(core.config.frInvTimerMillis()), this::expired);
        }
    }

    /** Our fr timer fired (timer thread): hand the work to the failure workers. */
    private void expired(Branch branch) {
        try {
            core.failureWorkers.execute(() -> timedOut(branch, true));
        } catch (RejectedExecutionException e) {
            core.failureWorkRejected.incrementAndGet();
            LOG.warn("{}: failure workers full, answering 408 without failure route", branch.transaction());
            if (branch.complete()) {
                stopBranch(branch);
                core.replyStateful(branch.transaction(), 408, "Request Timeout");
            }
        }
    }

    /** The branch got no final reply in time (our timer, or the stack's own timer B/F). */
    void timedOut(Branch branch, boolean ourTimer) {
        if (!branch.complete()) {
            return;
        }
        LOG.info("{}: branch timed out ({})", branch.transaction(), ourTimer ? "fr timer" : "stack timer");
        if (ourTimer) {
            stopBranch(branch);
        }
        core.outcomes.branchFailed(branch.transaction(), 408, null);
    }

    /** Stops a branch downstream: CANCEL once a provisional came, else stop retransmitting. */
    private void stopBranch(Branch branch) {
        if (branch.provisionalReceived() && branch.transaction().isInvite()) {
            core.cancels.cancelDownstream(branch);
            return;
        }
        try {
            branch.client().terminate();
        } catch (Exception e) {
            LOG.debug("cannot terminate client transaction: {}", e.toString());
        }
    }
}
