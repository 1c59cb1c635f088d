package io.evapi.sip.engine.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stack's parser and encoder over typical requests and replies before the sockets open, so the JIT has
 * compiled them when traffic starts. A fresh JVM runs that code interpreted: at half its warm capacity it fell
 * seconds behind and lost requests. The sockets open afterwards, so the time spent here is time the server is not
 * yet reachable, never time a request waits. Nothing leaves the process.
 */
final class StackWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(StackWarmUp.class);
    private static final ParseExceptionListener STRICT = (ex, message, header, headerText, messageText) -> {
        throw ex;
    };

    /** Property: milliseconds of warm-up before the first stack of the JVM opens its sockets; 0 for none. */
    static final String MILLIS_PROPERTY = "io.evapi.sip.WARM_UP_MS";
    static final long DEFAULT_MILLIS = 5_000;
    /**
     * Rounds after which the warm-up ends before its time: what the JIT needs is invocations, not seconds (this
     * many took 5 s on two cores). Measured on the MESSAGE relay benchmark, a fresh JVM at 20,000 requests/s
     * failed 10,000 to 12,000 of 100,000 without warm-up and 93 to 3,500 with this one (docs/performance.md).
     */
    static final long MAX_ROUNDS = 15_000;
    /** Compiled code serves every later stack of the JVM: once is enough. */
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private StackWarmUp() {
    }

    /** The first time in this JVM: {@link #run} for the time the property gives. */
    static void once(SIPTransactionStack stack, MessageFactory messages, HeaderFactory headers) {
        if (DONE.compareAndSet(false, true)) {
            run(stack, messages, headers, Long.getLong(MILLIS_PROPERTY, DEFAULT_MILLIS));
        }
    }

    /**
     * Parses, answers and re-encodes the sample messages on every core for about {@code millis}.
     *
     * @return the rounds done (every sample once per round)
     */
    static long run(SIPTransactionStack stack, MessageFactory messages, HeaderFactory headers, long millis) {
        if (millis <= 0) {
            return 0;
        }
        long deadline = System.nanoTime() + millis * 1_000_000;
        AtomicLong rounds = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread t = new Thread(() -> {
                MessageParser parser = stack.getMessageParserFactory().createMessageParser(stack);
                while (System.nanoTime() < deadline && rounds.get() < MAX_ROUNDS) {
                    try {
                        round(parser, messages, headers, rounds.get());
                    } catch (Exception e) {
                        LOG.debug("SIP warm-up round failed", e); // a warm-up only: the stack works without it
                        return;
                    }
                    rounds.incrementAndGet();
                }
            }, "sip-warm-up-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return rounds.get();
            }
        }
        LOG.info("SIP warm-up: {} rounds of {} messages in {} ms", rounds.get(),
                SampleMessages.REQUESTS.size() + SampleMessages.RESPONSES.size(),
                (System.nanoTime() - deadline) / 1_000_000 + millis);
        return rounds.get();
    }

    static void round(MessageParser parser, MessageFactory messages, HeaderFactory headers, long n)
            throws Exception {
        for (String text : SampleMessages.REQUESTS) {
            byte[] bytes = text.replace("@N@", Long.toString(n)).getBytes(StandardCharsets.UTF_8);
            SIPMessage parsed = parser.parseSIPMessage(bytes, true, false, STRICT);
            if (!(parsed instanceof SIPRequest request)) {
                continue;
            }
            request.getTransactionId();
            request.getMergeId();
            // what a proxy does with it: forward a copy one hop on, and answer
            SIPRequest copy = (SIPRequest) request.clone();
            ((MaxForwardsHeader) copy.getHeader(MaxForwardsHeader.NAME)).decrementMaxForwards();
            ViaHeader via = headers.createViaHeader("127.0.0.1", 5060, "udp", "z9hG4bK-warm-" + n);
            copy.addFirst(via);
            copy.encodeAsBytes("UDP");
            Response reply = messages.createResponse(Response.OK, request);
            ((SIPResponse) reply).getTo().setTag("warm" + n);
            ((SIPResponse) reply).encodeAsBytes("UDP");
        }
        for (String text : SampleMessages.RESPONSES) {
            byte[] bytes = text.replace("@N@", Long.toString(n)).getBytes(StandardCharsets.UTF_8);
            SIPMessage parsed = parser.parseSIPMessage(bytes, true, false, STRICT);
            if (parsed instanceof SIPResponse response) {
                response.getTransactionId();
                SIPResponse copy = (SIPResponse) response.clone();
                copy.removeFirst(ViaHeader.NAME);
                copy.encodeAsBytes("UDP");
            }
        }
    }
}
