package io.evapi.sip.engine.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

class ProxyTransactionTest {

    @Test
    void describesItselfAfterTheStackReleasedItsRequest() {
        // with RELEASE_REFERENCES_STRATEGY=Aggressive the server transaction drops its request when done; a late
        // log line about the transaction (a reply that could not be sent) must still format
        SIPRequest invite = new SIPRequest();
        invite.setMethod(Request.INVITE);
        AtomicReference<Request> held = new AtomicReference<>(invite);
        ServerTransaction server = (ServerTransaction) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServerTransaction.class},
                (p, m, a) -> m.getName().equals("getRequest") ? held.get() : null);
        SipProvider provider = (SipProvider) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SipProvider.class}, (p, m, a) -> null);
        ProxyTransaction tx = new ProxyTransaction(3, 7, server, provider);
        held.set(null);
        assertThat(tx.toString()).isEqualTo("tx[3:7 INVITE]");
        assertThat(tx.isInvite()).isTrue();
    }
}
