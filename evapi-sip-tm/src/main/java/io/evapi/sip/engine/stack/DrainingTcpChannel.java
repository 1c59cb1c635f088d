package io.evapi.sip.engine.stack;

import gov.nist.javax.sip.parser.Pipeline;
import gov.nist.javax.sip.parser.PipelinedMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageChannel;
import gov.nist.javax.sip.stack.TCPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's TCP channel, except that when the peer closes, the messages it sent before are all handed on first.
 * In 1.3.0-91 the reader thread closes the channel at end of stream, which stops the connection's
 * {@code PipelinedMsgParser}; a parser still busy with one message then exits at the top of its loop with the
 * next one unread, so a peer that sends its last reply and closes at once could lose it (sipp at its last call).
 * Here that close first waits, on the reader thread, until the parser has taken everything from its pipeline or
 * ended, at most {@link #DRAIN_MILLIS}. The parser's state is private: it is read by reflection, and when that
 * fails the channel behaves as JAIN-SIP's own.
 */
final class DrainingTcpChannel extends TCPMessageChannel {
    private static final Logger LOG = LoggerFactory.getLogger(DrainingTcpChannel.class);
    static final long DRAIN_MILLIS = 2_000;
    private static final Field PIPE = field(PipelinedMsgParser.class, "rawInputStream");
    private static final Field PARSER_THREAD = field(PipelinedMsgParser.class, "mythread");
    private static final Field BUFFERS = field(Pipeline.class, "buffList");
    private static final Field CURRENT = field(Pipeline.class, "currentBuffer");

    /** Not initialized here: an accepted channel's reader may start before this constructor's body runs. */
    private volatile Thread reader;

    DrainingTcpChannel(Socket socket, SIPTransactionStack stack, TCPMessageProcessor processor, String threadName)
            throws IOException {
        super(socket, stack, processor, threadName);
    }

    DrainingTcpChannel(InetAddress address, int port, SIPTransactionStack stack, TCPMessageProcessor processor)
            throws IOException {
        super(address, port, stack, processor);
    }

    /** A channel we opened: kept in the processor's cache (JAIN-SIP marks its own). */
    void markCached() {
        isCached = true;
    }

    @Override
    public void run() {
        reader = Thread.currentThread();
        super.run();
    }

    @Override
    public void close(boolean removeSocket, boolean stopKeepAliveTask) {
        if (Thread.currentThread() == reader) {
            awaitParser(myParser);
        }
        super.close(removeSocket, stopKeepAliveTask);
    }

    private static void awaitParser(PipelinedMsgParser parser) {
        if (parser == null || PIPE == null || PARSER_THREAD == null || BUFFERS == null || CURRENT == null) {
            return;
        }
        try {
            Pipeline pipe = (Pipeline) PIPE.get(parser);
            Thread parsing = (Thread) PARSER_THREAD.get(parser);
            List<?> buffers = (List<?>) BUFFERS.get(pipe);
            long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
            while (parsing != null && parsing.isAlive() && System.nanoTime() < deadline) {
                synchronized (buffers) { // the pipeline's own lock: its reads and writes hold it
                    if (buffers.isEmpty() && CURRENT.get(pipe) == null) {
                        return;
                    }
                }
                Thread.sleep(1);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot wait for the TCP parser to drain", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("JAIN-SIP's {}.{} is not there: TCP channels close without waiting for their parser ({})",
                    type.getSimpleName(), name, e.toString());
            return null;
        }
    }
}
